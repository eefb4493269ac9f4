/**
 * The full-size rendition behind the viewer's 1:1 of formats browsers cannot show: every pixel,
 * upright by the file's own orientation, as an sRGB JPEG; through the worker threads and
 * through the child process the Linux app uses.
 */
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createImagingPool,
  type FullSizeResult,
  type ImagingPool,
} from '../../../../main/core/imaging/imaging-pool';
import { createImagingProcess } from '../../../../main/core/imaging/imaging-process';
import { ImagingError } from '../../../../main/core/imaging/imaging-protocol';
import { readHeicFixture, type HeicFixture } from '../../../helpers/heic-fixtures';
import {
  QUADRANT_COLOURS,
  quadrantImage,
  texturedJpeg,
  uncompressedTiff,
  type Quadrant,
} from '../../../helpers/make-images';
import { makeTempDir } from '../../../helpers/temp-dir';

const CENTRES: Record<Quadrant, [number, number]> = {
  topLeft: [0.25, 0.25],
  topRight: [0.75, 0.25],
  bottomLeft: [0.25, 0.75],
  bottomRight: [0.75, 0.75],
};

/** The RGB at a fraction of an image file's width and height, and its size and channels. */
async function readPixels(file: string) {
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    channels: info.channels,
    at(xFraction: number, yFraction: number): number[] {
      const x = Math.floor(info.width * xFraction);
      const y = Math.floor(info.height * yFraction);
      const offset = (y * info.width + x) * info.channels;
      return [...data.subarray(offset, offset + 3)];
    },
  };
}

function expectColourNear(actual: number[], expected: readonly number[], tolerance: number) {
  const distance = Math.max(
    ...expected.map((value, channel) => Math.abs(value - actual[channel]!)),
  );
  expect(distance, `colour ${actual.join(',')} vs expected ${expected.join(',')}`).toBeLessThan(
    tolerance,
  );
}

/** Expects the file to be a baseline 4:4:4 JPEG without alpha, profile or EXIF, of this size. */
async function expectFullSizeJpeg(result: FullSizeResult, width: number, height: number) {
  expect([result.width, result.height]).toEqual([width, height]);
  const metadata = await sharp(result.path).metadata();
  expect(metadata).toMatchObject({ format: 'jpeg', width, height, hasAlpha: false, space: 'srgb' });
  expect(metadata.chromaSubsampling).toBe('4:4:4');
  expect(metadata.icc).toBeUndefined();
  expect(metadata.exif).toBeUndefined();
  expect(metadata.size ?? result.bytes).toBe(result.bytes);
}

/** Expects the stored quadrants where a viewer shows them after a quarter turn clockwise. */
async function expectTurnedQuarterClockwise(file: string) {
  const pixels = await readPixels(file);
  expectColourNear(pixels.at(...CENTRES.topRight), QUADRANT_COLOURS.topLeft, 24);
  expectColourNear(pixels.at(...CENTRES.bottomRight), QUADRANT_COLOURS.topRight, 24);
  expectColourNear(pixels.at(...CENTRES.topLeft), QUADRANT_COLOURS.bottomLeft, 24);
  expectColourNear(pixels.at(...CENTRES.bottomLeft), QUADRANT_COLOURS.bottomRight, 24);
}

