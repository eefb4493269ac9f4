import { randomBytes } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ImagingError,
  createImagingPool,
  type DerivativesRequest,
  type ImagingPool,
} from '../../../../main/core/imaging/imaging-pool';
import { readHeicFixture } from '../../../helpers/heic-fixtures';
import {
  filledSamples,
  hevcHeic,
  jpegClaimingSize,
  jpegWithJunkBeforeScan,
  pngBomb,
  solidImage,
  texturedJpeg,
  uncompressedTiff,
} from '../../../helpers/make-images';
import { makeTempDir } from '../../../helpers/temp-dir';

// One thread: tasks queue behind each other, which the cancellation tests rely on.
let pool: ImagingPool;
const workers: Worker[] = [];
const rememberWorker = (worker: Worker) => workers.push(worker);
beforeAll(() => {
  process.on('worker', rememberWorker);
  pool = createImagingPool({ threads: 1 });
});
afterAll(async () => {
  process.off('worker', rememberWorker);
  await pool.destroy();
});

/** A request for a file with the given content, into an output folder of its own. */
async function requestFor(fileName: string, content: Buffer): Promise<DerivativesRequest> {
  const dir = await makeTempDir();
  const sourcePath = path.join(dir, fileName);
  await writeFile(sourcePath, content);
  return { sourcePath, outputDir: path.join(dir, 'out'), baseName: 'photo' };
}

