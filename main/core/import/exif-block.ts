/**
 * Finds the EXIF block (a little TIFF structure) inside JPEG and WebP files by walking their
 * segment headers, reading a few bytes at a time. exifr cannot be trusted with this for a file
 * on disk: it reads JPEGs in chunks and gives up on EXIF that comes after another large
 * segment (an ICC profile or XMP before the EXIF, as many editors write), and it does not
 * know WebP at all.
 */
import type { FileHandle } from 'node:fs/promises';

/** What a container walk found: the TIFF-structured EXIF block, or that there is none. */
export type ExifBlockSearch =
  { container: 'jpeg' | 'webp'; exif: Uint8Array | null } | { container: 'other' };

/**
 * The most segments looked at before giving up: real JPEGs have a handful before the image
 * data, animated WebPs one per frame; a corrupt file must not keep us reading forever.
 */
const MAX_SEGMENTS = 10_000;

/**
 * The largest WebP EXIF chunk read. A JPEG APP1 segment cannot exceed 64 KB; a WebP chunk
 * could claim gigabytes, and a corrupt size must not allocate them.
 */
const MAX_WEBP_EXIF_BYTES = 1024 * 1024;

/** The APP1 header that marks EXIF (XMP also lives in APP1, under another header). */
const EXIF_HEADER = 'Exif\0\0';

/** Finds the EXIF block of a JPEG or WebP file; `other` for any other format. */
export async function findExifBlock(handle: FileHandle): Promise<ExifBlockSearch> {
  const head = await readAt(handle, 0, 32);
  if (head[0] === 0xff && head[1] === 0xd8) {
    return { container: 'jpeg', exif: await findJpegExif(handle) };
  }
  if (head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') {
    return { container: 'webp', exif: await findWebpExif(handle, head) };
  }
  return { container: 'other' };
}

async function findJpegExif(handle: FileHandle): Promise<Uint8Array | null> {
  let offset = 2; // after the start-of-image marker
  for (let segment = 0; segment < MAX_SEGMENTS; segment += 1) {
    const header = await readAt(handle, offset, 4 + EXIF_HEADER.length);
    if (header.length < 4 || header[0] !== 0xff) return null;
    const marker = header[1];
    // 0xFF may pad between segments.
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    // Start of scan or end of image: EXIF always comes before the image data.
    if (marker === 0xda || marker === 0xd9) return null;
    const length = header.readUInt16BE(2); // counts itself, not the marker
    if (length < 2) return null;
    const isApp1 = marker === 0xe1;
    if (isApp1 && header.toString('latin1', 4, 4 + EXIF_HEADER.length) === EXIF_HEADER) {
      const start = offset + 4 + EXIF_HEADER.length;
      return readAt(handle, start, length - 2 - EXIF_HEADER.length);
    }
    offset += 2 + length;
  }
  return null;
}

async function findWebpExif(handle: FileHandle, head: Buffer): Promise<Uint8Array | null> {
  // Only the extended format (a VP8X first chunk) carries metadata, and it flags EXIF.
  const exifFlag = 0x08;
  if (head.toString('latin1', 12, 16) !== 'VP8X' || (head[20] & exifFlag) === 0) return null;
  let offset = 12; // after "RIFF", the size and "WEBP"
  for (let chunk = 0; chunk < MAX_SEGMENTS; chunk += 1) {
    const header = await readAt(handle, offset, 8);
    if (header.length < 8) return null;
    const size = header.readUInt32LE(4);
    if (header.toString('latin1', 0, 4) === 'EXIF') {
      if (size > MAX_WEBP_EXIF_BYTES) return null;
      const exif = await readAt(handle, offset + 8, size);
      // Some writers keep the JPEG APP1 header; the TIFF structure starts after it.
      const prefixed = exif.toString('latin1', 0, EXIF_HEADER.length) === EXIF_HEADER;
      return prefixed ? exif.subarray(EXIF_HEADER.length) : exif;
    }
    offset += 8 + size + (size % 2); // chunks are padded to an even size
  }
  return null;
}

/** Up to `length` bytes at `position`; fewer at the end of the file. */
async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}
