/**
 * A JPEG's size and EXIF orientation from its markers, read with a few small reads instead of
 * a libvips header read (sharp's `metadata()`, ~10 ms of CPU on a camera JPEG: libvips opens
 * the file and parses the whole EXIF block with libexif). The size comes from the frame header
 * (SOF), as libjpeg reads it, so the pixel-limit guard still runs before any pixel is decoded.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';

/** What the frame header and the EXIF block say. */
export interface JpegHeader {
  /** Stored (not upright) width and height, from the SOF. */
  width: number;
  height: number;
  /** Components: 1 grey, 3 YCbCr (or RGB), 4 CMYK/YCCK. */
  components: number;
  /** Bits per sample: 8 for the JPEGs libjpeg here decodes. */
  precision: number;
  /** EXIF orientation 1-8, 1 when there is none. */
  orientation: number;
  /**
   * The embedded ICC profile (APP2 "ICC_PROFILE" chunks, joined in order), null when there is
   * none, 'unsure' when its chunks are out of order or inconsistent (libjpeg and libvips may
   * then read them differently, so only libvips' own conversion can be trusted).
   */
  icc: Buffer | null | 'unsure';
}

const FIRST_READ_BYTES = 64 * 1024;
// Markers before the frame header are a few kilobytes (EXIF with maker notes: up to 64 KB, ICC
// profiles in several APP2 segments); a file whose SOF is further than this goes the slow way.
const MOST_HEADER_BYTES = 4 * 1024 * 1024;

/**
 * Reads the markers of a JPEG up to its first scan (SOS). Null when the file is not a plain
 * JPEG this reader is sure about (no SOI, markers out of order, a SOF beyond the first
 * megabytes, an unreadable segment): the caller then asks libvips, which says what is wrong.
 */
export async function readJpegHeader(sourcePath: string): Promise<JpegHeader | null> {
  const file = await open(sourcePath, 'r');
  try {
    return await scanMarkers(file);
  } finally {
    await file.close();
  }
}

async function scanMarkers(file: FileHandle): Promise<JpegHeader | null> {
  let buffer = Buffer.alloc(FIRST_READ_BYTES);
  let length = (await file.read(buffer, 0, buffer.length, 0)).bytesRead;
  /** Makes sure bytes [0, end) are in `buffer`; false at the end of the file. */
  const have = async (end: number): Promise<boolean> => {
    if (end <= length) return true;
    if (end > MOST_HEADER_BYTES) return false;
    const bigger = Buffer.alloc(Math.max(end, buffer.length * 2));
    buffer.copy(bigger, 0, 0, length);
    const { bytesRead } = await file.read(bigger, length, bigger.length - length, length);
    buffer = bigger;
    length += bytesRead;
    return end <= length;
  };

  if (length < 4 || buffer[0] !== 0xff || buffer[1] !== 0xd8) return null;
  let offset = 2;
  let frame: Omit<JpegHeader, 'orientation' | 'icc'> | null = null;
  let orientation = 1;
  const iccChunks: Buffer[] = [];
  let iccCount = 0;
  let iccUnsure = false;
  for (;;) {
    if (!(await have(offset + 4))) return null;
    if (buffer[offset] !== 0xff) return null;
    const marker = buffer[offset + 1]!;
    if (marker === 0xff) {
      // Fill bytes before a marker.
      offset += 1;
      continue;
    }
    // Standalone markers (TEM, RSTn) carry no length; none belongs before the first scan.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    if (marker === 0xd9) return null;
    const segmentLength = buffer.readUInt16BE(offset + 2);
    if (segmentLength < 2) return null;
    const start = offset + 4;
    const end = offset + 2 + segmentLength;
    if (marker === 0xda) {
      if (!frame) return null;
      const icc =
        iccUnsure || iccChunks.length !== iccCount
          ? 'unsure'
          : iccChunks.length === 0
            ? null
            : Buffer.concat(iccChunks);
      return { ...frame, orientation, icc };
    }
    if (isFrameMarker(marker)) {
      if (frame || !(await have(start + 6))) return null;
      frame = {
        precision: buffer[start]!,
        height: buffer.readUInt16BE(start + 1),
        width: buffer.readUInt16BE(start + 3),
        components: buffer[start + 5]!,
      };
    } else if (marker === 0xe2 && (await have(end))) {
      const segment = buffer.subarray(start, end);
      if (segment.length > 14 && segment.toString('latin1', 0, 12) === 'ICC_PROFILE\0') {
        // Chunk numbers count from 1, in order, each chunk naming the same total.
        const [number, count] = [segment[12]!, segment[13]!];
        if (iccCount === 0) iccCount = count;
        if (count !== iccCount || number !== iccChunks.length + 1) iccUnsure = true;
        iccChunks.push(Buffer.from(segment.subarray(14)));
      }
    } else if (marker === 0xe1 && (await have(end))) {
      // libvips keeps the last EXIF APP1 it meets; so does this.
      const found = exifOrientation(buffer.subarray(start, end));
      if (found !== null) orientation = found;
    }
    offset = end;
  }
}

/** SOF0-SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
function isFrameMarker(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/**
 * The Orientation tag of an APP1 "Exif" segment's first IFD (else its thumbnail IFD, where
 * libexif, which libvips uses, also looks), clipped to 1-8 as libvips does; null when the
 * segment is not EXIF or has none.
 */
export function exifOrientation(segment: Buffer): number | null {
  if (segment.length < 14 || segment.toString('latin1', 0, 6) !== 'Exif\0\0') return null;
  const tiff = segment.subarray(6);
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return null;
  const little = order === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  if (u16(2) !== 42) return null;
  let ifd = u32(4);
  // IFD0, then IFD1 (the thumbnail's).
  for (let index = 0; index < 2 && ifd !== 0; index += 1) {
    if (ifd + 2 > tiff.length) return null;
    const count = u16(ifd);
    if (ifd + 2 + count * 12 + 4 > tiff.length) return null;
    for (let entry = 0; entry < count; entry += 1) {
      const at = ifd + 2 + entry * 12;
      if (u16(at) !== 0x0112) continue;
      // SHORT as the standard says, but cameras write LONG, and Panasonic's GF1 SLONG (9);
      // libexif reads all of them, so libvips turns such files, and so must this.
      const type = u16(at + 2);
      const value =
        type === 3 || type === 8 ? u16(at + 8) : type === 4 || type === 9 ? u32(at + 8) : null;
      return value === null ? null : Math.min(8, Math.max(1, value));
    }
    ifd = u32(ifd + 2 + count * 12);
  }
  return null;
}
