/**
 * Tells a RAW's container from its first bytes (TIFF family, CR3, RAF) and walks it: the
 * candidates for its preview, and the IFDs that hold what the camera recorded (IFD0, EXIF,
 * GPS; a CR3's CMT1, CMT2 and CMT4). The import's format is a name; the bytes decide the walk,
 * so a `.raw` from Panasonic or a DNG renamed to `.tif` is still read as what it is.
 */
import type { ByteSource } from './byte-source';
import { walkCr3 } from './cr3-boxes';
import type { PreviewCandidate } from './preview-candidate';
import { RAF_SIGNATURE, rafPreview } from './raf-header';
import { walkTiff, type LocatedIfd } from './tiff-walk';

/** A walked RAW. */
export interface RawLayout {
  container: 'tiff' | 'cr3' | 'raf';
  candidates: PreviewCandidate[];
  /** IFD0 (a CR3's CMT1): the photo's Orientation; null for a RAF, whose preview has its own. */
  ifd0: LocatedIfd | null;
  exif: LocatedIfd | null;
  gps: LocatedIfd | null;
}

/** Walks the RAW's container; null when its first bytes are none that Shoebox walks. */
export async function walkRaw(source: ByteSource): Promise<RawLayout | null> {
  const head = await source.read(0, 16);
  if (head.toString('latin1', 0, 15) === RAF_SIGNATURE) {
    return {
      container: 'raf',
      candidates: await rafPreview(source),
      ifd0: null,
      exif: null,
      gps: null,
    };
  }
  if (head.toString('latin1', 4, 8) === 'ftyp' && head.toString('latin1', 8, 12) === 'crx ') {
    const cr3 = await walkCr3(source);
    const block = async (offset: number | null) =>
      offset === null ? null : ((await walkTiff(source, offset))?.ifd0 ?? null);
    return {
      container: 'cr3',
      candidates: cr3.candidates,
      ifd0: await block(cr3.cmt1),
      // CMT2 and CMT4 are TIFFs whose first IFD is the EXIF and the GPS IFD.
      exif: await block(cr3.cmt2),
      gps: await block(cr3.cmt4),
    };
  }
  const tiff = await walkTiff(source, 0);
  return tiff ? { container: 'tiff', ...tiff } : null;
}
