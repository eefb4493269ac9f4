/** The camera RAW formats Shoebox recognises, and what their bytes are inside. */

/** Camera RAW formats Shoebox recognises; lower case, as `Photo.format` names them. */
export type RawFormat =
  | 'cr2'
  | 'cr3'
  | 'crw'
  | 'nef'
  | 'nrw'
  | 'arw'
  | 'sr2'
  | 'srf'
  | 'dng'
  | 'raf'
  | 'orf'
  | 'rw2'
  | 'rwl'
  | 'pef'
  | 'srw'
  | '3fr'
  | 'fff'
  | 'iiq'
  | 'erf'
  | 'kdc'
  | 'dcr'
  | 'mef'
  | 'mos'
  | 'mrw'
  | 'x3f'
  | 'gpr'
  | 'raw';

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
