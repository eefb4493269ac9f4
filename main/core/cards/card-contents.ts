/**
 * What is on a camera card, and what of it is new to the library: the numbers of
 * `shoebox cards` and of the app's card prompt. The card is walked by the import's own scan,
 * so a shot counts here exactly as the import would take it (a RAW+JPEG pair once, a
 * .THM/.AAE with its shot, MISC/ not at all). Only reads the card.
 *
 * Whether a shot is in the library is decided by its original's content, the cheap way first:
 * 1. no file in the library has its size: new, without reading it;
 * 2. a photo has its size, file name and capture time: the same shot, without hashing it;
 * 3. anything else is hashed and looked up. A new shot is never taken for a known one by a
 *    shortcut that could be wrong: step 1 cannot, and step 2 asks for three facts at once.
 */
import { basename } from 'node:path';
import { errorMessage } from '../../../common/errors';
import type { CameraCard, CardDay } from '../../../common/contract';
import { hashFile } from '../import/hash-file';
import { fileTime } from '../import/metadata';
import { scanInputs, type ScanCandidate } from '../import/scan';
import { readShotMetadata } from '../import/shot-metadata';
import type { CardVolume } from './camera-cards';
import type { KnownShots } from './known-shots';

/** What counting needs besides the card. */
export interface CountCardOptions {
  known: KnownShots;
  /**
   * Whether to read every shot's capture time for the per-day breakdown (the app's prompt);
   * without it (`shoebox cards`) only shots whose size the library has are read.
   */
  days?: boolean;
  signal?: AbortSignal;
  /** Where a shot that could not be judged is reported; `console.warn` unless set. */
  logger?: (message: string) => void;
}

/** One shot as counted. */
interface CountedShot {
  candidate: ScanCandidate;
  /** Its files' bytes, original and companions. */
  bytes: number;
  /** Its capture day, when it was asked for. */
  day: string | null;
  isNew: boolean;
}

// Shots judged at once: reading EXIF and hashing are I/O-bound on a card reader, and a few at
// a time hide its latency without sending a busy machine's disk into seeks.
const CONCURRENCY = 4;

/**
 * Counts the shots on `card` and those not in the library, with the per-day breakdown when
 * `days` is set (empty otherwise). Never throws for a damaged card or file: what cannot be
 * read is counted in `unreadable` and, for a shot that cannot be hashed, counted as new (the
 * import will say what is wrong with it). Throws an AbortError when `signal` is aborted.
 */
export async function countCardContents(
  card: CardVolume,
  options: CountCardOptions,
): Promise<CameraCard> {
  const scan = await scanInputs([card.path], { signal: options.signal });
  const shots = await mapConcurrently(scan.candidates, options.signal, (candidate) =>
    countShot(candidate, options),
  );
  const newShots = shots.filter((shot) => shot.isNew);
  return {
    path: card.path,
    label: card.label,
    removable: card.removable,
    files: shots.length,
    newFiles: newShots.length,
    bytes: sum(shots.map((shot) => shot.bytes)),
    newBytes: sum(newShots.map((shot) => shot.bytes)),
    unreadable: scan.failed.length,
    days: options.days ? byDay(shots) : [],
  };
}

async function countShot(
  candidate: ScanCandidate,
  { known, days, signal, logger }: CountCardOptions,
): Promise<CountedShot> {
  const bytes = candidate.bytes + sum(candidate.companions.map((file) => file.bytes));
  const sizeKnown = known.hasFileOfSize(candidate.bytes);
  const takenAt = days || sizeKnown ? await cameraTime(candidate) : null;
  const day = days ? (takenAt ?? fileTime(candidate.mtimeMs)).slice(0, 10) : null;
  if (!sizeKnown) return { candidate, bytes, day, isNew: true };
  const name = basename(candidate.path);
  if (takenAt !== null && known.hasShot({ bytes: candidate.bytes, name, takenAt })) {
    return { candidate, bytes, day, isNew: false };
  }
  try {
    const hash = await hashFile(candidate.source, signal);
    return { candidate, bytes, day, isNew: !known.hasContent(hash) };
  } catch (error) {
    if (signal?.aborted) throw error;
    (logger ?? console.warn)(`Cannot read ${candidate.path} on the card: ${errorMessage(error)}`);
    return { candidate, bytes, day, isNew: true };
  }
}

/**
 * The capture time the import would record for the shot, or null when the file says none it
 * can be matched by (a video that cannot be read, a name that is not UTF-8).
 */
async function cameraTime(candidate: ScanCandidate): Promise<string | null> {
  // The metadata readers open paths as strings; a file named in bytes is hashed instead.
  if (typeof candidate.source !== 'string') return null;
  try {
    const { metadata } = await readShotMetadata(candidate, candidate.source, candidate.mtimeMs);
    return metadata.takenAt;
  } catch {
    return null;
  }
}

/** The shots by capture day, newest day first; each day's new originals in card order. */
function byDay(shots: CountedShot[]): CardDay[] {
  const days = new Map<string, CardDay>();
  for (const shot of shots) {
    const key = shot.day ?? '';
    const day = days.get(key) ?? { day: key, files: 0, newFiles: 0, paths: [], importPaths: [] };
    days.set(key, day);
    day.files += 1;
    if (!shot.isNew) continue;
    day.newFiles += 1;
    day.paths.push(shot.candidate.path);
    day.importPaths.push(
      shot.candidate.path,
      ...shot.candidate.companions.map((file) => file.path),
    );
  }
  return [...days.values()].sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0));
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Runs `work` on every item, CONCURRENCY at a time; results keep the items' order. */
async function mapConcurrently<T, R>(
  items: T[],
  signal: AbortSignal | undefined,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      signal?.throwIfAborted();
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  return results;
}
