/**
 * A JPEG with an EXIF orientation of our choosing: the JPEG a camera embeds in a RAW carries
 * no orientation (the camera records it in the RAW's IFD0), so the preview is given the RAW's
 * before the full-size rendition is made from it, which turns it upright as it turns any JPEG.
 */
import { readFile, writeFile } from 'node:fs/promises';

const SOI = 0xd8;
const APP1 = 0xe1;
const SOS = 0xda;
const EXIF_ID = Buffer.from('Exif\0\0', 'latin1');
const ORIENTATION_TAG = 0x0112;
const SHORT = 3;

/**
 * The APP1 segment of an EXIF block holding one tag, the orientation (1-8): a little-endian
 * TIFF header, an IFD0 of one entry, no next IFD.
 */
function orientationSegment(orientation: number): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(1, 8);
  tiff.writeUInt16LE(ORIENTATION_TAG, 10);
  tiff.writeUInt16LE(SHORT, 12);
  tiff.writeUInt32LE(1, 14);
  tiff.writeUInt16LE(orientation, 18);
  const payload = Buffer.concat([EXIF_ID, tiff]);
  const header = Buffer.from([0xff, APP1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

/**
 * `jpeg` with its EXIF blocks replaced by one that holds only `orientation`: a preview's own
 * EXIF (some cameras write one, orientation 1) must not be read instead of ours. Null when the
 * bytes are not a JPEG whose markers can be walked up to the first scan.
 */
export function withOrientation(jpeg: Buffer, orientation: number): Buffer | null {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== SOI) return null;
  const kept: Buffer[] = [jpeg.subarray(0, 2), orientationSegment(orientation)];
  let offset = 2;
  while (offset + 4 <= jpeg.length) {
    if (jpeg[offset] !== 0xff) return null;
    const marker = jpeg[offset + 1]!;
    if (marker === 0xff) {
      // Fill bytes before a marker.
      offset += 1;
      continue;
    }
    if (marker === SOS) {
      kept.push(jpeg.subarray(offset));
      return Buffer.concat(kept);
    }
    const end = offset + 2 + jpeg.readUInt16BE(offset + 2);
    if (end > jpeg.length) return null;
    const isExif = marker === APP1 && jpeg.subarray(offset + 4, offset + 10).equals(EXIF_ID);
    if (!isExif) kept.push(jpeg.subarray(offset, end));
    offset = end;
  }
  return null;
}

/** Rewrites the JPEG at `file` with `orientation`; false when it is not a JPEG it can walk. */
export async function orientJpegFile(file: string, orientation: number): Promise<boolean> {
  const oriented = withOrientation(await readFile(file), orientation);
  if (!oriented) return false;
  await writeFile(file, oriented);
  return true;
}
