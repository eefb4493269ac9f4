/**
 * What a photo's derivatives are made from, when that is not the original itself: the
 * camera's JPEG beside a RAW (its pair), else the largest JPEG the camera embedded in the RAW,
 * or a video's poster frame. The import, a rotation and a repair all make derivatives; they
 * all ask here, so a RAW is never handed to sharp (which "decodes" a DNG as its 8×8
 * thumbnail) and a video never reaches it at all.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { MediaFormat } from '../../../common/contract';
import { isRawFormat } from '../../../common/media-formats';
import type { Rotation } from '../../../common/description';
import { ShoeboxError } from '../../../common/errors';
import { extractRawPreview, inspectRaw } from '../raw/raw-preview';
import { makePosterFrame } from '../video/poster-frame';
import type { PhotoRepository, PhotoRow } from './photo-repository';

/** A picture to make derivatives from, and how to turn it upright. */
export interface DerivativeSource {
  sourcePath: string;
  /**
   * The quarter turn the picture needs on top of its own EXIF orientation: a RAW's, which
   * the JPEG embedded in it does not carry (the camera records it in the RAW's IFD0 only).
   */
  turn: Rotation;
  /** Removes what was made to serve as the source (a RAW's preview, a video's poster). */
  release(): Promise<void>;
}

/** What tells where a photo's derivatives come from. */
export interface SourceFacts {
  kind: 'photo' | 'video';
  format: MediaFormat;
  /** The original file (absolute). */
  originalPath: string;
  /** The camera's JPEG or HEIC beside a RAW (absolute), if it has one. */
  pairPath: string | null;
  /** The original's EXIF orientation (a RAW's IFD0), 1-8. */
  orientation: number;
  durationSeconds: number | null;
}

/** Where made sources go: the library's staging folder, named by this process's lease. */
export interface Scratch {
  folder: string;
  leaseId: string;
}

/** The quarter turn of each upright-by-turning EXIF orientation; mirrored ones are not turns. */
const TURNS: Partial<Record<number, Rotation>> = { 3: 180, 6: 90, 8: 270 };

/**
 * The source of a photo's derivatives: the pair, the RAW's embedded JPEG (extracted into
 * scratch), the video's poster frame (made into scratch), else the original itself. Rejects
 * with a clear reason when a RAW holds no picture Shoebox can show.
 */
export async function prepareDerivativeSource(
  facts: SourceFacts,
  scratch: Scratch,
  signal?: AbortSignal,
): Promise<DerivativeSource> {
  const keep = async () => undefined;
  if (facts.pairPath !== null) return { sourcePath: facts.pairPath, turn: 0, release: keep };
  if (facts.kind === 'video') {
    const poster = await scratchFile(scratch, 'poster');
    try {
      await makePosterFrame(facts.originalPath, poster, {
        durationSeconds: facts.durationSeconds ?? 0,
        signal,
      });
    } catch (error) {
      await rm(poster, { force: true });
      throw error;
    }
    return { sourcePath: poster, turn: 0, release: () => rm(poster, { force: true }) };
  }
  if (isRawFormat(facts.format)) {
    const inspection = await inspectRaw(facts.originalPath, facts.format);
    if (!inspection.ok) throw new ShoeboxError('UNSUPPORTED', inspection.reason);
    const preview = await scratchFile(scratch, 'preview');
    try {
      await extractRawPreview(facts.originalPath, inspection.preview, preview);
    } catch (error) {
      await rm(preview, { force: true });
      throw error;
    }
    return {
      sourcePath: preview,
      turn: TURNS[inspection.orientation] ?? 0,
      release: () => rm(preview, { force: true }),
    };
  }
  return { sourcePath: facts.originalPath, turn: 0, release: keep };
}

/** The facts of a stored photo: its original, its pair, its orientation. */
export function sourceFactsOfRow(photos: PhotoRepository, row: PhotoRow): SourceFacts {
  const pair = (photos.files.of([row.id]).get(row.id) ?? []).find((file) => file.role === 'pair');
  const inside = (stored: string): string => {
    // Stored paths come from a database file users can edit: they must stay inside (or, a
    // photo left in an added folder, be a file of its index).
    const absolute = photos.fileOf(stored)?.path;
    if (!absolute)
      throw new ShoeboxError('INTERNAL', `A stored path leaves the library: ${stored}`);
    return absolute;
  };
  return {
    kind: row.kind,
    format: row.format,
    originalPath: inside(row.stored_path),
    pairPath: pair ? inside(pair.stored_path) : null,
    orientation: row.orientation,
    durationSeconds: row.duration_seconds,
  };
}

/** The sum of two quarter turns. */
export function addTurns(a: Rotation, b: Rotation): Rotation {
  return ((a + b) % 360) as Rotation;
}

async function scratchFile(scratch: Scratch, what: string): Promise<string> {
  await mkdir(scratch.folder, { recursive: true });
  // `<what>-<lease>-…` in .staging/: stray-files.ts leaves a live process's files alone.
  return path.join(scratch.folder, `${what}-${scratch.leaseId}-${randomUUID()}.jpg`);
}
