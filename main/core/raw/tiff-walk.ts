/**
 * Walks a TIFF-based RAW (CR2, NEF, ARW, DNG, PEF, ORF, RW2 and the rest) for its embedded
 * JPEGs: IFD0 → IFD1 → …, every SubIFD (0x014A: where DNG and Nikon keep the full-size
 * preview), and the EXIF IFD's MakerNote (Nikon, Olympus, Pentax). It also hands back IFD0,
 * whose Orientation is the photo's: a SubIFD's (1 on a Nikon turned upright) describes only its
 * own image. Every IFD is visited once, so an IFD pointing at itself or at an earlier one ends
 * the walk instead of looping.
 */
import type { ByteSource } from './byte-source';
import { makernotePreviews } from './makernote-previews';
import type { PreviewCandidate } from './preview-candidate';
import {
  readIfd,
  readInteger,
  readIntegers,
  readTiffHeader,
  type Ifd,
  type TiffContext,
} from './tiff-ifd';

/** An IFD with the TIFF it belongs to (its offsets count from that TIFF's base). */
export interface LocatedIfd {
  context: TiffContext;
  ifd: Ifd;
}

/** What a TIFF walk found. */
export interface TiffWalk {
  candidates: PreviewCandidate[];
  /** IFD0: the photo's Orientation, Make and Model. */
  ifd0: LocatedIfd | null;
  /** The EXIF IFD (0x8769 in IFD0): capture time, exposure, lens. */
  exif: LocatedIfd | null;
  /** The GPS IFD (0x8825 in IFD0). */
  gps: LocatedIfd | null;
}

const TAG = {
  compression: 0x0103,
  stripOffsets: 0x0111,
  stripByteCounts: 0x0117,
  subIfds: 0x014a,
  jpegOffset: 0x0201,
  jpegLength: 0x0202,
  exifIfd: 0x8769,
  gpsIfd: 0x8825,
  makerNote: 0x927c,
  /** Panasonic RW2's JpgFromRaw: the JPEG itself as the tag's UNDEFINED value. */
  panasonicJpgFromRaw: 0x002e,
};

/** Compression values whose single strip is a whole JPEG: old-style, JPEG, lossy (DNG 1.4). */
const JPEG_COMPRESSIONS = new Set([6, 7, 34892]);

/**
 * The most IFDs one walk reads. A CR2 has 4 and a NEF 5-8 with its SubIFDs and makernote; the
 * limit ends a file whose IFD chain runs on through garbage.
 */
const MAX_IFDS = 64;

/** The most SubIFDs followed from one IFD (DNG writes 1-3, Nikon 1-2). */
const MAX_SUB_IFDS = 8;

/** How deep SubIFDs of SubIFDs are followed. */
const MAX_DEPTH = 3;

/** The magic of Panasonic's RW2 (and Leica's RWL), whose IFD0 holds the JpgFromRaw tag. */
const PANASONIC_MAGIC = 0x55;

/** Walks the TIFF whose header is at `base`; null when there is no TIFF header there. */
export async function walkTiff(source: ByteSource, base = 0): Promise<TiffWalk | null> {
  const header = await readTiffHeader(source, base);
  if (!header) return null;
  const walk: TiffWalk = { candidates: [], ifd0: null, exif: null, gps: null };
  const state = { visited: new Set<number>(), walk, panasonic: header.magic === PANASONIC_MAGIC };
  let offset = header.firstIfd;
  for (let index = 0; offset > 0; index += 1) {
    const ifd = await visit(state, header.context, offset, `IFD${index}`, 0);
    if (!ifd) break;
    if (index === 0) await noteIfd0(state, header.context, ifd);
    offset = ifd.next;
  }
  return walk;
}

interface WalkState {
  visited: Set<number>;
  walk: TiffWalk;
  panasonic: boolean;
}

/** Reads one IFD (once), collects its candidates and follows its SubIFDs. */
async function visit(
  state: WalkState,
  context: TiffContext,
  offset: number,
  name: string,
  depth: number,
): Promise<Ifd | null> {
  const absolute = context.base + offset;
  if (state.visited.has(absolute) || state.visited.size >= MAX_IFDS) return null;
  state.visited.add(absolute);
  const ifd = await readIfd(context, offset);
  if (!ifd) return null;
  await collectCandidates(state, context, ifd, name);
  if (depth < MAX_DEPTH) {
    const subIfds = await readIntegers(context, ifd.entries.get(TAG.subIfds), MAX_SUB_IFDS);
    for (const [index, subOffset] of subIfds.entries()) {
      await visit(state, context, subOffset, `SubIFD${index}`, depth + 1);
    }
  }
  return ifd;
}

async function collectCandidates(
  state: WalkState,
  context: TiffContext,
  ifd: Ifd,
  name: string,
): Promise<void> {
  const { candidates } = state.walk;
  const jpegOffset = await readInteger(context, ifd.entries.get(TAG.jpegOffset));
  const jpegLength = await readInteger(context, ifd.entries.get(TAG.jpegLength));
  if (jpegOffset && jpegLength) {
    candidates.push({
      offset: context.base + jpegOffset,
      length: jpegLength,
      origin: `${name} JPEG`,
    });
  }
  const compression = await readInteger(context, ifd.entries.get(TAG.compression));
  const strips = ifd.entries.get(TAG.stripOffsets);
  // A JPEG-compressed image in one strip is a whole JPEG file; in many strips it is not.
  if (compression !== null && JPEG_COMPRESSIONS.has(compression) && strips?.count === 1) {
    const offset = await readInteger(context, strips);
    const length = await readInteger(context, ifd.entries.get(TAG.stripByteCounts));
    if (offset && length) {
      candidates.push({ offset: context.base + offset, length, origin: `${name} strip` });
    }
  }
  const jpgFromRaw = ifd.entries.get(TAG.panasonicJpgFromRaw);
  if (state.panasonic && jpgFromRaw && jpgFromRaw.type === 7) {
    candidates.push({
      offset: jpgFromRaw.valueOffset,
      length: jpgFromRaw.byteLength,
      origin: 'RW2 JpgFromRaw',
    });
  }
}

/** IFD0 itself, its EXIF IFD (and the makernote's previews there) and its GPS IFD. */
async function noteIfd0(state: WalkState, context: TiffContext, ifd0: Ifd): Promise<void> {
  const { walk } = state;
  walk.ifd0 = { context, ifd: ifd0 };
  const exifOffset = await readInteger(context, ifd0.entries.get(TAG.exifIfd));
  const exif = exifOffset ? await visit(state, context, exifOffset, 'EXIF', MAX_DEPTH) : null;
  if (exif) {
    walk.exif = { context, ifd: exif };
    const makernote = exif.entries.get(TAG.makerNote);
    if (makernote) walk.candidates.push(...(await makernotePreviews(context, makernote)));
  }
  const gpsOffset = await readInteger(context, ifd0.entries.get(TAG.gpsIfd));
  const gps = gpsOffset ? await visit(state, context, gpsOffset, 'GPS', MAX_DEPTH) : null;
  if (gps) walk.gps = { context, ifd: gps };
}
