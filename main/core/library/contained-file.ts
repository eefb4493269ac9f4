/**
 * Containment on real paths, for every transport that sends a file it found by id (serve's
 * `/media`, Electron's `shoebox-media://` and `app://`).
 */
import { realpath } from 'node:fs/promises';
import { isInside } from './library-paths';

/**
 * The real path of `candidate` when it is a file strictly inside `folder`, else null. Both sides
 * go through realpath so a symlink inside the folder cannot point the response outside it.
 */
export async function containedFile(folder: string, candidate: string): Promise<string | null> {
  try {
    const [realFolder, realCandidate] = await Promise.all([realpath(folder), realpath(candidate)]);
    return isInside(realFolder, realCandidate) ? realCandidate : null;
  } catch {
    return null;
  }
}
