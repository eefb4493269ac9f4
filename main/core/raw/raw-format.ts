/** The camera RAW formats Shoebox recognises, and which of them the walkers read. */
import type { RawFormat } from '../../../common/media-formats';

/**
 * Camera RAW formats Shoebox recognises; lower case, as `Photo.format` names them. One list for
 * the contract, the import and this module: common/media-formats.ts.
 */
export type { RawFormat };

/**
 * Formats whose containers the walkers do not read: Canon's CIFF (CRW), Minolta's MRW and
 * Sigma's X3F are each a layout of their own, and no camera sold in the last decade writes them.
 */
const UNWALKED_FORMATS = new Set<RawFormat>(['crw', 'mrw', 'x3f']);

/** Whether Shoebox reads embedded previews from this format at all. */
export function isWalkedFormat(format: RawFormat): boolean {
  return !UNWALKED_FORMATS.has(format);
}

/** The name a person knows the format by: "NEF", "CR3". */
export function formatLabel(format: RawFormat): string {
  return format.toUpperCase();
}
