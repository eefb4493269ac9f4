/**
 * The imaging pool: worker threads running sharp, one photo per thread at a time. This module
 * is the only door to sharp for the rest of the app, so the way sharp is loaded (threads here,
 * or a child process under Linux Electron, imaging-process.ts) can change without touching
 * callers.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { DERIVATIVE_SIZE_NAMES } from '../../../common/derivative-sizes';
import type {
  DerivativesRequest,
  DerivativesResult,
  FullSizeRequest,
  FullSizeResult,
  ImagingKind,
  ImagingKinds,
  ImagingRequest,
  ImagingResponse,
  ImagingResponseOf,
} from './imaging-protocol';
import {
  ImagingError,
  TaskState,
  cancelledError,
  checkDerivativesRequest,
  checkFullSizeRequest,
  derivativePath,
  shutDownError,
  tempPathFor,
} from './imaging-protocol';
import { errorMessage } from '../../../common/errors';

export type {
  DerivativeFile,
  DerivativesRequest,
  DerivativesResult,
  FullSizeRequest,
  FullSizeResult,
  ImagingErrorCode,
} from './imaging-protocol';
export { ImagingError } from './imaging-protocol';

/** Makes derivatives on worker threads. */
export interface ImagingPool {
  /**
   * Decodes the photo once and writes `<outputDir>/<baseName>-<size>.webp` for every size the
   * request asks for (all three by default), each atomically (temp file, then rename); creates `outputDir` if missing. Rejects with an
   * ImagingError. When `signal` aborts, rejects with code CANCELLED and leaves no temp files;
   * an abort that comes after the files were renamed into place is too late, and the promise
   * then resolves with them.
   */
  makeDerivatives(request: DerivativesRequest, signal?: AbortSignal): Promise<DerivativesResult>;
  /**
   * Decodes the photo at full resolution, upright by its own orientation (not a library
   * rotation), and writes it as an sRGB JPEG to `outputPath`, atomically (temp file beside it,
   * then rename); creates its folder if missing. Errors and cancellation as makeDerivatives.
   */
  makeFullSize(request: FullSizeRequest, signal?: AbortSignal): Promise<FullSizeResult>;
  /** How many photos are processed at once (one per worker thread). */
  readonly threads: number;
  /** Cancels every task (running ones at their next step) and stops the threads. */
  destroy(): Promise<void>;
}

/** How an in-thread pool starts. */
export interface ImagingPoolOptions {
  /** Worker threads; defaults to the number of cores. */
  threads?: number;
  /**
   * Starts the suffix of every temp file: the library lease id of the process, so `verify
   * --repair` in any process tells these temps from leftovers (a pool used outside a library
   * needs none).
   */
  tempTag?: string;
  /** Loads sharp in this thread; `import('sharp')` by default (tests make it fail). */
  loadSharp?: () => Promise<unknown>;
}

/**
 * Starts an imaging pool. sharp is loaded here, in the calling (main) thread, and every task
 * waits for it before any worker starts: libvips must be initialised by the main thread first,
 * or a worker that loads it can crash the process when it exits (sharp#2263). Nothing else
 * loads sharp outside the workers, so a process that never creates a pool (the Linux app's
 * Electron main, the CLI's browsing commands) never loads it. A sharp that cannot be loaded
 * here (a CPU or libc its prebuilt binaries do not support) fails every photo with one clear
 * ImagingError, and the library still opens and browses.
 */
