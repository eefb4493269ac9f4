/**
 * The imaging pool in a child process: the same in-thread pool (imaging-pool.ts), run by a plain
 * Node binary that this module forks, behind the messages of imaging-process-protocol.ts.
 *
 * Why: Electron's Linux executable links the system GLib/GObject/GIO, and sharp's libvips
 * carries its own; the system's symbols win, so sharp inside Electron floods
 * `GLib-GObject-CRITICAL` assertions or crashes at random during decode (sharp#4522, #4525,
 * electron#46323). A utilityProcess is the same binary and does not escape it; sharp's
 * WebAssembly build would, but is several times slower. A plain Node process never loads
 * Electron's GLib, and running the very same pool there keeps one imaging code path. The app
 * uses this on Linux only (main/electron/index.ts); macOS, Windows and the CLI keep the
 * threads in-process. This module never loads sharp itself.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DERIVATIVE_SIZE_NAMES } from '../../../common/derivative-sizes';
import type { ImagingPool } from './imaging-pool';
import type {
  FromImagingChild,
  ImagingChildConfig,
  ImagingTaskMessage,
  ToImagingChild,
} from './imaging-process-protocol';
import type {
  DerivativesRequest,
  DerivativesResult,
  FullSizeRequest,
  FullSizeResult,
  ImagingKind,
  ImagingKinds,
  ImagingResponse,
  ImagingResponseOf,
} from './imaging-protocol';
import {
  ImagingError,
  cancelledError,
  checkDerivativesRequest,
  checkFullSizeRequest,
  derivativePath,
  shutDownError,
} from './imaging-protocol';
import { intendedLibuvThreadPoolSize } from './libuv-threads';
import { locateNodeRuntime } from './node-runtime';

/** Options of `createImagingProcess`. */
export interface ImagingProcessOptions {
  /** Worker threads in the child; defaults to the number of cores. */
  threads?: number;
  /** The start of every temp file name (the library lease id); a random one by default. */
  tempTag?: string;
  /** The Node binary to run the child with; `locateNodeRuntime()` by default. */
  nodePath?: string;
  /** Called with every child started (tests kill it). */
  onChild?: (child: ChildProcess) => void;
}

interface Pending {
  /** What was sent: which photo (for a crash's message) and which temp files it may leave. */
  message: ImagingTaskMessage;
  /** Settles the caller's promise with the child's answer, of the kind that was asked for. */
  answer: (response: ImagingResponse) => void;
  reject: (error: ImagingError) => void;
  /** Set when the caller aborted: the answer is then CANCELLED with this reason. */
  cancelReason?: ImagingError;
}

/**
 * Starts an imaging pool whose threads live in a child Node process, started with the first
 * photo and started again with the next photo after it dies (every photo in flight then fails
 * with WORKER_CRASHED). A missing Node binary fails each photo with a clear message, so the
 * library still opens and browses.
 */
