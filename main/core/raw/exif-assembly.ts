/**
 * Assembles a small standalone EXIF TIFF (IFD0, EXIF IFD, GPS IFD) from entries read out of a
 * RAW's own structures. A RAW keeps its metadata where exifr cannot reach it: a CR3 splits it
 * over three TIFF blocks in boxes (CMT1, CMT2, CMT4), a RAF keeps it in its preview's EXIF,
 * an RW2 or ORF has a TIFF magic exifr refuses, and a SubIFD may carry an Orientation that is
 * not the photo's. Rebuilt as one plain little-endian TIFF of only the tags the import keeps,
 * any of them is read by the import's own EXIF reader the same way.
 */
import { readValueLittleEndian } from './tiff-ifd';
import type { LocatedIfd } from './tiff-walk';

/** One entry with its value, stored little-endian. */
export interface ExifEntry {
  tag: number;
  type: number;
  count: number;
  value: Buffer;
}

/** The entries of the assembled TIFF, by IFD. */
export interface ExifEntries {
  ifd0: ExifEntry[];
  exif: ExifEntry[];
  gps: ExifEntry[];
}

/**
 * The largest value copied: the longest tag kept is a lens name of a few dozen characters; a
 * corrupt count must not copy megabytes.
 */
const MAX_VALUE_BYTES = 1024;

const EXIF_IFD_POINTER = 0x8769;
const GPS_IFD_POINTER = 0x8825;
const LONG = 4;

/** The entries of `located` whose tags are in `tags`, values read little-endian. */
export async function copyEntries(
  located: LocatedIfd | null,
  tags: ReadonlySet<number>,
): Promise<ExifEntry[]> {
  if (!located) return [];
  const copied: ExifEntry[] = [];
  for (const entry of located.ifd.entries.values()) {
    if (!tags.has(entry.tag)) continue;
    const value = await readValueLittleEndian(located.context, entry, MAX_VALUE_BYTES);
    if (value) copied.push({ tag: entry.tag, type: entry.type, count: entry.count, value });
  }
  return copied;
}

/** The entries of `primary`, with those of `fallback` whose tags `primary` lacks. */
export function mergeEntries(primary: ExifEntry[], fallback: ExifEntry[]): ExifEntry[] {
  const present = new Set(primary.map((entry) => entry.tag));
  return [...primary, ...fallback.filter((entry) => !present.has(entry.tag))];
}

/** A little-endian TIFF holding the entries; IFDs without entries are left out. */
export function buildExifTiff(entries: ExifEntries): Buffer {
  const pointer = (tag: number): ExifEntry => ({
    tag,
    type: LONG,
    count: 1,
    value: Buffer.alloc(4),
  });
  const ifd0 = [...entries.ifd0];
  const exifPointer = entries.exif.length > 0 ? pointer(EXIF_IFD_POINTER) : null;
  const gpsPointer = entries.gps.length > 0 ? pointer(GPS_IFD_POINTER) : null;
  if (exifPointer) ifd0.push(exifPointer);
  if (gpsPointer) ifd0.push(gpsPointer);
  const blocks = [ifd0, entries.exif, entries.gps].filter((block) => block.length > 0);
  const offsets: number[] = [];
  let size = 8;
  for (const block of blocks) {
    offsets.push(size);
    size += blockSize(block);
  }
  if (exifPointer) exifPointer.value.writeUInt32LE(offsets[blocks.indexOf(entries.exif)]!);
  if (gpsPointer) gpsPointer.value.writeUInt32LE(offsets[blocks.indexOf(entries.gps)]!);
  const tiff = Buffer.alloc(Math.max(size, 8));
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(offsets[0] ?? 0, 4);
  blocks.forEach((block, index) => writeBlock(tiff, offsets[index]!, block));
  return tiff;
}

/** An IFD's bytes: count, 12 per entry, the next-IFD offset, then values over 4 bytes (even-padded). */
function blockSize(block: ExifEntry[]): number {
  const values = block.reduce(
    (sum, entry) =>
      sum + (entry.value.length > 4 ? entry.value.length + (entry.value.length % 2) : 0),
    0,
  );
  return 2 + block.length * 12 + 4 + values;
}

function writeBlock(tiff: Buffer, offset: number, block: ExifEntry[]): void {
  // TIFF requires entries in ascending tag order.
  const sorted = [...block].sort((a, b) => a.tag - b.tag);
  tiff.writeUInt16LE(sorted.length, offset);
  let valueAt = offset + 2 + sorted.length * 12 + 4;
  sorted.forEach((entry, index) => {
    const at = offset + 2 + index * 12;
    tiff.writeUInt16LE(entry.tag, at);
    tiff.writeUInt16LE(entry.type, at + 2);
    tiff.writeUInt32LE(entry.count, at + 4);
    if (entry.value.length <= 4) {
      entry.value.copy(tiff, at + 8);
    } else {
      tiff.writeUInt32LE(valueAt, at + 8);
      entry.value.copy(tiff, valueAt);
      valueAt += entry.value.length + (entry.value.length % 2);
    }
  });
  // The next-IFD offset stays 0: IFD0 has no IFD1 here.
}
