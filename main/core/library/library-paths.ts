import { homedir } from 'node:os';
import path from 'node:path';
import { isReferenced } from './referenced-files';

/** The folders and files of one library on disk (README.md, "Library on disk"). */
export interface LibraryLayout {
  root: string;
  database: string;
  originals: string;
  derivatives: string;
  /** Staging for atomic writes and uploads: on the same file system, so rename is atomic. */
  staging: string;
  /** Where `verify --repair` puts files it found in originals/ but cannot place. */
  recovered: string;
}

/** The library folder: `--library DIR`, else `SHOEBOX_LIBRARY`, else `~/Pictures/Shoebox`. */
export function resolveLibraryRoot(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const chosen = flag ?? env.SHOEBOX_LIBRARY;
  if (chosen && chosen.trim() !== '') return path.resolve(chosen);
  return path.join(homedir(), 'Pictures', 'Shoebox');
}

/** The layout of the library rooted at `root` (absolute). */
export function libraryLayout(root: string): LibraryLayout {
  const absolute = path.resolve(root);
  return {
    root: absolute,
    database: path.join(absolute, 'library.db'),
    originals: path.join(absolute, 'originals'),
    derivatives: path.join(absolute, 'derivatives'),
    staging: path.join(absolute, '.staging'),
    recovered: path.join(absolute, 'recovered'),
  };
}

/** A path stored in the database: relative to the library root, with `/` separators. */
export function toStoredPath(layout: LibraryLayout, absolute: string): string {
  return path.relative(layout.root, absolute).split(path.sep).join('/');
}

// A stored path is relative, `/`-separated, and has no empty, `.` or `..` segment, no
// backslash, NUL or (Windows) drive colon: checked as text, since listing pages map hundreds of
// paths and path.resolve on each would dominate the query.
const SAFE_STORED_PATH = /^(?!.*(?:^|\/)\.{0,2}(?:\/|$))[^\\\0:]+$/;
const SAFE_STORED_PATH_POSIX = /^(?!.*(?:^|\/)\.{0,2}(?:\/|$))[^\\\0]+$/;

/**
 * The absolute path of a stored path, or null when it would leave the library: stored paths
 * come from the database, which a user can edit, so containment is checked on every use. A
 * file of a folder added in place is not in the library either (`referenced-files.ts` finds
 * it): null, so nothing that writes or removes library files ever reaches a user's file.
 */
export function fromStoredPath(layout: LibraryLayout, stored: string): string | null {
  const safe = path.sep === '/' ? SAFE_STORED_PATH_POSIX : SAFE_STORED_PATH;
  if (stored.startsWith('/') || isReferenced(stored) || !safe.test(stored)) return null;
  return layout.root + path.sep + (path.sep === '/' ? stored : stored.replaceAll('/', path.sep));
}

/** Whether `candidate` lies strictly inside `folder` (both absolute). */
export function isInside(folder: string, candidate: string): boolean {
  const relative = path.relative(folder, candidate);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
