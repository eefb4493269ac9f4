import exifr from 'exifr';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { gpsExif } from '../../../../main/core/export/gps-exif';
import { inspectWebpHeader, withWebpExif } from '../../../../main/core/export/webp-metadata';

const PARIS = { lat: 48.8566, lon: 2.3522 };

/** A small odd-sized picture (so bitstreams and chunks have odd sizes too). */
function picture(channels: 3 | 4): ReturnType<typeof sharp> {
  const background = { r: 200, g: 120, b: 40, alpha: 0.5 };
  return sharp({ create: { width: 33, height: 17, channels, background } }).blur(2);
}

/** The RIFF chunks of a WebP: fourcc and data size, checking sizes and padding add up. */
function chunksOf(file: Buffer): { fourcc: string; size: number }[] {
  expect(file.readUInt32LE(4)).toBe(file.length - 8);
  const chunks = [];
  let offset = 12;
  while (offset < file.length) {
    const size = file.readUInt32LE(offset + 4);
    chunks.push({ fourcc: file.toString('latin1', offset, offset + 4), size });
    offset += 8 + size + (size % 2);
  }
  expect(offset).toBe(file.length);
  return chunks;
}

describe('withWebpExif', () => {
  it.each([
    { kind: 'lossy (VP8)', first: 'VP8 ', make: () => picture(3).webp({ quality: 80 }) },
    {
      kind: 'lossless with alpha (VP8L)',
      first: 'VP8L',
      make: () => picture(4).webp({ lossless: true }),
    },
    { kind: 'extended with alpha (VP8X)', first: 'VP8X', make: () => picture(4).webp() },
    {
      kind: 'extended with camera EXIF',
      first: 'VP8X',
      make: () =>
        picture(3)
          .withExif({ IFD0: { Make: 'TestCam', Model: 'X1' }, IFD2: { BodySerialNumber: 'SN-9' } })
          .webp(),
    },
  ])('adds GPS alone to a $kind file, pixels untouched', async ({ first, make }) => {
    const original = await make().toBuffer();
    expect(original.toString('latin1', 12, 16)).toBe(first);
    const result = withWebpExif(original, gpsExif(PARIS));

    const chunks = chunksOf(result);
    expect(chunks[0]!.fourcc).toBe('VP8X');
    expect(chunks.filter((c) => c.fourcc === 'EXIF')).toHaveLength(1);
    expect(inspectWebpHeader(result)).toBe('has-metadata');
    const [before, after] = await Promise.all(
      [original, result].map((file) => sharp(file).raw().toBuffer({ resolveWithObject: true })),
    );
    expect(after.info).toEqual(before.info);
    expect(after.data.equals(before.data)).toBe(true);

    const exif = (await sharp(result).metadata()).exif!;
    const tags = (await exifr.parse(exif, { tiff: true, exif: true, gps: true })) as Record<
      string,
      unknown
    >;
    expect(Math.abs((tags.latitude as number) - PARIS.lat)).toBeLessThan(1e-6);
    expect(Math.abs((tags.longitude as number) - PARIS.lon)).toBeLessThan(1e-6);
    expect(tags).not.toHaveProperty('Make');
    expect(tags).not.toHaveProperty('Model');
    expect(result.includes('SN-9')).toBe(false);
  });

  it('refuses a file whose image it cannot size', () => {
    const bogus = Buffer.alloc(30);
    bogus.write('RIFF', 0, 'latin1');
    bogus.writeUInt32LE(22, 4);
    bogus.write('WEBPVP8 ', 8, 'latin1');
    bogus.writeUInt32LE(10, 16);
    expect(() => withWebpExif(bogus, gpsExif(PARIS))).toThrow(/unknown WebP image chunk/);
  });
});