export function createImagingPool(options: ImagingPoolOptions = {}): ImagingPool {
  const threads = options.threads ?? availableParallelism();
  // Settles, never rejects: null once sharp is loaded, or the message every photo then fails with.
  const sharpLoaded: Promise<string | null> = (options.loadSharp ?? loadSharp)().then(
    () => null,
    (error: unknown) => sharpUnavailableMessage(error),
  );
  const piscina = new Piscina<ImagingRequest, ImagingResponse>({
    ...workerLocation(),
    // Threads start with the first photos and stay while an import keeps them busy; a minute
    // after the last photo they end, giving back what they hold (libvips caches, the HEIC
    // decoder's WebAssembly memory, which only grows) to an app that may stay open for days.
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: 60_000,
  });
  // Piscina reports a worker that dies between tasks as an 'error' event (an uncaught one would
  // end the app); it replaces the worker, and a task on a broken worker fails on its own.
  piscina.on('error', () => {});

  const cancelEverything = new Set<(error: ImagingError) => void>();
  let destroyed = false;

  /** Runs one task of kind K on a worker; `request` has been checked by the caller. */
  async function runTask<K extends ImagingKind>(
    type: K,
    request: ImagingKinds[K]['request'],
    signal: AbortSignal | undefined,
  ): Promise<ImagingKinds[K]['result']> {
    if (destroyed) throw shutDownError();
    if (signal?.aborted) throw cancelledError();
    // No worker starts before the main thread has loaded sharp (sharp#2263).
    const unavailable = await sharpLoaded;
    if (unavailable !== null) throw new ImagingError('INTERNAL', unavailable);
    if (destroyed) throw shutDownError();
    if (signal?.aborted) throw cancelledError();
    const cancelState = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    const tempSuffix = `${options.tempTag ?? randomBytes(8).toString('hex')}-${randomBytes(6).toString('hex')}`;
    // The union's member of kind K, which TypeScript cannot see through a generic key.
    const message = { type, request, tempSuffix, cancelState } as ImagingRequest;

    return new Promise<ImagingKinds[K]['result']>((resolve, reject) => {
      // Why the pool cancelled this task (an abort or a shutdown), to answer with that reason.
      let cancelReason: ImagingError | undefined;
      const cancel = (reason: ImagingError) => {
        cancelReason ??= reason;
        const previous = Atomics.compareExchange(
          cancelState,
          0,
          TaskState.queued,
          TaskState.cancelRequested,
        );
        // Still queued: the worker will skip it without touching the disk, so answer now.
        // Running: the worker stops at its next step, removes its temp files, and answers.
        if (previous === TaskState.queued) reject(cancelReason);
        else Atomics.store(cancelState, 0, TaskState.cancelRequested);
      };
      const onAbort = () => cancel(cancelledError());
      signal?.addEventListener('abort', onAbort, { once: true });
      cancelEverything.add(cancel);

      // The worker answers a request of kind K with a response of kind K.
      (piscina.run(message) as Promise<ImagingResponseOf<K>>)
        .then(
          (response) => {
            if (response.ok) resolve(response.value);
            else if (response.error.code === 'CANCELLED' && cancelReason) reject(cancelReason);
            else reject(new ImagingError(response.error.code, response.error.message));
          },
          async (error: unknown) => {
            // The thread died mid-task (or the pool stopped): piscina replaces it; the temp
            // files it may have left are ours to remove.
            await removeTempFiles(message, tempSuffix);
            const reason = errorMessage(error);
            reject(
              new ImagingError(
                'WORKER_CRASHED',
                `the imaging worker stopped while processing ${request.sourcePath} (${reason})`,
              ),
            );
          },
        )
        .finally(() => {
          signal?.removeEventListener('abort', onAbort);
          cancelEverything.delete(cancel);
        });
    });
  }

  async function makeDerivatives(
    request: DerivativesRequest,
    signal?: AbortSignal,
  ): Promise<DerivativesResult> {
    if (destroyed) throw shutDownError();
    if (signal?.aborted) throw cancelledError();
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
    for (const cancel of cancelEverything) cancel(shutDownError());
    // close(), not destroy(): a running task finishes its current sharp step and cleans up,
    // rather than having its thread terminated under libvips.
    await piscina.close();
  }

  return { makeDerivatives, makeFullSize, threads, destroy };
}

function loadSharp(): Promise<unknown> {
  return import('sharp');
}

/**
 * What every photo fails with when sharp cannot be loaded. sharp's own error goes on with
 * install hints over many lines; its first line says what failed, once per photo is enough.
 */
function sharpUnavailableMessage(error: unknown): string {
  const [reason = ''] = errorMessage(error).split('\n');
  return `the image library (sharp) could not be loaded on this machine: ${reason.trim()}`;
}

/**
 * Where the worker is: beside this module, as `imaging-worker.ts` when running from source
 * (Vitest, tsx; then the worker loads TypeScript through tsx too) or `imaging-worker.mjs` when
 * bundled into dist/ (`.mjs`: ESM whatever package.json sits above the install folder).
 */
function workerLocation(): { filename: string; execArgv?: string[] } {
  const runningFromSource = import.meta.url.endsWith('.ts');
  const workerFile = runningFromSource ? './imaging-worker.ts' : './imaging-worker.mjs';
  const filename = fileURLToPath(new URL(workerFile, import.meta.url));
  // In a packaged app the bundle sits in app.asar, but worker threads need a real file: the
  // worker is unpacked beside it (electron-builder.yml, asarUnpack).
  if (!runningFromSource) return { filename: unpackedFromAsar(filename) };
  const tsxLoader = createRequire(import.meta.url).resolve('tsx');
  return { filename, execArgv: ['--import', pathToFileURL(tsxLoader).href] };
}

/** The `app.asar.unpacked` twin of a path inside `app.asar` (other paths unchanged). */
export function unpackedFromAsar(filename: string): string {
  return filename.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/** Removes the temp files a task may have left: every derivative's, or the rendition's. */
async function removeTempFiles(message: ImagingRequest, tempSuffix: string): Promise<void> {
  const finalPaths =
    message.type === 'derivatives'
      ? DERIVATIVE_SIZE_NAMES.map((size) =>
          derivativePath(message.request.outputDir, message.request.baseName, size),
        )
      : [message.request.outputPath];
  await Promise.all(
    finalPaths.map((finalPath) => rm(tempPathFor(finalPath, tempSuffix), { force: true })),
  );
}
