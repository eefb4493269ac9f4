import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createImagingPool,
  type DerivativesResult,
  type ImagingPool,
  unpackedFromAsar,
} from '../../../../main/core/imaging/imaging-pool';
import { readHeicFixture, type HeicFixture } from '../../../helpers/heic-fixtures';
import {
  QUADRANT_COLOURS,
  animatedGif,
  builtInProfile,
  filledSamples,
  orientedQuadrantJpeg,
  solidImage,
  uncompressedTiff,
  type Quadrant,
  type Rgb,
} from '../../../helpers/make-images';
import { makeTempDir } from '../../../helpers/temp-dir';

let pool: ImagingPool;
beforeAll(() => {
  pool = createImagingPool();
});
afterAll(() => pool.destroy());

/** Read ahead: it.each needs its cases before any test runs. */
const transparentHeic = await readHeicFixture('transparent');

/** Writes `image` to a file in a fresh folder and makes its derivatives there. */
async function derivativesOf(
  image: Buffer | Sharp,
  fileName: string,
): Promise<{ result: DerivativesResult; outputDir: string }> {
  const dir = await makeTempDir();
  const sourcePath = path.join(dir, fileName);
  await writeFile(sourcePath, Buffer.isBuffer(image) ? image : await image.toBuffer());
  const outputDir = path.join(dir, 'derivatives');
  const result = await pool.makeDerivatives({ sourcePath, outputDir, baseName: 'photo' });
  return { result, outputDir };
}

