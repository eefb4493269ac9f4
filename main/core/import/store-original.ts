import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, mkdir, open, rename, stat, unlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import { type LibraryLayout, toStoredPath } from '../library/library-paths';
import { numberedName } from './file-names';
import { hashFile } from './hash-file';

/** Where an original now lives in the library. */
export interface StoredOriginal {
  absolutePath: string;
  storedPath: string;
  /** True when an identical file was already there (left by an interrupted import). */
  adopted: boolean;
}

/** What is known of the file to store. */
export interface OriginalToStore {
  sourcePath: string;
  originalName: string;
  /** ISO 8601 capture time: its year and month name the folder. */
  takenAt: string;
  hash: string;
  bytes: number;
  mtimeMs: number;
}

// Enough candidates for any real card (IMG_0001 … repeats across cameras) before giving up.
const MAX_NAME_ATTEMPTS = 10_000;

/**
 * Copies an original into `originals/YYYY/MM/` under a sanitised, unique name, atomically: the
 * copy is written and flushed under .staging/ and only then linked into place, so the final name
 * never holds a partial file. An identical file already at a candidate name is adopted instead.
 * `isRecorded` says whether a stored path belongs to a photo row (even if its file is missing).
 */
export async function storeOriginal(
  layout: LibraryLayout,
  original: OriginalToStore,
  isRecorded: (storedPath: string) => boolean,
  signal?: AbortSignal,
): Promise<StoredOriginal> {
  const folder = path.join(layout.originals, ...yearMonth(original.takenAt));
  await mkdir(folder, { recursive: true });
  await mkdir(layout.staging, { recursive: true });

  let staged: string | null = null;
  try {
    for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt += 1) {
      signal?.throwIfAborted();
      const candidate = path.join(folder, numberedName(original.originalName, attempt));
      const storedPath = toStoredPath(layout, candidate);
      if (isRecorded(storedPath)) continue;
      const existing = await stat(candidate).catch(() => null);
      if (existing) {
        if (
          existing.size === original.bytes &&
          (await hashFile(candidate, signal)) === original.hash
        ) {
          return { absolutePath: candidate, storedPath, adopted: true };
        }
        continue;
      }
      staged ??= await stageCopy(layout, original);
      if (await placeWithoutClobbering(staged, candidate)) {
        staged = null;
        return { absolutePath: candidate, storedPath, adopted: false };
      }
    }
    throw new Error(`no free file name for ${original.originalName} in ${folder}`);
  } finally {
    if (staged) await unlink(staged).catch(() => undefined);
  }
}

function yearMonth(takenAt: string): [string, string] {
  const match = /^(\d{4})-(\d{2})/.exec(takenAt);
  return match ? [match[1]!, match[2]!] : ['unknown', 'unknown'];
}

async function stageCopy(layout: LibraryLayout, original: OriginalToStore): Promise<string> {
  // The writer's pid in the name lets `verify --repair` tell a crashed import's leftovers from
  // the files of an import still running in another process.
  const staged = path.join(layout.staging, `original-${process.pid}-${randomUUID()}.tmp`);
  // A clone where the file system can (same bytes, no copy); a plain copy elsewhere.
  await copyFile(original.sourcePath, staged, constants.COPYFILE_FICLONE);
  // Flushed before it gets its final name: a row is committed only after this, and a power
  // loss must not leave a recorded original with missing bytes.
  const handle = await open(staged, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  // Keep the camera's file time: it is the capture time of photos that have no EXIF date.
  const seconds = original.mtimeMs / 1000;
  await utimes(staged, seconds, seconds);
  return staged;
}

/** Moves `staged` to `target` unless `target` exists; false when it did. */
async function placeWithoutClobbering(staged: string, target: string): Promise<boolean> {
  try {
    // link() fails with EEXIST instead of overwriting: safe even if another Shoebox process
    // (the app and the CLI on one library) picks the same name at the same moment.
    await link(staged, target);
    await unlink(staged);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // File systems without hard links (exFAT, some network shares): check, then rename.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
      if (await stat(target).catch(() => null)) return false;
      await rename(staged, target);
      return true;
    }
    throw error;
  }
}
