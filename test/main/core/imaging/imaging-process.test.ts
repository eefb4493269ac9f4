import type { ChildProcess } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DerivativesRequest, ImagingPool } from '../../../../main/core/imaging/imaging-pool';
import { createImagingProcess, childEnv } from '../../../../main/core/imaging/imaging-process';
import { ImagingError } from '../../../../main/core/imaging/imaging-protocol';
import { locateNodeRuntime } from '../../../../main/core/imaging/node-runtime';
import { solidImage, texturedJpeg } from '../../../helpers/make-images';
import { makeTempDir } from '../../../helpers/temp-dir';

// One thread in the child: tasks queue behind each other, which the cancellation tests rely on.
let pool: ImagingPool;
const children: ChildProcess[] = [];
let bigPhoto: Buffer;
beforeAll(async () => {
  pool = createImagingProcess({ threads: 1, onChild: (child) => children.push(child) });
  // Big enough that encoding its large WebP takes a noticeable moment.
  bigPhoto = await texturedJpeg(3000, 2000);
});
afterAll(async () => {
  await pool.destroy();
});

async function requestFor(fileName: string, content: Buffer): Promise<DerivativesRequest> {
  const dir = await makeTempDir();
  const sourcePath = path.join(dir, fileName);
  await writeFile(sourcePath, content);
  return { sourcePath, outputDir: path.join(dir, 'out'), baseName: 'photo' };
}

