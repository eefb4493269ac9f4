/**
 * Finds the EXIF block (a little TIFF structure) inside JPEG, WebP and HEIF (HEIC, AVIF) files
 * by walking their segment headers or boxes, reading a few bytes at a time. exifr cannot be
 * trusted with this for a file on disk: it reads JPEGs in chunks and gives up on EXIF that
 * comes after another large segment (an ICC profile or XMP before the EXIF, as many editors
 * write), it does not know WebP at all, and in HEIF it ignores the base offset of `iloc`
 * entries, which libheif (heif-enc, sharp's AVIF) writes, so it reads the wrong bytes.
 */
import type { FileHandle } from 'node:fs/promises';

/** What a container walk found: the TIFF-structured EXIF block, or that there is none. */
export type ExifBlockSearch =
  { container: 'jpeg' | 'webp' | 'heif'; exif: Uint8Array | null } | { container: 'other' };

/**
 * The most segments looked at before giving up: real JPEGs have a handful before the image
 * data, animated WebPs one per frame; a corrupt file must not keep us reading forever.
 */
const MAX_SEGMENTS = 10_000;

/**
 * The largest WebP EXIF chunk or HEIF EXIF item read. A JPEG APP1 segment cannot exceed 64 KB;
 * a WebP chunk or HEIF item could claim gigabytes, and a corrupt size must not allocate them.
 */
const MAX_EXIF_BYTES = 1024 * 1024;

/**
 * The largest HEIF `meta` box read. It lists every item (an iPhone photo: ~50 tiles, a
 * thumbnail, EXIF) in a few KB; a corrupt size must not allocate gigabytes.
 */
const MAX_META_BYTES = 4 * 1024 * 1024;

/** The APP1 header that marks EXIF (XMP also lives in APP1, under another header). */
const EXIF_HEADER = 'Exif\0\0';

/** Finds the EXIF block of a JPEG, WebP or HEIF file; `other` for any other format. */
export async function findExifBlock(handle: FileHandle): Promise<ExifBlockSearch> {
  const head = await readAt(handle, 0, 32);
  if (head[0] === 0xff && head[1] === 0xd8) {
    return { container: 'jpeg', exif: await findJpegExif(handle) };
  }
  if (head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') {
    return { container: 'webp', exif: await findWebpExif(handle, head) };
  }
  if (head.toString('latin1', 4, 8) === 'ftyp') {
    return { container: 'heif', exif: await findHeifExif(handle) };
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
      if (size > MAX_EXIF_BYTES) return null;
      return withoutExifHeader(await readAt(handle, offset + 8, size));
    }
    offset += 8 + size + (size % 2); // chunks are padded to an even size
  }
  return null;
}

/**
 * The EXIF item of a HEIF file: `meta` lists it in `iinf` (type `Exif`) and says where its
 * bytes are in `iloc`; the item starts with the offset of the TIFF header within what follows.
 */
async function findHeifExif(handle: FileHandle): Promise<Uint8Array | null> {
  const meta = await readTopLevelBox(handle, 'meta');
  if (!meta) return null;
  // meta is a full box: 4 bytes of version and flags before its children.
  const children = boxesIn(meta, 4, meta.length);
  const iinf = children.get('iinf');
  const iloc = children.get('iloc');
  if (!iinf || !iloc) return null;
  const itemId = exifItemId(iinf);
  const extents = itemId === null ? null : itemExtents(iloc, itemId);
  if (!extents) return null;
  const parts: Buffer[] = [];
  let total = 0;
  for (const { offset, length } of extents) {
    total += length;
    if (total > MAX_EXIF_BYTES) return null;
    parts.push(await readAt(handle, offset, length));
  }
  const item = Buffer.concat(parts);
  if (item.length < 4) return null;
  const tiffStart = 4 + item.readUInt32BE(0);
  // Most writers put the TIFF header right after the offset (0); some keep `Exif\0\0` first.
  return tiffStart < item.length ? withoutExifHeader(item.subarray(tiffStart)) : null;
}

/** The top-level box of that type, whole (without its header); null if absent or too big. */
async function readTopLevelBox(handle: FileHandle, type: string): Promise<Buffer | null> {
  let offset = 0;
  for (let box = 0; box < MAX_SEGMENTS; box += 1) {
    const header = await readAt(handle, offset, 16);
    if (header.length < 8) return null;
    let size = header.readUInt32BE(0);
    let headerLength = 8;
    if (size === 1) {
      if (header.length < 16) return null;
      size = Number(header.readBigUInt64BE(8));
      headerLength = 16;
    }
    if (size < headerLength) return null; // 0 (up to the end of the file) is only used for mdat
    if (header.toString('latin1', 4, 8) === type) {
      if (size > MAX_META_BYTES) return null;
      const box = await readAt(handle, offset + headerLength, size - headerLength);
      return box.length === size - headerLength ? box : null;
    }
    offset += size;
  }
  return null;
}