/** The pixels of an image file, to read colours at a relative position. */
async function readPixels(file: string) {
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    channels: info.channels,
    /** RGBA (alpha 255 without an alpha channel) at a fraction of the width and height. */
    at(xFraction: number, yFraction: number): number[] {
      const x = Math.floor(info.width * xFraction);
      const y = Math.floor(info.height * yFraction);
      const offset = (y * info.width + x) * info.channels;
      const pixel = [...data.subarray(offset, offset + info.channels)];
      return info.channels === 4 ? pixel : [...pixel, 255];
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

const QUADRANT_CENTRES: Record<Quadrant, [number, number]> = {
  topLeft: [0.25, 0.25],
  topRight: [0.75, 0.25],
  bottomLeft: [0.25, 0.75],
  bottomRight: [0.75, 0.75],
};

describe('makeDerivatives', () => {
  it('runs one photo per core by default', () => {
    expect(pool.threads).toBe(availableParallelism());
  });

  it('writes thumb, medium and large WebP files with the sizes it reports, without metadata', async () => {
    const camera = solidImage(2100, 1400, [90, 140, 200])
      .withExif({
        IFD0: { Make: 'Acme', Model: 'X100' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2412/100' },
      })
      .jpeg();
    const { result, outputDir } = await derivativesOf(camera, 'camera.jpg');

    expect(result).toMatchObject({ format: 'jpeg', width: 2100, height: 1400, orientation: 1 });
    expect(result.derivatives.map(({ size, width, height }) => [size, width, height])).toEqual([
      ['thumb', 400, 267],
      ['medium', 1280, 853],
      ['large', 2048, 1365],
    ]);
    for (const derivative of result.derivatives) {
      expect(derivative.path).toBe(path.join(outputDir, `photo-${derivative.size}.webp`));
      const metadata = await sharp(derivative.path).metadata();
      expect(metadata).toMatchObject({ format: 'webp', hasAlpha: false });
      expect([metadata.width, metadata.height]).toEqual([derivative.width, derivative.height]);
      expect(metadata.exif).toBeUndefined();
      expect(metadata.xmp).toBeUndefined();
      expect((await stat(derivative.path)).size).toBe(derivative.bytes);
    }
    expect((await readdir(outputDir)).sort()).toEqual([
      'photo-large.webp',
      'photo-medium.webp',
      'photo-thumb.webp',
    ]);
  });

  it('never upscales a small photo', async () => {
    const { result } = await derivativesOf(solidImage(300, 200, [10, 200, 10]).jpeg(), 'small.jpg');
    for (const derivative of result.derivatives) {
      const metadata = await sharp(derivative.path).metadata();
      expect([metadata.width, metadata.height]).toEqual([300, 200]);
    }
  });

  // Where a viewer shows the stored top-left (red) and top-right (green) corners, per EXIF
  // orientation (the EXIF spec: "row 0 is the visual top/bottom/left/right...").
  const shownAt: Record<number, [Quadrant, Quadrant]> = {
    1: ['topLeft', 'topRight'],
    2: ['topRight', 'topLeft'],
    3: ['bottomRight', 'bottomLeft'],
    4: ['bottomLeft', 'bottomRight'],
    5: ['topLeft', 'bottomLeft'],
    6: ['topRight', 'bottomRight'],
    7: ['bottomRight', 'topRight'],
    8: ['bottomLeft', 'topLeft'],
  };

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('turns EXIF orientation %i upright', async (orientation) => {
    const { result } = await derivativesOf(
      await orientedQuadrantJpeg(640, 320, orientation),
      'oriented.jpg',
    );

    const sideways = orientation >= 5;
    expect(result.orientation).toBe(orientation);
    expect([result.width, result.height]).toEqual(sideways ? [320, 640] : [640, 320]);
    const thumb = await readPixels(result.derivatives[0]!.path);
    expect([thumb.width, thumb.height]).toEqual(sideways ? [200, 400] : [400, 200]);
    const [redAt, greenAt] = shownAt[orientation]!;
    expectColourNear(thumb.at(...QUADRANT_CENTRES[redAt]), QUADRANT_COLOURS.topLeft, 24);
    expectColourNear(thumb.at(...QUADRANT_CENTRES[greenAt]), QUADRANT_COLOURS.topRight, 24);
  });

  const colour: Rgb = [200, 100, 50];
  it.each([
    ['jpeg', 'photo.jpg', solidImage(64, 48, colour).jpeg()],
    ['png', 'photo.png', solidImage(64, 48, colour).png()],
    ['png', '16-bit.png', solidImage(64, 48, colour).toColourspace('rgb16').png()],
    ['webp', 'photo.webp', solidImage(64, 48, colour).webp()],
    ['avif', 'photo.avif', solidImage(64, 48, colour).avif({ effort: 0 })],
    ['tiff', 'photo.tiff', solidImage(64, 48, colour).tiff()],
    ['gif', 'photo.gif', solidImage(64, 48, colour).gif()],
  ] as const)('decodes %s (%s) with its colours', async (format, fileName, image) => {
    const { result } = await derivativesOf(image, fileName);

    expect(result.format).toBe(format);
    for (const derivative of result.derivatives) {
      expectColourNear((await readPixels(derivative.path)).at(0.5, 0.5), [...colour, 255], 12);
    }
  });

  it('decodes a greyscale JPEG', async () => {
    const grey = solidImage(64, 48, [120, 120, 120]).greyscale().jpeg();
    const { result } = await derivativesOf(grey, 'grey.jpg');
    expectColourNear(
      (await readPixels(result.derivatives[0]!.path)).at(0.5, 0.5),
      [120, 120, 120],
      6,
    );
  });

  /** Left half fully transparent, right half opaque orange. */
  function halfTransparent(): Sharp {
    const width = 64;
    const height = 48;
    const pixels = Buffer.alloc(width * height * 4);
    for (let y = 0; y < height; y += 1) {
      for (let x = width / 2; x < width; x += 1)
        pixels.set([240, 130, 20, 255], (y * width + x) * 4);
    }
    return sharp(pixels, { raw: { width, height, channels: 4 } });
  }

  it.each([
    ['photo.png', halfTransparent().png()],
    ['photo.webp', halfTransparent().webp()],
    ['photo.avif', halfTransparent().avif({ effort: 0 })],
    ['photo.heic', transparentHeic],
    ['photo.gif', halfTransparent().gif()],
  ] as const)('keeps the transparency of %s', async (fileName, image) => {
    const { result } = await derivativesOf(image, fileName);
    for (const derivative of result.derivatives) {
      expect((await sharp(derivative.path).metadata()).hasAlpha).toBe(true);
      const pixels = await readPixels(derivative.path);
      expect(pixels.at(0.1, 0.5)[3]).toBeLessThan(10);
      expectColourNear(pixels.at(0.9, 0.5), [240, 130, 20, 255], 12);
    }
  });

  it('converts a CMYK JPEG to sRGB', async () => {
    // Stored as C 0, M 111, Y 166, K 78: read as RGB that would be nothing like this orange.
    const cmyk = solidImage(64, 48, [180, 120, 90]).toColourspace('cmyk').jpeg({ quality: 100 });
    const { result } = await derivativesOf(cmyk, 'cmyk.jpg');
    expect((await sharp(result.derivatives[0]!.path).metadata()).channels).toBe(3);
    expectColourNear(
      (await readPixels(result.derivatives[0]!.path)).at(0.5, 0.5),
      [180, 120, 90],
      16,
    );
  });

  it('converts colours from an embedded ICC profile (Display P3) to sRGB', async () => {
    // sRGB 230,30,30 is stored as P3 211,55,44 with the P3 profile embedded.
    const p3 = solidImage(64, 48, [230, 30, 30]).withIccProfile('p3').png();
    const { result } = await derivativesOf(p3, 'p3.png');
    const thumb = result.derivatives[0]!.path;
    expect((await sharp(thumb).metadata()).icc).toBeUndefined();
    expectColourNear((await readPixels(thumb)).at(0.5, 0.5), [230, 30, 30], 8);
  });

  it('takes the first frame of an animated GIF', async () => {
    const gif = await animatedGif(40, 30, [
      [255, 0, 0],
      [0, 0, 255],
    ]);
    const { result } = await derivativesOf(gif, 'animated.gif');

    expect([result.width, result.height]).toEqual([40, 30]);
    const thumb = await readPixels(result.derivatives[0]!.path);
    expect([thumb.width, thumb.height]).toEqual([40, 30]);
    expectColourNear(thumb.at(0.5, 0.5), [255, 0, 0, 255], 12);
  });

  it('creates the output folder, nested, when missing', async () => {
    const dir = await makeTempDir();
    const sourcePath = path.join(dir, 'photo.jpg');
    await solidImage(64, 48, colour).jpeg().toFile(sourcePath);
    const outputDir = path.join(dir, 'a', 'b', 'c');
    await pool.makeDerivatives({ sourcePath, outputDir, baseName: 'x' });
    expect(await readdir(outputDir)).toHaveLength(3);
  });

  it('replaces derivatives left by an earlier run', async () => {
    const dir = await makeTempDir();
    const sourcePath = path.join(dir, 'photo.jpg');
    await solidImage(64, 48, colour).jpeg().toFile(sourcePath);
    await mkdir(path.join(dir, 'out'));
    await writeFile(path.join(dir, 'out', 'x-thumb.webp'), 'stale');
    const result = await pool.makeDerivatives({
      sourcePath,
      outputDir: path.join(dir, 'out'),
      baseName: 'x',
    });
    expect((await sharp(result.derivatives[0]!.path).metadata()).format).toBe('webp');
  });
});

describe('makeDerivatives of high-bit-depth photos', () => {
  const size = { width: 64, height: 48 } as const;

  /** Every derivative shows `expected` (RGBA) in its middle. */
  async function expectDerivativesShow(result: DerivativesResult, expected: number[]) {
    for (const derivative of result.derivatives) {
      expectColourNear((await readPixels(derivative.path)).at(0.5, 0.5), expected, 8);
    }
  }

  // Linear light 0.5, 0.2, 0.05 is sRGB 188, 124, 63; 0.25 is 137 and 0.125 is 99 (IEC 61966-2-1).
  it.each([
    ['32-bit float RGB', [0.5, 0.2, 0.05], 3, [188, 124, 63, 255]],
    ['32-bit float RGBA', [0.5, 0.2, 0.05, 0.5], 4, [188, 124, 63, 128]],
    ['32-bit float grey', [0.5], 1, [188, 188, 188, 255]],
    ['32-bit float grey with alpha', [0.5, 0.5], 2, [188, 188, 188, 128]],
    ['HDR (brighter than white) float RGB', [3, 0.5, -0.5], 3, [255, 188, 0, 255]],
  ] as const)(
    'converts a %s TIFF from linear light to sRGB',
    async (_, pixel, channels, expected) => {
      const samples = filledSamples(Float32Array, size.width, size.height, pixel);
      const tiff = uncompressedTiff(samples, { ...size, channels });
      const { result } = await derivativesOf(tiff, 'hdr.tif');

      expect(result).toMatchObject({ format: 'tiff', ...size });
      await expectDerivativesShow(result, [...expected]);
    },
  );

  it('converts a 16-bit (half) float TIFF from linear light to sRGB', async () => {
    // IEEE half floats 0.5, 0.25, 0.125.
    const samples = filledSamples(Uint16Array, size.width, size.height, [0x3800, 0x3400, 0x3000]);
    const tiff = uncompressedTiff(samples, { ...size, channels: 3, halfFloat: true });
    const { result } = await derivativesOf(tiff, 'half.tif');
    await expectDerivativesShow(result, [188, 137, 99, 255]);
  });

  it('takes a float TIFF as linear light despite an embedded sRGB profile', async () => {
    const samples = filledSamples(Float32Array, size.width, size.height, [0.5, 0.2, 0.05]);
    const icc = await builtInProfile('srgb');
    const { result } = await derivativesOf(
      uncompressedTiff(samples, { ...size, channels: 3, icc }),
      'profiled.tif',
    );
    await expectDerivativesShow(result, [188, 124, 63, 255]);
  });

  it.each([
    ['RGB', [200 * 257, 100 * 257, 50 * 257], 3, [200, 100, 50, 255]],
    ['grey', [120 * 257], 1, [120, 120, 120, 255]],
  ] as const)('decodes a 16-bit %s TIFF', async (_, pixel, channels, expected) => {
    const samples = filledSamples(Uint16Array, size.width, size.height, pixel);
    const { result } = await derivativesOf(
      uncompressedTiff(samples, { ...size, channels }),
      '16-bit.tif',
    );
    await expectDerivativesShow(result, [...expected]);
  });

  /** sRGB 230,30,30 as 16-bit Display P3 (211,55,44), in a TIFF with the P3 profile. */
  async function p3Tiff16(): Promise<Buffer> {
    const p3 = [211 * 257, 55 * 257, 44 * 257];
    const samples = filledSamples(Uint16Array, size.width, size.height, p3);
    return uncompressedTiff(samples, { ...size, channels: 3, icc: await builtInProfile('p3') });
  }

  it.each([
    ['16-bit TIFF', 'p3.tif', () => p3Tiff16()],
    [
      '16-bit PNG',
      'p3.png',
      async () =>
        sharp(await p3Tiff16())
          .keepIccProfile()
          .toColourspace('rgb16')
          .png(),
    ],
    [
      '10-bit AVIF',
      'p3.avif',
      () =>
        solidImage(64, 48, [230, 30, 30]).withIccProfile('p3').avif({ bitdepth: 10, effort: 0 }),
    ],
  ] as const)(
    'converts the colours of a %s from its Display P3 profile to sRGB',
    async (_, fileName, make) => {
      const { result } = await derivativesOf(await make(), fileName);
      await expectDerivativesShow(result, [230, 30, 30, 255]);
    },
  );
});

describe('makeDerivatives of HEIC photos', () => {
  /** The derivatives of a committed HEIC fixture. */
  async function heicDerivatives(fixture: HeicFixture) {
    return (await derivativesOf(await readHeicFixture(fixture), 'IMG_0001.HEIC')).result;
  }

  it('decodes an iPhone HEIC to three WebP sizes with its colours where they belong', async () => {
    const result = await heicDerivatives('camera');

    expect(result).toMatchObject({ format: 'heic', width: 96, height: 64, orientation: 1 });
    for (const derivative of result.derivatives) {
      const pixels = await readPixels(derivative.path);
      expect([pixels.width, pixels.height, pixels.channels]).toEqual([96, 64, 3]);
      for (const [quadrant, centre] of Object.entries(QUADRANT_CENTRES)) {
        expectColourNear(pixels.at(...centre), QUADRANT_COLOURS[quadrant as Quadrant], 24);
      }
    }
  });

  it('turns a HEIC upright by its irot box, and not a second time by its EXIF orientation', async () => {
    const result = await heicDerivatives('rotated');

    // Stored 96x64 sideways; irot and EXIF orientation 6 both say: a quarter turn clockwise.
    expect(result).toMatchObject({ width: 64, height: 96, orientation: 1 });
    const thumb = await readPixels(result.derivatives[0]!.path);
    expect([thumb.width, thumb.height]).toEqual([64, 96]);
    expectColourNear(thumb.at(...QUADRANT_CENTRES.topRight), QUADRANT_COLOURS.topLeft, 24);
    expectColourNear(thumb.at(...QUADRANT_CENTRES.bottomRight), QUADRANT_COLOURS.topRight, 24);
    expectColourNear(thumb.at(...QUADRANT_CENTRES.topLeft), QUADRANT_COLOURS.bottomLeft, 24);
    expectColourNear(thumb.at(...QUADRANT_CENTRES.bottomLeft), QUADRANT_COLOURS.bottomRight, 24);
  });

  it('converts the Display P3 colours of an iPhone HEIC to sRGB', async () => {
    const result = await heicDerivatives('displayP3');
    // Stored as P3 211,55,44: shown as is, that is a visibly duller red than sRGB 230,30,30.
    for (const derivative of result.derivatives) {
      expect((await sharp(derivative.path).metadata()).icc).toBeUndefined();
      expectColourNear((await readPixels(derivative.path)).at(0.5, 0.5), [230, 30, 30, 255], 8);
    }
  });
});

describe('unpackedFromAsar', () => {
  it('points a worker inside app.asar at its unpacked copy, and leaves other paths alone', () => {
    expect(unpackedFromAsar('/opt/Shoebox/resources/app.asar/dist/imaging-worker.mjs')).toBe(
      '/opt/Shoebox/resources/app.asar.unpacked/dist/imaging-worker.mjs',
    );
    expect(unpackedFromAsar('C:\\Shoebox\\resources\\app.asar\\dist\\imaging-worker.mjs')).toBe(
      'C:\\Shoebox\\resources\\app.asar.unpacked\\dist\\imaging-worker.mjs',
    );
    expect(unpackedFromAsar('/work/main/dist/imaging-worker.mjs')).toBe(
      '/work/main/dist/imaging-worker.mjs',
    );
  });
});
