import sharp from 'sharp';

/** EXIF tags by block, as libvips names them (IFD0: image, IFD2: EXIF, IFD3: GPS). */
export interface ExifTags {
  IFD0?: Record<string, string>;
  IFD2?: Record<string, string>;
  IFD3?: Record<string, string>;
}

/**
 * A tiny JPEG carrying the given EXIF tags. Values are strings as libvips parses them:
 * rationals as `num/den`, several values separated by spaces (`48/1 51/1 2412/100`).
 * libvips rewrites Orientation from its own field, hence the separate `orientation`.
 */
export async function jpegWithExif(tags: ExifTags, orientation?: number): Promise<Buffer> {
  let image = sharp({
    create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 120, b: 40 } },
  }).withExif(tags);
  if (orientation !== undefined) image = image.withMetadata({ orientation });
  return image.jpeg().toBuffer();
}

/** A tiny image of the given format with the given EXIF tags (for formats other than JPEG). */
export async function imageWithExif(
  format: 'png' | 'webp' | 'avif',
  tags: ExifTags,
): Promise<Buffer> {
  const image = sharp({
    create: { width: 8, height: 8, channels: 3, background: { r: 40, g: 120, b: 200 } },
  }).withExif(tags);
  if (format === 'avif') return image.avif({ effort: 0 }).toBuffer();
  return format === 'png' ? image.png().toBuffer() : image.webp().toBuffer();
}

/** The TIFF-structured EXIF block of a JPEG's APP1 segment, as other containers store it. */
export function exifBlockOf(jpeg: Buffer): Buffer {
  const start = jpeg.indexOf('Exif\0\0', 0, 'latin1') + 'Exif\0\0'.length;
  // The segment length (before the header) counts itself and the header.
  const length = jpeg.readUInt16BE(start - 8) - 2 - 'Exif\0\0'.length;
  return jpeg.subarray(start, start + length);
}

/** JPEG marker of the APP1 segment, where cameras put EXIF. */
export const APP1 = 0xe1;
/** JPEG marker of the APP2 segment, where editors put ICC colour profiles. */
export const APP2 = 0xe2;

/**
 * Puts a hand-made segment (an `Exif\0\0` payload however broken, a large ICC profile…) right
 * after a JPEG's start-of-image marker, ahead of every other segment.
 */
export function withSegment(jpeg: Buffer, marker: number, payload: Buffer): Buffer {
  const length = payload.length + 2; // the segment length counts its own two bytes
  const header = Buffer.from([0xff, marker, length >> 8, length & 0xff]);
  return Buffer.concat([jpeg.subarray(0, 2), header, payload, jpeg.subarray(2)]);
}
