/**
 * Reads and removes the metadata chunks of a WebP file without touching its pixels. The
 * library's derivatives are written without metadata, so an export normally copies them byte
 * for byte; this is the guard that keeps a derivative from an older or foreign writer from
 * publishing its GPS position or camera serial number.
 *
 * WebP is a RIFF container (https://developers.google.com/speed/webp/docs/riff_container):
 * `RIFF <size> WEBP` then chunks of `<fourcc> <size, little-endian> <data, padded to even>`.
 * Only the extended format (a `VP8X` first chunk) can hold `EXIF` or `XMP ` chunks, and its
 * flags say whether it does.
 */

/** Bytes needed to tell whether a WebP file carries metadata: RIFF header + VP8X flags. */
export const WEBP_HEADER_BYTES = 21;

// VP8X flag bits (MSB first: reserved 2, ICC, alpha, EXIF, XMP, animation, reserved).
const EXIF_FLAG = 0x08;
const XMP_FLAG = 0x04;
const RIFF_HEADER = 12;
const CHUNK_HEADER = 8;
const VP8X_FLAGS_OFFSET = RIFF_HEADER + CHUNK_HEADER;

/** What the first bytes of a file say about it. */
export type WebpHeaderKind = 'not-webp' | 'clean' | 'has-metadata';

/** Whether `header` (the first WEBP_HEADER_BYTES of a file) is a WebP, and with metadata. */
export function inspectWebpHeader(header: Uint8Array): WebpHeaderKind {
  const buffer = Buffer.from(header.buffer, header.byteOffset, header.byteLength);
  if (
    buffer.length < RIFF_HEADER + 4 ||
    buffer.toString('latin1', 0, 4) !== 'RIFF' ||
    buffer.toString('latin1', 8, 12) !== 'WEBP'
  ) {
    return 'not-webp';
  }
  if (buffer.toString('latin1', 12, 16) !== 'VP8X') return 'clean';
  const flags = buffer[VP8X_FLAGS_OFFSET] ?? 0;
  return flags & (EXIF_FLAG | XMP_FLAG) ? 'has-metadata' : 'clean';
}

/**
 * The same WebP without its `EXIF` and `XMP ` chunks (flags cleared, sizes fixed); pixels,
 * colour profile and animation are kept as they are. Throws on a malformed container.
 */
export function stripWebpMetadata(file: Buffer): Buffer {
  if (inspectWebpHeader(file) === 'not-webp') throw new Error('not a WebP file');
  const kept: Buffer[] = [Buffer.from(file.subarray(0, RIFF_HEADER))];
  let offset = RIFF_HEADER;
  while (offset + CHUNK_HEADER <= file.length) {
    const fourcc = file.toString('latin1', offset, offset + 4);
    const size = file.readUInt32LE(offset + 4);
    const end = offset + CHUNK_HEADER + size + (size % 2);
    if (end > file.length + (size % 2)) throw new Error('truncated WebP chunk');
    if (fourcc !== 'EXIF' && fourcc !== 'XMP ') {
      kept.push(Buffer.from(file.subarray(offset, Math.min(end, file.length))));
    }
    offset = end;
  }
  const result = Buffer.concat(kept);
  result.writeUInt32LE(result.length - 8, 4);
  if (result.toString('latin1', 12, 16) === 'VP8X') {
    result[VP8X_FLAGS_OFFSET] = result[VP8X_FLAGS_OFFSET]! & ~(EXIF_FLAG | XMP_FLAG);
  }
  return result;
}
