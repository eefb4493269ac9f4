/**
 * Walks a Canon CR3 (an ISO-BMFF file, like MP4 and HEIF) for its embedded JPEGs: THMB
 * (160×120) in Canon's uuid box inside `moov`, PRVW (1620×1080 on an R6) in a top-level uuid
 * box, and the full-size JPEG that is the first sample of track 1 (`co64`/`stsz`). Canon's
 * uuid box also holds CMT1-CMT4, standalone TIFF blocks: CMT1 is IFD0 (Make, Model, the
 * photo's Orientation), CMT2 the EXIF IFD, CMT4 the GPS IFD. Layout as documented by
 * lclevy's "Describing the Canon Raw v3 (CR3) file format".
 */
import type { ByteSource } from './byte-source';
import type { PreviewCandidate } from './preview-candidate';

/** What a CR3 walk found: candidates and the file offsets of the CMT TIFF blocks. */
export interface Cr3Walk {
  candidates: PreviewCandidate[];
  /** File offset of the TIFF header in CMT1 (IFD0), CMT2 (EXIF) and CMT4 (GPS), if present. */
  cmt1: number | null;
  cmt2: number | null;
  cmt4: number | null;
}

/** Canon's metadata box inside `moov` (CMT1-4, THMB). */
const CANON_UUID = '85c0b687820f11e08111f4ce462b6a48';
/** The top-level box that holds PRVW. */
const PREVIEW_UUID = 'eaf42b5e1c984b88b9fbb7dc406e4d16';

/** The JPEG in THMB and PRVW starts 24 bytes into the box, after the box header and its fields. */
const JPEG_START = 24;

/**
 * The most boxes listed in one container: a CR3 has about 8 at the top and in `moov`; the limit
 * ends a walk through garbage.
 */
const MAX_BOXES = 256;

interface Box {
  type: string;
  /** File offset of the box's first byte. */
  start: number;
  /** File offset of its payload (after size, type, a 64-bit size and a uuid). */
  payload: number;
  end: number;
  uuid: string | null;
}

/** Walks a CR3 file. */
export async function walkCr3(source: ByteSource): Promise<Cr3Walk> {
  const walk: Cr3Walk = { candidates: [], cmt1: null, cmt2: null, cmt4: null };
  for (const box of await listBoxes(source, 0, source.size)) {
    if (box.type === 'moov') await walkMoov(source, box, walk);
    if (box.type === 'uuid' && box.uuid === PREVIEW_UUID) {
      // 8 bytes of Canon's own fields come before the PRVW box.
      for (const child of await listBoxes(source, box.payload + 8, box.end)) {
        if (child.type === 'PRVW')
          walk.candidates.push(await boxJpeg(source, child, 20, 'CR3 PRVW'));
      }
    }
  }
  return walk;
}

async function walkMoov(source: ByteSource, moov: Box, walk: Cr3Walk): Promise<void> {
  let trackIndex = 0;
  for (const box of await listBoxes(source, moov.payload, moov.end)) {
    if (box.type === 'uuid' && box.uuid === CANON_UUID) {
      for (const child of await listBoxes(source, box.payload, box.end)) {
        if (child.type === 'CMT1') walk.cmt1 = child.payload;
        if (child.type === 'CMT2') walk.cmt2 = child.payload;
        if (child.type === 'CMT4') walk.cmt4 = child.payload;
        if (child.type === 'THMB')
          walk.candidates.push(await boxJpeg(source, child, 16, 'CR3 THMB'));
      }
    }
    if (box.type === 'trak') {
      trackIndex += 1;
      // Track 1 is the full-size JPEG; tracks 2-3 are the CRX-coded raw data, 4 metadata.
      if (trackIndex === 1) {
        const sample = await firstSample(source, box);
        if (sample) walk.candidates.push(sample);
      }
    }
  }
}

/** THMB or PRVW: the JPEG at byte 24, its length a 32-bit field at `lengthAt` (kept inside the box). */
async function boxJpeg(
  source: ByteSource,
  box: Box,
  lengthAt: number,
  origin: string,
): Promise<PreviewCandidate> {
  const field = await source.read(box.start + lengthAt, 4);
  const room = box.end - (box.start + JPEG_START);
  const declared = field.length === 4 ? field.readUInt32BE(0) : room;
  return { offset: box.start + JPEG_START, length: Math.min(declared, room), origin };
}

/** The first sample of a track: its offset from `co64` (or `stco`) and its size from `stsz`. */
async function firstSample(source: ByteSource, trak: Box): Promise<PreviewCandidate | null> {
  const stbl = await descend(source, trak, ['mdia', 'minf', 'stbl']);
  if (!stbl) return null;
  let offset: number | null = null;
  let length: number | null = null;
  for (const box of await listBoxes(source, stbl.payload, stbl.end)) {
    // Each is a full box (version and flags, 4 bytes) followed by its table.
    const table = await source.read(box.payload, 20);
    if (box.type === 'co64' && table.length >= 16 && table.readUInt32BE(4) > 0) {
      const value = table.readBigUInt64BE(8);
      offset = value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : null;
    }
    if (box.type === 'stco' && table.length >= 12 && table.readUInt32BE(4) > 0)
      offset = table.readUInt32BE(8);
    if (box.type === 'stsz' && table.length >= 12 && table.readUInt32BE(8) > 0) {
      // A fixed sample size, else the first entry of the table.
      length = table.readUInt32BE(4) || (table.length >= 16 ? table.readUInt32BE(12) : null);
    }
  }
  return offset && length ? { offset, length, origin: 'CR3 track 1' } : null;
}

async function descend(source: ByteSource, box: Box, path: string[]): Promise<Box | null> {
  let current = box;
  for (const type of path) {
    const next = (await listBoxes(source, current.payload, current.end)).find(
      (child) => child.type === type,
    );
    if (!next) return null;
    current = next;
  }
  return current;
}

/** The boxes from `start` to `end`, stopping at the first that does not fit. */
async function listBoxes(source: ByteSource, start: number, end: number): Promise<Box[]> {
  const boxes: Box[] = [];
  let position = start;
  const limit = Math.min(end, source.size);
  while (position + 8 <= limit && boxes.length < MAX_BOXES) {
    const header = await source.read(position, 32);
    if (header.length < 8) break;
    let size = header.readUInt32BE(0);
    const type = header.toString('latin1', 4, 8);
    let payload = position + 8;
    if (size === 1) {
      if (header.length < 16) break;
      const large = header.readBigUInt64BE(8);
      if (large > BigInt(Number.MAX_SAFE_INTEGER)) break;
      size = Number(large);
      payload += 8;
    } else if (size === 0) {
      size = limit - position; // the box runs to the end of its container
    }
    const boxEnd = position + size;
    if (size < payload - position || boxEnd > limit) break;
    let uuid: string | null = null;
    if (type === 'uuid') {
      const at = payload - position;
      if (header.length < at + 16) break;
      uuid = header.toString('hex', at, at + 16);
      payload += 16;
    }
    boxes.push({ type, start: position, payload, end: boxEnd, uuid });
    position = boxEnd;
  }
  return boxes;
}
