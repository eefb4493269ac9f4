/**
 * Fujifilm RAF: a fixed big-endian header names the embedded JPEG (offset at byte 84, length
 * at 88). That JPEG is a full camera JPEG with its own EXIF, which is where a RAF's orientation
 * and capture data are read from.
 */
import type { ByteSource } from './byte-source';
import type { PreviewCandidate } from './preview-candidate';

/** The signature every RAF starts with. */
export const RAF_SIGNATURE = 'FUJIFILMCCD-RAW';

/** Byte offsets of the JPEG's offset and length fields in the RAF header. */
const JPEG_OFFSET_FIELD = 84;
const JPEG_LENGTH_FIELD = 88;

/** The RAF header's JPEG, or nothing when the header is cut short or names none. */
export async function rafPreview(source: ByteSource): Promise<PreviewCandidate[]> {
  const header = await source.read(0, JPEG_LENGTH_FIELD + 4);
  if (header.length < JPEG_LENGTH_FIELD + 4 || header.toString('latin1', 0, 15) !== RAF_SIGNATURE) {
    return [];
  }
  const offset = header.readUInt32BE(JPEG_OFFSET_FIELD);
  const length = header.readUInt32BE(JPEG_LENGTH_FIELD);
  return offset && length ? [{ offset, length, origin: 'RAF header' }] : [];
}