async function filesIn(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

async function tempFileAppears(dir: string): Promise<void> {
  while (!(await filesIn(dir)).some((name) => name.includes('.tmp-'))) await sleep(2);
}

async function expectImagingError(promise: Promise<unknown>, code: string, message?: RegExp) {
  const error = await promise.then(
    () => expect.fail(`expected an ImagingError ${code}`),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ImagingError);
  expect(error).toMatchObject({ code });
  if (message) expect((error as Error).message).toMatch(message);
}

async function expectPoolStillWorks() {
  const request = await requestFor(
    'fine.jpg',
    await solidImage(64, 48, [1, 2, 3]).jpeg().toBuffer(),
  );
  const result = await pool.makeDerivatives(request);
  expect(result.derivatives).toHaveLength(3);
}

describe('the imaging process', () => {
  it('makes the three derivatives in a child process, not in this one', async () => {
    const request = await requestFor('photo.jpg', await texturedJpeg(640, 480));
    const result = await pool.makeDerivatives(request);
    expect(result).toMatchObject({ format: 'jpeg', width: 640, height: 480, orientation: 1 });
    expect((await filesIn(request.outputDir)).sort()).toEqual([
      'photo-large.webp',
      'photo-medium.webp',
      'photo-thumb.webp',
    ]);
    expect(children.at(-1)?.pid).toBeGreaterThan(0);
    expect(children.at(-1)?.pid).not.toBe(process.pid);
    expect(pool.threads).toBe(1);
  });

  it('answers a failing photo with its error as data, and goes on', async () => {
    const random = await requestFor('noise.jpg', Buffer.from('not a photo at all'));
    await expectImagingError(pool.makeDerivatives(random), 'UNSUPPORTED_FORMAT');
    const missing = await requestFor('gone.jpg', Buffer.alloc(0));
    missing.sourcePath += '.missing';
    await expectImagingError(pool.makeDerivatives(missing), 'IO', /gone\.jpg\.missing/);
    await expectPoolStillWorks();
  });
});

describe('cancelling, by request id', () => {
  it('rejects at once when the signal has already aborted', async () => {
    const request = await requestFor('photo.jpg', bigPhoto);
    await expectImagingError(pool.makeDerivatives(request, AbortSignal.abort()), 'CANCELLED');
    expect(await filesIn(request.outputDir)).toEqual([]);
  });

  it('stops a photo being encoded in the child and leaves no temp files', async () => {
    const request = await requestFor('photo.jpg', bigPhoto);
    const controller = new AbortController();
    const making = pool.makeDerivatives(request, controller.signal);
    await tempFileAppears(request.outputDir);
    controller.abort();
    await expectImagingError(making, 'CANCELLED', /cancelled/);
    expect(await filesIn(request.outputDir)).toEqual([]);
  });

  it('drops a queued photo without waiting for the one before it', async () => {
    const first = await requestFor('first.jpg', bigPhoto);
    const second = await requestFor('second.jpg', bigPhoto);
    let firstDone = false;
    const making = pool.makeDerivatives(first).finally(() => (firstDone = true));
    const controller = new AbortController();
    const queued = pool.makeDerivatives(second, controller.signal);
    controller.abort();

    await expectImagingError(queued, 'CANCELLED');
    expect(firstDone).toBe(false);
    await making;
    expect(await filesIn(second.outputDir)).toEqual([]);
  });
});

describe('a child that dies', () => {
  it('fails every photo in flight with WORKER_CRASHED, cleans temps, and restarts', async () => {
    const running = await requestFor('running.jpg', bigPhoto);
    const queued = await requestFor('queued.jpg', bigPhoto);
    const makingRunning = pool.makeDerivatives(running);
    const makingQueued = pool.makeDerivatives(queued);
    await tempFileAppears(running.outputDir);
    const bothFailed = Promise.all([
      expectImagingError(makingRunning, 'WORKER_CRASHED', /running\.jpg.*SIGKILL/),
      expectImagingError(makingQueued, 'WORKER_CRASHED', /queued\.jpg/),
    ]);
    const killed = children.at(-1)!;
    killed.kill('SIGKILL');

    await bothFailed;
    expect(await filesIn(running.outputDir)).toEqual([]);
    // The next photo starts a new child.
    await expectPoolStillWorks();
    expect(children.at(-1)).not.toBe(killed);
  });
});

describe('destroy', () => {
  it('cancels the photos in flight, stops the child and refuses new ones', async () => {
    const started: ChildProcess[] = [];
    const ownPool = createImagingProcess({ threads: 1, onChild: (child) => started.push(child) });
    const running = await requestFor('running.jpg', bigPhoto);
    const queued = await requestFor('queued.jpg', bigPhoto);
    const makingRunning = ownPool.makeDerivatives(running);
    const makingQueued = ownPool.makeDerivatives(queued);
    await tempFileAppears(running.outputDir);

    const bothCancelled = Promise.all([
      expectImagingError(makingRunning, 'CANCELLED', /shut down/),
      expectImagingError(makingQueued, 'CANCELLED', /shut down/),
    ]);
    await ownPool.destroy();
    await bothCancelled;
    expect(started[0]!.exitCode).toBe(0);
    await expectImagingError(ownPool.makeDerivatives(running), 'CANCELLED', /shut down/);
    expect(await filesIn(running.outputDir)).toEqual([]);
  });

  it('stops at once when no photo ever started the child', async () => {
    const ownPool = createImagingProcess({ threads: 1 });
    await ownPool.destroy();
  });
});

describe('without a Node binary', () => {
  it('fails each photo with a clear error, and starts nothing', async () => {
    const ownPool = createImagingProcess({ threads: 1, nodePath: '/nonexistent/bin/node' });
    const request = await requestFor('photo.jpg', bigPhoto);
    await expectImagingError(ownPool.makeDerivatives(request), 'WORKER_CRASHED', /ENOENT/);
    await ownPool.destroy();
  });

  it('says how to name one when the packaged app ships none', () => {
    expect(() =>
      locateNodeRuntime({
        env: {},
        platform: 'linux',
        execPath: '/opt/Shoebox/shoebox',
        electron: '40.8.5',
        resourcesPath: '/opt/Shoebox/resources',
        packaged: true,
      }),
    ).toThrow(/ships no Node\.js runtime.*SHOEBOX_NODE=/);
  });
});

describe('locating Node', () => {
  const electron = { platform: 'linux' as const, execPath: '/x/electron', electron: '40.8.5' };

  it('is this process when it is Node', () => {
    expect(locateNodeRuntime({ env: {}, platform: 'linux', execPath: process.execPath })).toBe(
      process.execPath,
    );
  });

  it('takes SHOEBOX_NODE first, and refuses one that does not exist', () => {
    expect(locateNodeRuntime({ ...electron, env: { SHOEBOX_NODE: process.execPath } })).toBe(
      process.execPath,
    );
    expect(() => locateNodeRuntime({ ...electron, env: { SHOEBOX_NODE: '/no/node' } })).toThrow(
      /SHOEBOX_NODE names \/no\/node/,
    );
  });

  it('under npm start, takes the Node npm ran with, else the first node on the PATH', async () => {
    expect(
      locateNodeRuntime({ ...electron, env: { npm_node_execpath: process.execPath, PATH: '' } }),
    ).toBe(process.execPath);
    const dir = await makeTempDir();
    await mkdir(path.join(dir, 'bin'));
    await writeFile(path.join(dir, 'bin', 'node'), '');
    expect(locateNodeRuntime({ ...electron, env: { PATH: `/nowhere:${dir}/bin` } })).toBe(
      path.join(dir, 'bin', 'node'),
    );
    expect(() => locateNodeRuntime({ ...electron, env: { PATH: '/nowhere' } })).toThrow(
      /none on the PATH/,
    );
  });

  it('in a packaged app, takes the Node shipped in its resources', async () => {
    const resources = await makeTempDir();
    await mkdir(path.join(resources, 'node', 'bin'), { recursive: true });
    await writeFile(path.join(resources, 'node', 'bin', 'node'), '');
    expect(
      locateNodeRuntime({ ...electron, env: {}, resourcesPath: resources, packaged: true }),
    ).toBe(path.join(resources, 'node', 'bin', 'node'));
  });

  it('gives the child no LD_PRELOAD, and a libuv thread pool sized for imaging', () => {
    expect(childEnv({ LD_PRELOAD: 'libglib-2.0.so.0', HOME: '/h' })).toEqual({
      HOME: '/h',
      UV_THREADPOOL_SIZE: String(availableParallelism() + 4),
    });
    expect(childEnv({ UV_THREADPOOL_SIZE: '7' })).toEqual({ UV_THREADPOOL_SIZE: '7' });
  });
});

describe("the core's imaging option", () => {
  it("imports through a child process with imaging: 'process'", async () => {
    const { openCore } = await import('../../../../main/core/shoebox-core');
    const dir = await makeTempDir();
    await writeFile(path.join(dir, 'photo.jpg'), await texturedJpeg(640, 480));
    const core = await openCore({
      libraryRoot: path.join(dir, 'library'),
      imaging: 'process',
      imagingThreads: 1,
    });
    try {
      const summary = await core.importFiles([{ path: path.join(dir, 'photo.jpg') }]);
      expect(summary.failed).toEqual([]);
      expect(summary.totals.imported).toBe(1);
    } finally {
      await core.close();
    }
  });
});
