/**
 * Reads TIFF structure (the container of most camera RAWs, and of every EXIF block): the
 * header and one image file directory (IFD) at a time, with bounds on everything a damaged
 * file could make unbounded. Offsets inside a TIFF count from its header (`base`), which for a
 * makernote or an EXIF block inside a JPEG is not the start of the file.
 */
import type { ByteSource } from './byte-source';

/** Where a TIFF structure starts in the file and how its numbers are stored. */
export interface TiffContext {
  source: ByteSource;
  /** The file offset that offsets inside this TIFF count from. */
  base: number;
  littleEndian: boolean;
}

/** One directory entry; `valueOffset` is the file offset of its value (inline values too). */
export interface IfdEntry {
  tag: number;
  type: number;
  count: number;
  /** File offset of the value: inside the entry when it fits in 4 bytes, else where it points. */
  valueOffset: number;
  /** The value's size in bytes (count × the type's size). */
  byteLength: number;
}

/** An IFD's entries by tag, and the offset (relative to `base`) of the next IFD, 0 if none. */
export interface Ifd {
  entries: Map<number, IfdEntry>;
  next: number;
}

/** The TIFF header magic numbers of the RAW formats read: TIFF 42, Panasonic 0x55, Olympus. */
const TIFF_MAGICS = new Set([42, 0x55, 0x4f52, 0x5352]);

/**
 * The most entries an IFD may claim. Real RAW IFDs have up to a few hundred; a corrupt count
 * (up to 65535) must not read 800 KB of garbage as entries.
 */
const MAX_IFD_ENTRIES = 1000;

/** Bytes per value of each TIFF field type (1 BYTE … 13 IFD), by type number. */
const TYPE_SIZES: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
};

/**
 * The bytes each value of a type is stored in when its byte order is swapped: a RATIONAL is two
 * 4-byte numbers, not one 8-byte number.
 */
const SWAP_UNITS: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 4,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 4,
  11: 4,
  12: 8,
  13: 4,
};

/**
 * The TIFF header at `base`: byte order, magic and the offset of IFD0 (relative to `base`);
 * null when the bytes there are not a TIFF header.
 */
export async function readTiffHeader(
  source: ByteSource,
  base: number,
): Promise<{ context: TiffContext; firstIfd: number; magic: number } | null> {
  const header = await source.read(base, 8);
  if (header.length < 8) return null;
  const order = header.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return null;
  const littleEndian = order === 'II';
  const magic = littleEndian ? header.readUInt16LE(2) : header.readUInt16BE(2);
  if (!TIFF_MAGICS.has(magic)) return null;
  const firstIfd = littleEndian ? header.readUInt32LE(4) : header.readUInt32BE(4);
  return { context: { source, base, littleEndian }, firstIfd, magic };
}

/** The IFD at `offset` (relative to the context's base), or null when it is not readable. */
export async function readIfd(context: TiffContext, offset: number): Promise<Ifd | null> {
  if (offset <= 0) return null;
  const start = context.base + offset;
  const countBytes = await context.source.read(start, 2);
  if (countBytes.length < 2) return null;
  const count = uint16(context, countBytes, 0);
  if (count === 0 || count > MAX_IFD_ENTRIES) return null;
  const table = await context.source.read(start + 2, count * 12 + 4);
  // A directory cut off by the end of the file: keep the entries that are there.
  const whole = Math.min(count, Math.floor(table.length / 12));
  if (whole === 0) return null;
  const entries = new Map<number, IfdEntry>();
  for (let index = 0; index < whole; index += 1) {
    const at = index * 12;
    const type = uint16(context, table, at + 2);
    const size = TYPE_SIZES[type];
    if (size === undefined) continue;
    const valueCount = uint32(context, table, at + 4);
    const byteLength = valueCount * size;
    const valueOffset =
      byteLength <= 4 ? start + 2 + at + 8 : context.base + uint32(context, table, at + 8);
    const tag = uint16(context, table, at);
    entries.set(tag, { tag, type, count: valueCount, valueOffset, byteLength });
  }
  const next = table.length >= count * 12 + 4 ? uint32(context, table, count * 12) : 0;
  return { entries, next };
}

/**
 * An entry's unsigned integer values (BYTE, SHORT, LONG, IFD), at most `limit` of them; empty
 * for other types or a value outside the file.
 */
export async function readIntegers(
  context: TiffContext,
  entry: IfdEntry | undefined,
  limit = 1,
): Promise<number[]> {
  if (!entry || ![1, 3, 4, 13].includes(entry.type)) return [];
  const size = TYPE_SIZES[entry.type]!;
  const count = Math.min(entry.count, limit);
  const bytes = await context.source.read(entry.valueOffset, count * size);
  const values: number[] = [];
  for (let at = 0; at + size <= bytes.length; at += size) {
    values.push(
      size === 1
        ? bytes[at]!
        : size === 2
          ? uint16(context, bytes, at)
          : uint32(context, bytes, at),
    );
  }
  return values;
}

/** An entry's first unsigned integer value, or null. */
export async function readInteger(
  context: TiffContext,
  entry: IfdEntry | undefined,
): Promise<number | null> {
  return (await readIntegers(context, entry, 1))[0] ?? null;
}

/**
 * An entry's value bytes in little-endian order (each number swapped if the TIFF is
 * big-endian), at most `maxBytes` long; null when it is larger or lies outside the file.
 */
export async function readValueLittleEndian(
  context: TiffContext,
  entry: IfdEntry,
  maxBytes: number,
): Promise<Buffer | null> {
  if (entry.byteLength > maxBytes) return null;
  const bytes = await context.source.read(entry.valueOffset, entry.byteLength);
  if (bytes.length !== entry.byteLength) return null;
  const unit = SWAP_UNITS[entry.type]!;
  if (context.littleEndian || unit === 1) return bytes;
  const swapped = Buffer.from(bytes);
  for (let at = 0; at + unit <= swapped.length; at += unit)
    swapped.subarray(at, at + unit).reverse();
  return swapped;
}

function uint16(context: TiffContext, bytes: Buffer, at: number): number {
  return context.littleEndian ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at);
}

function uint32(context: TiffContext, bytes: Buffer, at: number): number {
  return context.littleEndian ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at);
}
