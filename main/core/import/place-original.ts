import { link, mkdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { type LibraryLayout, toStoredPath } from '../library/library-paths';
import { numberedName } from './file-names';
import { hashFile } from './hash-file';
import type { StagedSource } from './stage-source';

/** Where an original now lives in the library. */
export interface PlacedOriginal {
  absolutePath: string;
  storedPath: string;
  /** True when an identical file was already there (left by an interrupted import). */
  adopted: boolean;
}

// Enough candidates for any real card (IMG_0001 … repeats across cameras) before giving up.
const MAX_NAME_ATTEMPTS = 10_000;

/**
 * Gives a staged original its place in `originals/YYYY/MM/` under a sanitised, unique name.
 * Each name is first reserved (`reserveName`: false when a photo records it or another live
 * process is placing a file there), then linked into place without clobbering, so the final
 * name never holds a partial file and no two processes ever place at one name. An identical
 * file already at a reserved name (a crash's leftover) is adopted instead.
 */
export async function placeOriginal(
  layout: LibraryLayout,
  staged: StagedSource,
  facts: { originalName: string; takenAt: string },
  reserveName: (storedPath: string) => boolean,
  signal?: AbortSignal,
): Promise<PlacedOriginal> {
  const folder = originalsFolder(layout, facts.takenAt);
  const [placed] = await placeShot(
    layout,
    folder,
    [{ staged, originalName: facts.originalName, reserveName }],
    signal,
  );
  return placed!;
}

/** One file of a shot to place: its staged copy, its name, how to reserve a name for it. */
export interface ShotFileToPlace {
  staged: StagedSource;
  originalName: string;
  reserveName: (storedPath: string) => boolean;
}

/**
 * Places the files of one shot in `folder` under names that keep one stem (`IMG_0001.CR2`
 * with `IMG_0001.JPG`, or `IMG_0001-2.CR2` with `IMG_0001-2.JPG`), so other apps see them as
 * the pair they are. Each file as placeOriginal places one; when any name of an attempt is
 * taken, what that attempt placed is taken back and the next number is tried.
 */
export async function placeShot(
  layout: LibraryLayout,
  folder: string,
  files: ShotFileToPlace[],
  signal?: AbortSignal,
): Promise<PlacedOriginal[]> {
  await mkdir(folder, { recursive: true });
  for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt += 1) {
    signal?.throwIfAborted();
    const targets = files.map((file) => {
      const absolutePath = path.join(folder, numberedName(file.originalName, attempt));
      return { file, absolutePath, storedPath: toStoredPath(layout, absolutePath) };
    });
    if (!targets.every(({ file, storedPath }) => file.reserveName(storedPath))) continue;
    const placed: PlacedOriginal[] = [];
    for (const { file, absolutePath, storedPath } of targets) {
      const outcome = await placeAt(file.staged, absolutePath, signal);
      if (!outcome) break;
      placed.push({ absolutePath, storedPath, adopted: outcome === 'adopted' });
    }
    if (placed.length === targets.length) return placed;
    // The names are still reserved by this import: what it placed there is its own to remove.
    for (const file of placed) if (!file.adopted) await unlink(file.absolutePath);
  }
  throw new Error(`no free file name for ${files[0]!.originalName} in ${folder}`);
}

/** Places a staged file at `target`; 'adopted' when an identical file is there, null when another is. */
async function placeAt(
  staged: StagedSource,
  target: string,
  signal: AbortSignal | undefined,
): Promise<'placed' | 'adopted' | null> {
  if (await placeWithoutClobbering(staged.path, target)) return 'placed';
  const existing = await stat(target).catch(() => null);
  if (
    existing?.isFile() &&
    existing.size === staged.bytes &&
    (await hashFile(target, signal)) === staged.hash
  ) {
    return 'adopted';
  }
  return null;
}

/** The folder of originals a photo taken at `takenAt` goes to: `originals/YYYY/MM/`. */
export function originalsFolder(layout: LibraryLayout, takenAt: string): string {
  return path.join(layout.originals, ...yearMonth(takenAt));
}

function yearMonth(takenAt: string): [string, string] {
  const match = /^(\d{4})-(\d{2})/.exec(takenAt);
  return match ? [match[1]!, match[2]!] : ['unknown', 'unknown'];
}

/**
 * Puts `staged` at `target` unless `target` exists; false when it did. With hard links the
 * staged file stays where it is (the caller removes it); without them it is moved.
 */
async function placeWithoutClobbering(staged: string, target: string): Promise<boolean> {
  try {
    // link() fails with EEXIST instead of overwriting a file that is somehow there already.
    await link(staged, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // File systems without hard links (exFAT, some network shares): check, then rename. The
    // name is reserved, so no other Shoebox process can be placing a file there meanwhile.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
      if (await stat(target).catch(() => null)) return false;
      await rename(staged, target);
      return true;
    }
    throw error;
  }
}