/** The child boxes of a box's content between `start` and `end`, by type (their contents). */
function boxesIn(content: Buffer, start: number, end: number): Map<string, Buffer> {
  const boxes = new Map<string, Buffer>();
  for (let offset = start; offset + 8 <= end;) {
    const size = content.readUInt32BE(offset);
    if (size < 8 || offset + size > end) break;
    const type = content.toString('latin1', offset + 4, offset + 8);
    if (!boxes.has(type)) boxes.set(type, content.subarray(offset + 8, offset + size));
    offset += size;
  }
  return boxes;
}

/** The id of the first item of type `Exif` in an `iinf` box, or null. */
function exifItemId(iinf: Buffer): number | null {
  const version = iinf[0];
  const countSize = version === 0 ? 2 : 4;
  let offset = 4 + countSize;
  while (offset + 8 <= iinf.length) {
    const size = iinf.readUInt32BE(offset);
    if (size < 8 || offset + size > iinf.length) return null;
    if (iinf.toString('latin1', offset + 4, offset + 8) === 'infe') {
      // infe version 2 has a 16-bit item id, version 3 a 32-bit one; then a 16-bit protection
      // index and the item type. Older versions describe files, not images and metadata.
      const infeVersion = iinf[offset + 8];
      const idSize = infeVersion === 3 ? 4 : 2;
      const typeAt = offset + 12 + idSize + 2;
      if (infeVersion >= 2 && typeAt + 4 <= offset + size) {
        if (iinf.toString('latin1', typeAt, typeAt + 4) === 'Exif') {
          return iinf.readUIntBE(offset + 12, idSize);
        }
      }
    }
    offset += size;
  }
  return null;
}

/** Where an item's bytes are in the file, from the `iloc` box; null when not in the file. */
function itemExtents(iloc: Buffer, itemId: number): { offset: number; length: number }[] | null {
  const version = iloc[0];
  const offsetSize = iloc[4] >> 4;
  const lengthSize = iloc[4] & 0x0f;
  const baseOffsetSize = iloc[5] >> 4;
  const indexSize = version > 0 ? iloc[5] & 0x0f : 0;
  const readSized = (at: number, size: number): number => {
    if (size === 0) return 0;
    if (at + size > iloc.length) throw new RangeError('iloc ends early');
    return size === 8 ? Number(iloc.readBigUInt64BE(at)) : iloc.readUIntBE(at, size);
  };
  try {
    let offset = 6;
    const idSize = version < 2 ? 2 : 4;
    const itemCount = readSized(offset, idSize);
    offset += idSize;
    for (let item = 0; item < itemCount; item += 1) {
      const id = readSized(offset, idSize);
      offset += idSize;
      // Construction method 0 is "at this offset in the file"; the others (inside `idat`, or
      // in another item) are not used for EXIF by cameras or phones.
      const constructionMethod = version > 0 ? readSized(offset, 2) & 0x0f : 0;
      if (version > 0) offset += 2;
      offset += 2; // data reference index: 0 is this file
      const baseOffset = readSized(offset, baseOffsetSize);
      offset += baseOffsetSize;
      const extentCount = readSized(offset, 2);
      offset += 2;
      const extents: { offset: number; length: number }[] = [];
      for (let extent = 0; extent < extentCount; extent += 1) {
        offset += indexSize;
        const extentOffset = readSized(offset, offsetSize);
        const length = readSized(offset + offsetSize, lengthSize);
        offset += offsetSize + lengthSize;
        extents.push({ offset: baseOffset + extentOffset, length });
      }
      if (id === itemId) return constructionMethod === 0 ? extents : null;
    }
  } catch {
    // A truncated or corrupt iloc box: no EXIF.
  }
  return null;
}

/** Some writers keep the JPEG APP1 header before the TIFF structure; it is dropped. */
function withoutExifHeader(exif: Buffer): Buffer {
  const prefixed = exif.toString('latin1', 0, EXIF_HEADER.length) === EXIF_HEADER;
  return prefixed ? exif.subarray(EXIF_HEADER.length) : exif;
}

/** Up to `length` bytes at `position`; fewer at the end of the file. */
async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}
