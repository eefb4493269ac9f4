import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImagingPool, type ImagingPool } from '../../../../main/core/imaging/imaging-pool';
import { exifOrientation, readJpegHeader } from '../../../../main/core/imaging/jpeg-header';
import { randomBytes } from 'node:crypto';
import { orientedQuadrantJpeg, quadrantImage } from '../../../helpers/make-images';
import { makeTempDir } from '../../../helpers/temp-dir';

// 320x240, 14 restart markers (one per MCU row): made once with libjpeg-turbo's
// `cjpeg -restart 1`, since sharp's encoder writes none.
const RESTART_MARKERS = path.join(import.meta.dirname, 'fixtures', 'restart-markers.jpg');

/** A photo-like JPEG: smooth colour fields, detail well above the thumbnail's pixel size. */
function texturedJpeg(width: number, height: number): Promise<Buffer> {
  const [gridWidth, gridHeight] = [Math.ceil(width / 40), Math.ceil(height / 40)];
  return sharp(randomBytes(gridWidth * gridHeight * 3), {
    raw: { width: gridWidth, height: gridHeight, channels: 3 },
  })
    .resize(width, height, { kernel: 'cubic' })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** The JPEG variants cameras, phones and editors write, each as a file's bytes. */
const VARIANTS: Record<string, () => Promise<Buffer>> = {
  baseline: () => texturedJpeg(3000, 2000),
  progressive: async () =>
    sharp(await texturedJpeg(3000, 2000))
      .jpeg({ progressive: true, quality: 90 })
      .toBuffer(),
  '4:4:4': async () =>
    sharp(await texturedJpeg(3000, 2000))
      .jpeg({ chromaSubsampling: '4:4:4', quality: 90 })
      .toBuffer(),
  greyscale: async () =>
    sharp(await texturedJpeg(3000, 2000))
      .greyscale()
      .jpeg()
      .toBuffer(),
  CMYK: async () =>
    sharp(await texturedJpeg(1200, 800))
      .toColourspace('cmyk')
      .jpeg({ quality: 95 })
      .toBuffer(),
  'EXIF-rotated (6)': async () =>
    sharp(await texturedJpeg(3000, 2000))
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer(),
  'EXIF-rotated (3) with XMP': async () =>
    sharp(await texturedJpeg(3000, 2000))
      .withMetadata({ orientation: 3 })
      .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"></x:xmpmeta>')
      .jpeg()
      .toBuffer(),
  'restart markers': () => readFile(RESTART_MARKERS),
  'sRGB-profiled': async () =>
    sharp(await texturedJpeg(3000, 2000))
      .withIccProfile('srgb')
      .jpeg()
      .toBuffer(),
  'Display P3-profiled, EXIF-rotated (8)': async () =>
    sharp(await texturedJpeg(3000, 2000))
      .withIccProfile('p3')
      .withMetadata({ orientation: 8 })
      .jpeg()
      .toBuffer(),
};

describe('the JPEG header read from the markers', () => {
  it.each(Object.entries(VARIANTS))('says what libvips says of a %s JPEG', async (_, make) => {
    const dir = await makeTempDir();
    const file = path.join(dir, 'photo.jpg');
    await writeFile(file, await make());
    const header = await readJpegHeader(file);
    const metadata = await sharp(file).metadata();
    expect(header).toEqual({
      width: metadata.width,
      height: metadata.height,
      components: metadata.channels,
      precision: 8,
      orientation: metadata.orientation ?? 1,
      icc: metadata.icc ?? null,
    });
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('reads EXIF orientation %i as libvips does', async (value) => {
    const dir = await makeTempDir();
    const file = path.join(dir, 'photo.jpg');
    await writeFile(file, await orientedQuadrantJpeg(64, 32, value));
    expect((await readJpegHeader(file))?.orientation).toBe(
      (await sharp(file).metadata()).orientation,
    );
  });

  it('reads the orientation in any integer type, clips it to 1-8 as libvips does, and ignores what is not EXIF', () => {
    const exif = (value: number, type = 3) => {
      // "Exif\0\0", a little-endian TIFF header, IFD0 at 8 with one Orientation entry.
      const segment = Buffer.alloc(6 + 8 + 2 + 12 + 4);
      segment.write('Exif\0\0', 0, 'latin1');
      segment.write('II', 6, 'latin1');
      segment.writeUInt16LE(42, 8);
      segment.writeUInt32LE(8, 10);
      segment.writeUInt16LE(1, 14);
      segment.writeUInt16LE(0x0112, 16);
      segment.writeUInt16LE(type, 18);
      segment.writeUInt32LE(1, 20);
      if (type === 4 || type === 9) segment.writeUInt32LE(value, 24);
      else segment.writeUInt16LE(value, 24);
      return segment;
    };
    expect(exifOrientation(exif(6))).toBe(6);
    // LONG, and the SLONG a Panasonic GF1 writes: libexif reads both.
    expect(exifOrientation(exif(6, 4))).toBe(6);
    expect(exifOrientation(exif(6, 9))).toBe(6);
    expect(exifOrientation(exif(0))).toBe(1);
    expect(exifOrientation(exif(9))).toBe(8);
    expect(exifOrientation(Buffer.from('http://ns.adobe.com/xap/1.0/\0'))).toBeNull();
  });

  it('answers null for what is not a JPEG, so libvips reads it instead', async () => {
    const dir = await makeTempDir();
    const file = path.join(dir, 'photo.png');
    await writeFile(file, await quadrantImage(16, 16).png().toBuffer());
    expect(await readJpegHeader(file)).toBeNull();
    await writeFile(file, Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
    expect(await readJpegHeader(file)).toBeNull();
  });
});

describe('derivatives of every kind of JPEG', () => {
  let pool: ImagingPool;
  beforeAll(() => {
    pool = createImagingPool({ threads: 2 });
  });
  afterAll(() => pool.destroy());

  /** PSNR of a derivative against the source decoded in full, upright, resized with lanczos3. */
  async function psnrAgainstFullDecode(source: string, derivative: string): Promise<number> {
    const made = await sharp(derivative).raw().toBuffer({ resolveWithObject: true });
    const reference = await sharp(source, { autoOrient: true })
      .resize(made.info.width, made.info.height, { fit: 'fill', fastShrinkOnLoad: false })
      .toColourspace('srgb')
      .raw()
      .toBuffer();
    let squares = 0;
    for (let i = 0; i < reference.length; i += 1) squares += (reference[i]! - made.data[i]!) ** 2;
    return 10 * Math.log10((255 * 255) / (squares / reference.length));
  }

  it.each(Object.entries(VARIANTS))('come out right from a %s JPEG', async (_, make) => {
    const dir = await makeTempDir();
    const sourcePath = path.join(dir, 'photo.jpg');
    await writeFile(sourcePath, await make());
    const metadata = await sharp(sourcePath).metadata();
    const result = await pool.makeDerivatives({
      sourcePath,
      outputDir: path.join(dir, 'out'),
      baseName: 'photo',
    });
    expect(result).toMatchObject({
      format: 'jpeg',
      ...metadata.autoOrient,
      orientation: metadata.orientation ?? 1,
    });
    for (const derivative of result.derivatives) {
      expect(
        await psnrAgainstFullDecode(sourcePath, derivative.path),
        derivative.size,
      ).toBeGreaterThan(30);
    }
  });
});
