import { link, mkdir, rename, stat } from 'node:fs/promises';
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
  const folder = path.join(layout.originals, ...yearMonth(facts.takenAt));
  await mkdir(folder, { recursive: true });
  for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt += 1) {
    signal?.throwIfAborted();
    const candidate = path.join(folder, numberedName(facts.originalName, attempt));
    const storedPath = toStoredPath(layout, candidate);
    if (!reserveName(storedPath)) continue;
    if (await placeWithoutClobbering(staged.path, candidate)) {
      return { absolutePath: candidate, storedPath, adopted: false };
    }
    const existing = await stat(candidate).catch(() => null);
    if (
      existing?.isFile() &&
      existing.size === staged.bytes &&
      (await hashFile(candidate, signal)) === staged.hash
    ) {
      return { absolutePath: candidate, storedPath, adopted: true };
    }
  }
  throw new Error(`no free file name for ${facts.originalName} in ${folder}`);
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