describe.each([
  ['worker threads', () => createImagingPool({ threads: 1 })],
  ['the imaging child process', () => createImagingProcess({ threads: 1 })],
])('makeFullSize, through %s', (_transport, create) => {
  let pool: ImagingPool;
  beforeAll(() => {
    pool = create();
  });
  afterAll(() => pool.destroy());

  async function fullSizeOf(content: Buffer, fileName: string, signal?: AbortSignal) {
    const dir = await makeTempDir();
    const sourcePath = path.join(dir, fileName);
    await writeFile(sourcePath, content);
    const outputPath = path.join(dir, 'renditions', 'photo.jpg');
    return { result: await pool.makeFullSize({ sourcePath, outputPath }, signal), dir };
  }

  const heic = async (fixture: HeicFixture) =>
    (await fullSizeOf(await readHeicFixture(fixture), 'IMG_0001.HEIC')).result;

  it('writes an iPhone HEIC at its full size, its quadrants where they belong', async () => {
    const result = await heic('camera');
    expect(result.format).toBe('heic');
    expect(path.basename(result.path)).toBe('photo.jpg');
    await expectFullSizeJpeg(result, 96, 64);
    const pixels = await readPixels(result.path);
    for (const [quadrant, centre] of Object.entries(CENTRES)) {
      expectColourNear(pixels.at(...centre), QUADRANT_COLOURS[quadrant as Quadrant], 24);
    }
  });

  it('turns a HEIC upright by its irot box, once', async () => {
    const result = await heic('rotated');
    // Stored 96x64 sideways; irot and EXIF orientation 6 both say: a quarter turn clockwise.
    await expectFullSizeJpeg(result, 64, 96);
    await expectTurnedQuarterClockwise(result.path);
  });

  it('converts a Display P3 HEIC to sRGB', async () => {
    const result = await heic('displayP3');
    expectColourNear((await readPixels(result.path)).at(0.5, 0.5), [230, 30, 30], 8);
  });

  it('shows the transparent part of a HEIC over white', async () => {
    const result = await heic('transparent');
    await expectFullSizeJpeg(result, 96, 64);
    const pixels = await readPixels(result.path);
    expectColourNear(pixels.at(0.25, 0.5), [255, 255, 255], 8);
    expectColourNear(pixels.at(0.75, 0.5), [240, 130, 20], 12);
  });

  it('writes a 16-bit TIFF past the large size, upright by its orientation tag', async () => {
    // Stored 3000x2000, shown 2000x3000: far beyond the large's 2048 pixels on the long edge.
    const { data } = await quadrantImage(3000, 2000).raw().toBuffer({ resolveWithObject: true });
    const samples = Uint16Array.from(data, (sample) => sample * 257);
    const tiff = uncompressedTiff(samples, {
      width: 3000,
      height: 2000,
      channels: 3,
      orientation: 6,
    });
    expect(await sharp(tiff).metadata()).toMatchObject({ depth: 'ushort', orientation: 6 });
    const { result } = await fullSizeOf(tiff, 'scan.tif');
    expect(result.format).toBe('tiff');
    await expectFullSizeJpeg(result, 2000, 3000);
    await expectTurnedQuarterClockwise(result.path);
  });

  it('converts a CMYK TIFF to sRGB at its full size, as its large derivative does', async () => {
    const tiff = await quadrantImage(2400, 1600).toColourspace('cmyk').tiff().toBuffer();
    expect((await sharp(tiff).metadata()).space).toBe('cmyk');
    const { result, dir } = await fullSizeOf(tiff, 'print.tif');
    await expectFullSizeJpeg(result, 2400, 1600);
    const derivatives = await pool.makeDerivatives({
      sourcePath: path.join(dir, 'print.tif'),
      outputDir: path.join(dir, 'derivatives'),
      baseName: 'photo',
    });
    const [full, large] = await Promise.all([
      readPixels(result.path),
      readPixels(derivatives.derivatives.at(-1)!.path),
    ]);
    // The saturated quadrants lie outside the CMYK gamut: both come out duller, alike.
    for (const centre of Object.values(CENTRES)) {
      expectColourNear(full.at(...centre), large.at(...centre), 6);
    }
  });

  it('answers a file that is no photo with its error as data, and goes on', async () => {
    const error = await fullSizeOf(Buffer.from('not a photo at all'), 'noise.tif').then(
      () => expect.fail('expected an ImagingError'),
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ImagingError);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
    await expectFullSizeJpeg(await heic('camera'), 96, 64);
  });

  it('is cancelled by its signal, leaving nothing behind', async () => {
    const controller = new AbortController();
    const dir = await makeTempDir();
    const sourcePath = path.join(dir, 'scan.tif');
    await writeFile(sourcePath, await quadrantImage(3000, 2000).tiff().toBuffer());
    const outputPath = path.join(dir, 'renditions', 'photo.jpg');
    const making = pool.makeFullSize({ sourcePath, outputPath }, controller.signal);
    controller.abort();
    await expect(making).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await readdir(path.dirname(outputPath)).catch(() => [])).toEqual([]);
  });

  it('stops a rendition being made at its next step, leaving no temp file', async () => {
    const controller = new AbortController();
    const dir = await makeTempDir();
    const sourcePath = path.join(dir, 'photo.jpg');
    // 24 MP: its decode and encode take far longer than the wait below.
    await writeFile(sourcePath, await texturedJpeg(6000, 4000));
    const outputPath = path.join(dir, 'renditions', 'photo.jpg');
    const making = pool.makeFullSize({ sourcePath, outputPath }, controller.signal);
    await sleep(150);
    controller.abort();
    await expect(making).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await readdir(path.dirname(outputPath)).catch(() => [])).toEqual([]);
  });

  it('refuses a request without an output path before it is queued', async () => {
    await expect(
      pool.makeFullSize({ sourcePath: '/nowhere.tif', outputPath: '' }),
    ).rejects.toMatchObject({ code: 'INTERNAL', message: /outputPath/ });
  });
});
