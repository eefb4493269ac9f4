/**
 * The key that pairs an iPhone's Live Photo still with its movie: Apple's ContentIdentifier,
 * tag 0x0011 of the Apple maker note inside the still's EXIF (the movie carries the same value
 * as `com.apple.quicktime.content.identifier`). osxphotos and pigallery2 pair by it, not by
 * names (../shared/research/camera-cards.md 3 and 5.2). Read from the EXIF block the import
 * finds anyway (exif-block.ts), a few dozen bytes; never throws.
 */
import { open } from 'node:fs/promises';
import { findExifBlock } from '../import/exif-block';

const EXIF_IFD_TAG = 0x8769;
const MAKER_NOTE_TAG = 0x927c;
const CONTENT_IDENTIFIER_TAG = 0x0011;
/** Apple's maker note: this header, a version, `MM`, then a big-endian IFD at byte 14. */
const APPLE_HEADER = 'Apple iOS\0';
const APPLE_IFD_OFFSET = 14;
/** A real ContentIdentifier is a UUID (36 characters); anything much longer is not one. */
const MAX_IDENTIFIER_LENGTH = 64;

/** The ContentIdentifier of a HEIC or JPEG still, or null when it has none (or no EXIF). */
export async function readAppleContentIdentifier(path: string | Buffer): Promise<string | null> {
  try {
    const handle = await open(path, 'r');
    try {
      const search = await findExifBlock(handle);
      return search.container !== 'other' && search.exif ? contentIdentifierOf(search.exif) : null;
    } catch {
      return null;
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

/** The ContentIdentifier in a TIFF-structured EXIF block, or null. Pure. */
export function contentIdentifierOf(exif: Uint8Array): string | null {
  const view = new DataView(exif.buffer, exif.byteOffset, exif.byteLength);
  const order = String.fromCharCode(exif[0] ?? 0, exif[1] ?? 0);
  if (order !== 'II' && order !== 'MM') return null;
  const little = order === 'II';
  const ifd0 = u32(view, 4, little);
  const exifIfd = ifd0 === null ? null : entryValue(view, ifd0, EXIF_IFD_TAG, little);
  const note = exifIfd === null ? null : entry(view, exifIfd.value, MAKER_NOTE_TAG, little);
  if (!note) return null;
  const start = note.count <= 4 ? note.at + 8 : note.value;
  if (start + APPLE_IFD_OFFSET > exif.length) return null;
  const header = String.fromCharCode(...exif.subarray(start, start + APPLE_HEADER.length));
  if (header !== APPLE_HEADER) return null;
  // The maker note's offsets count from its own start; its IFD is big-endian ("MM").
  const noteView = new DataView(exif.buffer, exif.byteOffset + start, exif.length - start);
  const id = entry(noteView, APPLE_IFD_OFFSET, CONTENT_IDENTIFIER_TAG, false);
  if (!id || id.type !== 2 || id.count > MAX_IDENTIFIER_LENGTH) return null;
  const textAt = id.count <= 4 ? id.at + 8 : id.value;
  if (textAt + id.count > noteView.byteLength) return null;
  const bytes = new Uint8Array(noteView.buffer, noteView.byteOffset + textAt, id.count);
  const text = String.fromCharCode(...bytes)
    .replace(/\0+$/, '')
    .trim();
  return text === '' ? null : text;
}

/** An IFD entry: where it is, its type, count and value (or value offset). */
interface Entry {
  at: number;
  type: number;
  count: number;
  value: number;
}

function entry(view: DataView, ifd: number, tag: number, little: boolean): Entry | null {
  if (ifd + 2 > view.byteLength) return null;
  const count = view.getUint16(ifd, little);
  for (let index = 0; index < count; index += 1) {
    const at = ifd + 2 + index * 12;
    if (at + 12 > view.byteLength) return null;
    if (view.getUint16(at, little) !== tag) continue;
    return {
      at,
      type: view.getUint16(at + 2, little),
      count: view.getUint32(at + 4, little),
      value: view.getUint32(at + 8, little),
    };
  }
  return null;
}

function entryValue(view: DataView, ifd: number, tag: number, little: boolean): Entry | null {
  const found = entry(view, ifd, tag, little);
  return found && found.value < view.byteLength ? found : null;
}

function u32(view: DataView, at: number, little: boolean): number | null {
  return at + 4 <= view.byteLength ? view.getUint32(at, little) : null;
}
