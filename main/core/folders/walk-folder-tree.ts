/**
 * The stat-only walk of an added folder: which candidate media files are there, with their
 * size and modification time, reading no file's content. A rescan compares this with the
 * index; only files whose size or time moved are opened afterwards (reconcile.ts).
 */
import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { isCandidateMediaName } from './media-extensions';
import { describeFsError } from './fs-errors';
import { SYSTEM_FOLDERS } from '../import/system-folders';

/** A candidate media file as the walk found it. */
export interface WalkedFile {
  /** Relative to the walked root, `/`-separated, as on disk. */
  relPath: string;
  size: number;
  mtimeMs: number;
}

/** What a walk found, and what it left out or could not read. */
export interface FolderWalk {
  /** Sorted by `relPath`. */
  files: WalkedFile[];
  /** Folders and links left out on purpose, with why. */
  skipped: { relPath: string; reason: string }[];
  /**
   * Folders and files that could not be read: what the index holds there is left as it was
   * (a folder that cannot be listed today has not lost its files).
   */
  failed: { relPath: string; error: string }[];
  /** How many folders were listed. */
  folders: number;
}

/**
 * Folders listed at once: enough to keep the thread pool's four workers and a disk's queue
 * busy, few enough that a huge tree never holds thousands of listings in memory at a time.
 */
const FOLDER_CONCURRENCY = 8;

/**
 * A folder of a root to walk, relative to it (`''`: the root), with everything below it
 * (`deep`) or only its own files (a watcher saw a file in it change, not its subfolders).
 */
export interface FolderScope {
  folder: string;
  deep: boolean;
}

/** The whole root. */
export const WHOLE_ROOT: readonly FolderScope[] = [{ folder: '', deep: true }];

/** Where a walk starts and what it may be told. */
export interface WalkOptions {
  /** The folders to walk (default: the whole root). A folder that does not exist holds nothing. */
  scopes?: readonly FolderScope[];
  signal?: AbortSignal;
}

/**
 * Walks `rootPath` (or the folders of `scopes` in it), keeping candidate media by extension. Skips
 * hidden files and folders, system folders and symbolic links (a link's target may be on any
 * volume, or already inside an added folder). Never throws for a file or folder it cannot
 * read (they are in `failed`); throws an `AbortError` when `signal` is aborted.
 */
export async function walkFolderTree(
  rootPath: string,
  options: WalkOptions = {},
): Promise<FolderWalk> {
  const walk: FolderWalk = { files: [], skipped: [], failed: [], folders: 0 };
  // Each queued folder: whether to go below it, and whether it was asked for (and so may be gone).
  const queue: { folder: string; deep: boolean; asked: boolean }[] = (
    options.scopes ?? WHOLE_ROOT
  ).map((scope) => ({ ...scope, asked: true }));
  const worker = async (): Promise<void> => {
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      if (options.signal?.aborted) throw new DOMException('The walk was cancelled', 'AbortError');
      const subfolders = await listOneFolder(
        rootPath,
        next.folder,
        walk,
        next.asked && next.folder !== '',
      );
      if (next.deep)
        queue.push(...subfolders.map((folder) => ({ folder, deep: true, asked: false })));
    }
  };
  // Workers end when the queue is empty at the moment they look; a folder listed later may
  // queue more, so the round runs again until nothing is left.
  while (queue.length > 0) {
    await Promise.all(Array.from({ length: FOLDER_CONCURRENCY }, worker));
  }
  walk.files.sort((a, b) => compareText(a.relPath, b.relPath));
  return walk;
}

async function listOneFolder(
  rootPath: string,
  folder: string,
  walk: FolderWalk,
  maybeGone: boolean,
): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(path.join(rootPath, folder), { withFileTypes: true });
  } catch (error) {
    // A folder a watcher saw change may be gone since: it holds nothing now, which is no failure.
    const code = (error as NodeJS.ErrnoException).code;
    if (maybeGone && (code === 'ENOENT' || code === 'ENOTDIR')) return [];
    walk.failed.push({ relPath: folder, error: describeFsError(error) });
    return [];
  }
  walk.folders++;
  if (isShoeboxLibrary(entries)) {
    // A library inside an added folder (~/Pictures holding ~/Pictures/Shoebox): its originals
    // would come back as copies of themselves and its derivatives as new photos.
    walk.skipped.push({ relPath: folder, reason: 'a Shoebox library' });
    return [];
  }
  const files: string[] = [];
  const subfolders: string[] = [];
  for (const entry of entries) {
    const relPath = folder === '' ? entry.name : `${folder}/${entry.name}`;
    const reason = skipReason(entry);
    if (reason) {
      if (entry.isDirectory() || entry.isSymbolicLink()) walk.skipped.push({ relPath, reason });
    } else if (entry.isDirectory()) {
      subfolders.push(relPath);
    } else if (entry.isFile() && isCandidateMediaName(entry.name)) {
      files.push(relPath);
    }
  }
  await Promise.all(
    files.map(async (relPath) => {
      try {
        // lstat: the entry is a regular file already, and the link check is done.
        const stats = await lstat(path.join(rootPath, relPath));
        walk.files.push({ relPath, size: stats.size, mtimeMs: stats.mtimeMs });
      } catch (error) {
        // Deleted between the listing and now: simply not there.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        walk.failed.push({ relPath, error: describeFsError(error) });
      }
    }),
  );
  return subfolders;
}

/** Whether a folder's entries are a Shoebox library's: its database and its two folders. */
function isShoeboxLibrary(entries: readonly Dirent[]): boolean {
  const has = (name: string, folder: boolean) =>
    entries.some((entry) => entry.name === name && (folder ? entry.isDirectory() : entry.isFile()));
  return (
    has('originals', true) &&
    has('derivatives', true) &&
    (has('library.db', false) || has('library-database.json', false))
  );
}

function skipReason(entry: Dirent): string | null {
  const { name } = entry;
  if (name.startsWith('.')) return entry.isDirectory() ? 'hidden folder' : 'hidden file';
  if (entry.isSymbolicLink()) return 'symbolic link (not followed: its target may be anywhere)';
  // Node decodes a name that is not UTF-8 to U+FFFD, and that string opens no file.
  if (name.includes('\uFFFD')) return 'name is not UTF-8 (rename it to index it)';
  if (entry.isDirectory()) return SYSTEM_FOLDERS.get(name.toLowerCase()) ?? null;
  return null;
}

/** A fixed order of paths (UTF-16 code units), the same on every machine and in every run. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