/** Files in a folder, none if it does not exist. */
async function filesIn(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

/** Resolves once a temp file shows up in `dir`: the worker is then encoding. */
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

/** Checks that the pool still makes derivatives, after whatever a test did to it. */
async function expectPoolStillWorks() {
  const request = await requestFor(
    'fine.jpg',
    await solidImage(64, 48, [1, 2, 3]).jpeg().toBuffer(),
  );
  const result = await pool.makeDerivatives(request);
  expect(result.derivatives).toHaveLength(3);
}

let bigPhoto: Buffer;
beforeAll(async () => {
  // Big enough that encoding its large WebP takes a noticeable moment.
  bigPhoto = await texturedJpeg(3000, 2000);
});

describe('makeDerivatives on files it cannot use', () => {
  it('refuses a decompression bomb from its header, before decoding', async () => {
    const request = await requestFor('bomb.png', pngBomb(30_000, 30_000));
    await expectImagingError(
      pool.makeDerivatives(request),
      'TOO_MANY_PIXELS',
      /^image is 900\.0 megapixels; the limit is 250$/,
    );
    expect(await filesIn(request.outputDir)).toEqual([]);
  });

  it('refuses a HEIC decompression bomb from its header, before decoding', async () => {
    const request = await requestFor('IMG_0001.HEIC', hevcHeic(30_000, 30_000));
    await expectImagingError(
      pool.makeDerivatives(request),
      'TOO_MANY_PIXELS',
      /^image is 900\.0 megapixels/,
    );
  });

  it("says why a HEIC's image data cannot be decoded, keeps stdout clean, and goes on", async () => {
    // A worker's stdout is this process's: libheif's complaints must not land in `--json` output.
    const stdout = vi.spyOn(process.stdout, 'write');
    try {
      const request = await requestFor('IMG_0001.HEIC', hevcHeic(640, 480));
      await expectImagingError(
        pool.makeDerivatives(request),
        'CORRUPT',
        /^the HEIC image is damaged or incomplete: .*Unexpected end of file/,
      );
      expect(await filesIn(request.outputDir)).toEqual([]);
      await expectPoolStillWorks();
      expect(stdout.mock.calls.join('')).not.toMatch(/decod/i);
    } finally {
      stdout.mockRestore();
    }
  });

  it('fails on a truncated HEIC, and goes on', async () => {
    const heic = await readHeicFixture('camera');
    const request = await requestFor('IMG_0001.HEIC', heic.subarray(0, heic.length / 2));
    await expectImagingError(
      pool.makeDerivatives(request),
      'CORRUPT',
      /^the image is damaged: .*Unexpected end of file/,
    );
    expect(await filesIn(request.outputDir)).toEqual([]);
    await expectPoolStillWorks();
  });

  it('fails on a truncated JPEG rather than making half-grey copies, and goes on', async () => {
    const request = await requestFor('cut.jpg', bigPhoto.subarray(0, bigPhoto.length / 2));
    await expectImagingError(pool.makeDerivatives(request), 'CORRUPT', /premature end/);
    expect(await filesIn(request.outputDir)).toEqual([]);
    await expectPoolStillWorks();
  });

  it('refuses a JPEG whose header claims far more pixels than its bytes hold, as truncated', async () => {
    // A few hundred bytes, ending with an end marker, that libjpeg would decode to grey.
    const tiny = await solidImage(16, 16, [200, 60, 60]).jpeg().toBuffer();
    const request = await requestFor('claims.jpg', jpegClaimingSize(tiny, 15_000, 15_000));
    await expectImagingError(
      pool.makeDerivatives(request),
      'CORRUPT',
      /^the file is truncated: \d{3} bytes cannot hold the 15000x15000 pixels its header promises$/,
    );
    expect(await filesIn(request.outputDir)).toEqual([]);
  });

  it.each([
    ['64-bit floating-point', new Float64Array(64 * 48), /^TIFFs of more than 32 bits per sample/],
    ['32-bit integer', new Uint32Array(64 * 48), /^32-bit integer samples are not supported/],
  ] as const)('refuses a TIFF of %s samples, saying so', async (_, samples, message) => {
    const tiff = uncompressedTiff(samples, { width: 64, height: 48, channels: 1 });
    const request = await requestFor('science.tif', tiff);
    await expectImagingError(pool.makeDerivatives(request), 'UNSUPPORTED_FORMAT', message);
    expect(await filesIn(request.outputDir)).toEqual([]);
  });

  it('refuses a 16-bit floating-point greyscale TIFF, which libvips takes for integers', async () => {
    const samples = filledSamples(Uint16Array, 64, 48, [0x3800]); // half float 0.5
    const tiff = uncompressedTiff(samples, { width: 64, height: 48, channels: 1, halfFloat: true });
    await expectImagingError(
      pool.makeDerivatives(await requestFor('half.tif', tiff)),
      'UNSUPPORTED_FORMAT',
      /^16-bit floating-point greyscale images are not supported/,
    );
  });

  it('fails on random bytes, and goes on', async () => {
    const request = await requestFor('noise.jpg', randomBytes(4096));
    await expectImagingError(pool.makeDerivatives(request), 'UNSUPPORTED_FORMAT', /JPEG, PNG/);
    await expectPoolStillWorks();
  });

  it('fails with IO when the source is missing', async () => {
    const request = await requestFor('photo.jpg', Buffer.alloc(0));
    await expectImagingError(
      pool.makeDerivatives({ ...request, sourcePath: `${request.sourcePath}.gone` }),
      'IO',
      /ENOENT/,
    );
  });

  it('fails with IO when the output folder cannot be made', async () => {
    const request = await requestFor(
      'photo.jpg',
      await solidImage(64, 48, [9, 9, 9]).jpeg().toBuffer(),
    );
    const blocker = path.join(path.dirname(request.sourcePath), 'a-file');
    await writeFile(blocker, '');
    await expectImagingError(
      pool.makeDerivatives({ ...request, outputDir: path.join(blocker, 'out') }),
      'IO',
    );
  });
});

describe('makeDerivatives of JPEGs with harmless flaws', () => {
  it('decodes a JPEG with junk before its scan, as some cameras write', async () => {
    const photo = await solidImage(640, 480, [200, 60, 60]).jpeg().toBuffer();
    const request = await requestFor('junk.jpg', jpegWithJunkBeforeScan(photo));
    expect((await pool.makeDerivatives(request)).derivatives).toHaveLength(3);
  });

  it('decodes the flattest JPEG mozjpeg makes, not mistaking it for a truncated one', async () => {
    // One colour, progressive: 1.5 times the least data a whole JPEG of its size can have.
    const flat = await solidImage(2000, 1500, [128, 128, 128]).jpeg({ mozjpeg: true }).toBuffer();
    const request = await requestFor('flat.jpg', flat);
    expect((await pool.makeDerivatives(request)).derivatives).toHaveLength(3);
  });
});

describe('cancelling', () => {
  it('rejects at once when the signal has already aborted', async () => {
    const request = await requestFor('photo.jpg', bigPhoto);
    await expectImagingError(pool.makeDerivatives(request, AbortSignal.abort()), 'CANCELLED');
    expect(await filesIn(request.outputDir)).toEqual([]);
  });

  it('stops a photo being encoded and leaves no temp files', async () => {
    const request = await requestFor('photo.jpg', bigPhoto);
    const controller = new AbortController();
    const making = pool.makeDerivatives(request, controller.signal);
    await tempFileAppears(request.outputDir);
    controller.abort();
    await expectImagingError(making, 'CANCELLED');
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

describe('a worker that dies', () => {
  it('fails the photo it was making, cleans its temp files, and is replaced', async () => {
    const request = await requestFor('photo.jpg', bigPhoto);
    const making = pool.makeDerivatives(request);
    await tempFileAppears(request.outputDir);
    // The only thread of the pool is the newest worker of this process.
    await workers.at(-1)!.terminate();

    await expectImagingError(making, 'WORKER_CRASHED', /photo\.jpg/);
    expect(await filesIn(request.outputDir)).toEqual([]);
    await expectPoolStillWorks();
  });
});

describe('destroy', () => {
  it('cancels the photos in flight and refuses new ones', async () => {
    const ownPool = createImagingPool({ threads: 1 });
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
    await expectImagingError(ownPool.makeDerivatives(running), 'CANCELLED', /shut down/);
    expect(await filesIn(running.outputDir)).toEqual([]);
    expect(await filesIn(queued.outputDir)).toEqual([]);
  });
});
