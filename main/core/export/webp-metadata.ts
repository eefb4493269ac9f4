/**
 * Reads, removes and writes the metadata chunks of a WebP file without touching its pixels. The
 * library's derivatives are written without metadata, so an export normally copies them byte
 * for byte; this is the guard that keeps a derivative from an older or foreign writer from
 * publishing its GPS position or camera serial number, and, for an export that keeps GPS, the
 * writer of an EXIF chunk holding the position alone.
 *
 * WebP is a RIFF container (https://developers.google.com/speed/webp/docs/riff_container):
 * `RIFF <size> WEBP` then chunks of `<fourcc> <size, little-endian> <data, padded to even>`.
 * Only the extended format (a `VP8X` first chunk) can hold `EXIF` or `XMP ` chunks, and its
 * flags say whether it does.
 */

/** Bytes needed to tell whether a WebP file carries metadata: RIFF header + VP8X flags. */
export const WEBP_HEADER_BYTES = 21;

// VP8X flag bits (MSB first: reserved 2, ICC, alpha, EXIF, XMP, animation, reserved).
const ALPHA_FLAG = 0x10;
const EXIF_FLAG = 0x08;
const XMP_FLAG = 0x04;
const RIFF_HEADER = 12;
const CHUNK_HEADER = 8;
const VP8X_FLAGS_OFFSET = RIFF_HEADER + CHUNK_HEADER;
/** VP8X data: flags (1 byte), reserved (3), canvas width - 1 (3) and height - 1 (3). */
const VP8X_BYTES = 10;
// A lossy (VP8) key frame starts with a 3-byte frame tag and the start code 9D 01 2A, then
// 14-bit width and height (the top 2 bits of each are a scaling hint).
const VP8_START_CODE = 0x2a019d;
const VP8_SIZE_OFFSET = 6;
// A lossless (VP8L) bitstream starts with the signature 0x2F, then 14 bits of width - 1,
// 14 bits of height - 1 and the alpha-is-used bit.
const VP8L_SIGNATURE = 0x2f;

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

/**
 * The same WebP with `exif` (a TIFF-structured EXIF block) as its only metadata: any EXIF or
 * XMP chunk it had is dropped, a simple (`VP8 `/`VP8L`) file becomes the extended format with
 * a `VP8X` chunk sized from its bitstream, and the EXIF flag is set. Pixels are not touched.
 * Throws on a malformed container or an image bitstream it cannot size.
 */
export function withWebpExif(file: Buffer, exif: Buffer): Buffer {
  const stripped = stripWebpMetadata(file);
  const chunks: Buffer[] = [];
  if (stripped.toString('latin1', 12, 16) === 'VP8X') {
    chunks.push(stripped.subarray(RIFF_HEADER));
  } else {
    chunks.push(vp8xChunk(stripped), stripped.subarray(RIFF_HEADER));
  }
  const exifChunk = Buffer.alloc(CHUNK_HEADER + exif.length + (exif.length % 2));
  exifChunk.write('EXIF', 0, 'latin1');
  exifChunk.writeUInt32LE(exif.length, 4);
  exif.copy(exifChunk, CHUNK_HEADER);
  // A last chunk missing its padding byte (tolerated when stripping) gets it before EXIF.
  const padding = Buffer.alloc(stripped.length % 2);
  const result = Buffer.concat([stripped.subarray(0, RIFF_HEADER), ...chunks, padding, exifChunk]);
  result.writeUInt32LE(result.length - 8, 4);
  result[VP8X_FLAGS_OFFSET] = result[VP8X_FLAGS_OFFSET]! | EXIF_FLAG;
  return result;
}

/** The VP8X chunk for a simple-format WebP: canvas size (and alpha) from its one bitstream. */
function vp8xChunk(file: Buffer): Buffer {
  const fourcc = file.toString('latin1', RIFF_HEADER, RIFF_HEADER + 4);
  const data = RIFF_HEADER + CHUNK_HEADER;
  let width: number;
  let height: number;
  let flags = 0;
  if (
    fourcc === 'VP8 ' &&
    file.length >= data + 10 &&
    file.readUIntLE(data + 3, 3) === VP8_START_CODE
  ) {
    width = file.readUInt16LE(data + VP8_SIZE_OFFSET) & 0x3fff;
    height = file.readUInt16LE(data + VP8_SIZE_OFFSET + 2) & 0x3fff;
  } else if (fourcc === 'VP8L' && file.length >= data + 5 && file[data] === VP8L_SIGNATURE) {
    const bits = file.readUInt32LE(data + 1);
    width = (bits & 0x3fff) + 1;
    height = ((bits >>> 14) & 0x3fff) + 1;
    if ((bits >>> 28) & 1) flags |= ALPHA_FLAG;
  } else {
    throw new Error(`unknown WebP image chunk "${fourcc}"`);
  }
  const chunk = Buffer.alloc(CHUNK_HEADER + VP8X_BYTES);
  chunk.write('VP8X', 0, 'latin1');
  chunk.writeUInt32LE(VP8X_BYTES, 4);
  chunk[CHUNK_HEADER] = flags;
  chunk.writeUIntLE(width - 1, CHUNK_HEADER + 4, 3);
  chunk.writeUIntLE(height - 1, CHUNK_HEADER + 7, 3);
  return chunk;
}