export function createImagingProcess(options: ImagingProcessOptions = {}): ImagingPool {
  const threads = options.threads ?? availableParallelism();
  const tempTag = options.tempTag ?? randomBytes(8).toString('hex');
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let destroyed = false;

  // Which requests went to which child, so a dead child fails only its own.
  const owners = new WeakMap<ChildProcess, Set<number>>();

  function start(): ChildProcess {
    const nodePath = options.nodePath ?? locateNodeRuntime();
    const { file, execArgv } = childLocation();
    // A plain Node reads no app.asar: a build that did not unpack the child fails clearly here.
    if (!existsSync(file)) throw new Error(`its entry ${file} is missing from this build`);
    const config: ImagingChildConfig = { threads, tempTag };
    const started = fork(file, [JSON.stringify(config)], {
      execPath: nodePath,
      execArgv,
      env: childEnv(process.env),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    owners.set(started, new Set());
    let markExited!: () => void;
    exited = new Promise<void>((resolve) => (markExited = resolve));
    const ended = (why: string) => {
      if (child === started) child = null;
      failAll(started, why);
      markExited();
    };
    started.once('exit', (code, signal) =>
      ended(signal ? `signal ${signal}` : `exit code ${code}`),
    );
    // A spawn failure (a missing binary) arrives as 'error' with no process behind it; a failed
    // send to a child that just died is an 'error' too, and its 'exit' follows.
    started.on('error', (error) => {
      if (started.pid === undefined) ended(error.message);
    });
    started.on('message', (message: FromImagingChild) => {
      const task = pending.get(message.id);
      if (!task) return;
      pending.delete(message.id);
      owners.get(started)?.delete(message.id);
      const { response } = message;
      if (response.ok) task.answer(response);
      else if (response.error.code === 'CANCELLED' && task.cancelReason)
        task.reject(task.cancelReason);
      else task.reject(new ImagingError(response.error.code, response.error.message));
    });
    options.onChild?.(started);
    return started;
  }

  function failAll(dead: ChildProcess, why: string): void {
    const ids = owners.get(dead) ?? new Set<number>();
    for (const id of ids) {
      const task = pending.get(id);
      if (!task) continue;
      pending.delete(id);
      if (destroyed) {
        task.reject(task.cancelReason ?? shutDownError());
        continue;
      }
      void removeTempFiles(task.message, tempTag).finally(() =>
        task.reject(
          new ImagingError(
            'WORKER_CRASHED',
            `the imaging process stopped while processing ${task.message.request.sourcePath} (${why})`,
          ),
        ),
      );
    }
    ids.clear();
  }

  function send(to: ChildProcess, message: ToImagingChild): void {
    if (to.connected) to.send(message);
  }

  /** Sends one task of kind K to the child (started if none runs); the caller checked it. */
  async function runTask<K extends ImagingKind>(
    type: K,
    request: ImagingKinds[K]['request'],
    signal: AbortSignal | undefined,
  ): Promise<ImagingKinds[K]['result']> {
    if (destroyed) throw shutDownError();
    if (signal?.aborted) throw cancelledError();
    let target: ChildProcess;
    try {
      target = child ??= start();
    } catch (error) {
      throw new ImagingError(
        'INTERNAL',
        `could not start the imaging process: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const id = nextId++;
    // The union's member of kind K, which TypeScript cannot see through a generic key.
    const message = { type, id, request } as ImagingTaskMessage;
    return new Promise<ImagingKinds[K]['result']>((resolve, reject) => {
      const onAbort = () => {
        const task = pending.get(id);
        if (!task) return;
        task.cancelReason ??= cancelledError();
        send(target, { type: 'cancel', id });
      };
      const done = () => signal?.removeEventListener('abort', onAbort);
      pending.set(id, {
        message,
        answer: (response) => {
          done();
          // The child answers request `id`, of kind K, with a response of kind K.
          const answered = response as ImagingResponseOf<K>;
          if (answered.ok) resolve(answered.value);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
      owners.get(target)?.add(id);
      signal?.addEventListener('abort', onAbort, { once: true });
      send(target, message);
    });
  }

  async function makeDerivatives(
    request: DerivativesRequest,
    signal?: AbortSignal,
  ): Promise<DerivativesResult> {
    if (destroyed) throw shutDownError();
    if (signal?.aborted) throw cancelledError();
    // Here, not only in the child's pool: a bad request fails without starting the child.
    checkDerivativesRequest(request);
    return runTask('derivatives', request, signal);
  }

  async function makeFullSize(
    request: FullSizeRequest,
    signal?: AbortSignal,
  ): Promise<FullSizeResult> {
    if (destroyed) throw shutDownError();
    if (signal?.aborted) throw cancelledError();
    checkFullSizeRequest(request);
    return runTask('fullSize', request, signal);
  }

  async function destroy(): Promise<void> {
    if (destroyed) return;
    destroyed = true;
    for (const task of pending.values()) task.cancelReason ??= shutDownError();
    const running = child;
    if (!running) return;
    send(running, { type: 'shutdown' });
    // The child cancels its tasks, answers them and exits; one that hangs is killed.
    const timer = setTimeout(() => running.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }

  return { makeDerivatives, makeFullSize, threads, destroy };
}

/**
 * The child's file: `imaging-process-child.ts` through tsx when running from source (Vitest,
 * tsx), else `imaging-process-child.mjs` beside this bundle; in a packaged app that is in
 * app.asar, which a plain Node cannot read, so the unpacked twin.
 */
function childLocation(): { file: string; execArgv: string[] } {
  const runningFromSource = import.meta.url.endsWith('.ts');
  const name = runningFromSource ? './imaging-process-child.ts' : './imaging-process-child.mjs';
  const file = fileURLToPath(new URL(name, import.meta.url));
  if (!runningFromSource)
    return { file: file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2'), execArgv: [] };
  const tsxLoader = createRequire(import.meta.url).resolve('tsx');
  return { file, execArgv: ['--import', pathToFileURL(tsxLoader).href] };
}

/**
 * The child's environment: this one without what would bring a foreign GLib (`LD_PRELOAD`, how
 * the tests emulate Electron's) or make a Node act as Electron, and with libuv's thread pool
 * sized for imaging (a new process reads it at start, so this always takes effect).
 */
export function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.LD_PRELOAD;
  delete copy.ELECTRON_RUN_AS_NODE;
  delete copy.NODE_OPTIONS;
  copy.UV_THREADPOOL_SIZE ??= String(intendedLibuvThreadPoolSize());
  return copy;
}

/** Removes the temp files a dead child left for this request (any task of this pool). */
async function removeTempFiles(message: ImagingTaskMessage, tempTag: string): Promise<void> {
  const finalPaths =
    message.type === 'derivatives'
      ? DERIVATIVE_SIZE_NAMES.map((size) =>
          derivativePath(message.request.outputDir, message.request.baseName, size),
        )
      : [message.request.outputPath];
  const folders = new Set(finalPaths.map((finalPath) => path.dirname(finalPath)));
  await Promise.all(
    [...folders].map(async (folder) => {
      const prefixes = finalPaths
        .filter((finalPath) => path.dirname(finalPath) === folder)
        .map((finalPath) => `${path.basename(finalPath)}.tmp-${tempTag}-`);
      const names = await readdir(folder).catch(() => [] as string[]);
      await Promise.all(
        names
          .filter((name) => prefixes.some((prefix) => name.startsWith(prefix)))
          .map((name) => rm(path.join(folder, name), { force: true })),
      );
    }),
  );
}
