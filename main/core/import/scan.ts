/**
 * Turns what the user picked (files, folders, a whole camera card) into the list of photos to
 * import, and says why everything else is left out. Folders are walked depth-first in natural
 * name order (`IMG_2` before `IMG_10`), so the same card always gives the same list.
 */
import type { Dirent, Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { ImageFormat } from '../../../common/contract';
import { sniffFile, type SniffResult } from './detect-format';

/** A file that will be imported. */
export interface ScanCandidate {
  /** Absolute path as reached (through any symbolic link), as the user would recognise it. */
  path: string;
  bytes: number;
  mtimeMs: number;
  format: ImageFormat;
  /** Named by the user, rather than found in a folder. */
  explicit: boolean;
}

/** Everything a scan found: what to import, what it left out on purpose, what it could not read. */
export interface ScanResult {
  candidates: ScanCandidate[];
  skipped: { path: string; reason: string }[];
  failed: { path: string; error: string }[];
}

/**
 * How many files are stat-ed and sniffed at once: enough to hide the latency of an SD card or a
 * network share, few enough to stay far from the open-file limit (each holds one descriptor
 * for a moment).
 */
const CONCURRENCY = 16;

/**
 * Folders that are not hidden by name but hold no photos of the user's own: deleted files
 * (importing them would bring back what the user threw away), Windows' volume bookkeeping,
 * and the thumbnails a Synology NAS writes beside every photo.
 */
const SYSTEM_FOLDERS = new Map([
  ['$recycle.bin', 'Windows recycle bin'],
  ['system volume information', 'Windows system folder'],
  ['@eadir', 'Synology NAS thumbnails'],
]);

/** Natural order (`IMG_2` before `IMG_10`) in a fixed locale, so the order never varies by machine. */
const naturalOrder = new Intl.Collator('en', { numeric: true });

/** One step of the scan, in traversal order; files are resolved by the concurrent second pass. */
type Entry =
  | { kind: 'skipped'; path: string; reason: string }
  | { kind: 'failed'; path: string; error: string }
  | { kind: 'file'; path: string; explicit: boolean };

/** What the second pass learnt about a file. */
type FileFinding =
  | { kind: 'read'; stats: Stats; realPath: string; sniff: SniffResult }
  | { kind: 'unusable'; reason: string }
  | { kind: 'error'; error: string };

/**
 * Lists the photos to import from files and folders. Never throws for a bad file (it lands in
 * `failed` or `skipped`); throws an `AbortError` when `signal` is aborted.
 */
export async function scanInputs(
  inputs: string[],
  options: { signal?: AbortSignal } = {},
): Promise<ScanResult> {
  const { signal } = options;
  throwIfAborted(signal);

  const entries: Entry[] = [];
  // Real path of every folder scanned → the path it was scanned under.
  const scannedFolders = new Map<string, string>();
  for (const input of inputs) {
    await addInput(resolve(input), entries, scannedFolders, signal);
  }

  const files = entries.filter((entry) => entry.kind === 'file');
  const findings = await mapConcurrently(files, CONCURRENCY, signal, inspectFile);
  let fileIndex = 0;
  const outcomes = entries.map((entry) =>
    entry.kind === 'file' ? judgeFile(entry, findings[fileIndex++]) : entry,
  );
  return collectResult(deduplicate(outcomes));
}

async function addInput(
  path: string,
  entries: Entry[],
  scannedFolders: Map<string, string>,
  signal: AbortSignal | undefined,
): Promise<void> {
  let stats: Stats;
  let realPath: string;
  try {
    stats = await stat(path);
    realPath = await realpath(path);
  } catch (error) {
    entries.push({ kind: 'failed', path, error: describeFsError(error) });
    return;
  }
  if (!stats.isDirectory()) {
    entries.push({ kind: 'file', path, explicit: true });
    return;
  }
  // The same folder picked twice (or inside another picked folder) is scanned once, silently.
  if (scannedFolders.has(realPath)) return;
  scannedFolders.set(realPath, path);
  await walkFolder(path, entries, scannedFolders, signal);
}

async function walkFolder(
  folder: string,
  entries: Entry[],
  scannedFolders: Map<string, string>,
  signal: AbortSignal | undefined,
): Promise<void> {
  throwIfAborted(signal);
  let children: Dirent[];
  try {
    children = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    entries.push({ kind: 'failed', path: folder, error: describeFsError(error) });
    return;
  }
  children.sort((a, b) => naturalOrder.compare(a.name, b.name) || (a.name < b.name ? -1 : 1));

  for (const child of children) {
    const path = join(folder, child.name);
    if (child.name.startsWith('.')) {
      entries.push({ kind: 'skipped', path, reason: hiddenReason(child) });
    } else if (child.isDirectory()) {
      await enterFolder(path, child.name, entries, scannedFolders, signal);
    } else if (child.isSymbolicLink()) {
      await followLink(path, child.name, entries, scannedFolders, signal);
    } else if (child.isFile()) {
      entries.push({ kind: 'file', path, explicit: false });
    } else {
      entries.push({ kind: 'skipped', path, reason: 'not a regular file' });
    }
  }
}

function hiddenReason(child: Dirent): string {
  if (child.isDirectory()) return 'hidden folder';
  if (child.name.startsWith('._')) return 'macOS metadata file (AppleDouble)';
  return 'hidden file';
}

async function enterFolder(
  path: string,
  name: string,
  entries: Entry[],
  scannedFolders: Map<string, string>,
  signal: AbortSignal | undefined,
): Promise<void> {
  const systemFolder = SYSTEM_FOLDERS.get(name.toLowerCase());
  if (systemFolder) {
    entries.push({ kind: 'skipped', path, reason: systemFolder });
    return;
  }
  let realPath: string;
  try {
    realPath = await realpath(path);
  } catch (error) {
    entries.push({ kind: 'failed', path, error: describeFsError(error) });
    return;
  }
  // Real paths, not names, break the cycles symbolic links can make (`photos/again -> ..`).
  const scannedAs = scannedFolders.get(realPath);
  if (scannedAs !== undefined) {
    // A folder picked on its own before its parent was: already listed, nothing to say.
    if (scannedAs !== path) {
      entries.push({ kind: 'skipped', path, reason: `same folder as ${scannedAs}` });
    }
    return;
  }
  scannedFolders.set(realPath, path);
  await walkFolder(path, entries, scannedFolders, signal);
}

async function followLink(
  path: string,
  name: string,
  entries: Entry[],
  scannedFolders: Map<string, string>,
  signal: AbortSignal | undefined,
): Promise<void> {
  let target: Stats;
  try {
    target = await stat(path);
  } catch {
    entries.push({ kind: 'skipped', path, reason: 'broken symbolic link' });
    return;
  }
  if (target.isDirectory()) await enterFolder(path, name, entries, scannedFolders, signal);
  else entries.push({ kind: 'file', path, explicit: false });
}

async function inspectFile(entry: { path: string }): Promise<FileFinding> {
  try {
    // stat follows symbolic links: a link to a photo is imported like the photo.
    const stats = await stat(entry.path);
    // Only regular files are opened: opening a FIFO would wait forever for a writer.
    if (!stats.isFile()) return { kind: 'unusable', reason: 'not a regular file' };
    if (stats.size === 0) return { kind: 'unusable', reason: 'empty file' };
    const realPath = await realpath(entry.path);
    return { kind: 'read', stats, realPath, sniff: await sniffFile(entry.path) };
  } catch (error) {
    return { kind: 'error', error: describeFsError(error) };
  }
}

/** What becomes of one file, before RAW+JPEG pairs are known. */
type Outcome =
  | { kind: 'skipped'; path: string; reason: string }
  | { kind: 'failed'; path: string; error: string }
  | { kind: 'candidate'; candidate: ScanCandidate; realPath: string }
  | {
      kind: 'unsupported';
      path: string;
      explicit: boolean;
      reason: string;
      cameraOriginal: boolean;
    };

function judgeFile(entry: { path: string; explicit: boolean }, finding: FileFinding): Outcome {
  if (finding.kind === 'error') return { kind: 'failed', path: entry.path, error: finding.error };
  if (finding.kind === 'unusable') return leaveOut(entry, finding.reason);
  const { sniff, stats, realPath } = finding;
  if (sniff.kind === 'unsupported-image') {
    return {
      kind: 'unsupported',
      path: entry.path,
      explicit: entry.explicit,
      reason: sniff.reason,
      cameraOriginal: sniff.cameraOriginal,
    };
  }
  if (sniff.kind === 'not-image') return leaveOut(entry, sniff.reason);
  const candidate: ScanCandidate = {
    path: entry.path,
    bytes: stats.size,
    mtimeMs: stats.mtimeMs,
    format: sniff.format,
    explicit: entry.explicit,
  };
  return { kind: 'candidate', candidate, realPath };
}

/**
 * Reports each path once (a file picked twice, or picked and inside a picked folder), and keeps
 * the first of several paths to one real file (a symbolic link to a photo already listed).
 */
function deduplicate(outcomes: Outcome[]): Outcome[] {
  const reportedPaths = new Set<string>();
  const firstPathByRealPath = new Map<string, string>();
  const kept: Outcome[] = [];
  for (const outcome of outcomes) {
    const path = outcome.kind === 'candidate' ? outcome.candidate.path : outcome.path;
    if (reportedPaths.has(path)) continue;
    reportedPaths.add(path);
    if (outcome.kind === 'candidate') {
      const firstPath = firstPathByRealPath.get(outcome.realPath);
      if (firstPath !== undefined) {
        kept.push({ kind: 'skipped', path, reason: `same file as ${firstPath}` });
        continue;
      }
      firstPathByRealPath.set(outcome.realPath, path);
    }
    kept.push(outcome);
  }
  return kept;
}

function collectResult(outcomes: Outcome[]): ScanResult {
  const result: ScanResult = { candidates: [], skipped: [], failed: [] };
  // A RAW beside a JPEG of the same name is the camera's RAW+JPEG pair: the photo is imported
  // through its JPEG, so the RAW is only skipped, even when picked by name. A HEIC beside a
  // JPEG of the same name (a phone's "most compatible" copy, or one converted or edited later)
  // is imported as well, as a photo of its own: both can be shown, they rarely hold the same
  // pixels, and keeping both loses nothing, while guessing which one the user wants could.
  const importedByStem = new Map<string, ImageFormat>();
  for (const outcome of outcomes) {
    if (outcome.kind === 'candidate') {
      importedByStem.set(stemKey(outcome.candidate.path), outcome.candidate.format);
    }
  }

  for (const outcome of outcomes) {
    if (outcome.kind === 'candidate') {
      result.candidates.push(outcome.candidate);
    } else if (outcome.kind === 'unsupported') {
      const sibling = outcome.cameraOriginal
        ? importedByStem.get(stemKey(outcome.path))
        : undefined;
      const { path, reason } = outcome;
      if (sibling) {
        result.skipped.push({
          path,
          reason: `${reason}; its ${sibling.toUpperCase()} is imported`,
        });
      } else if (outcome.explicit) {
        result.failed.push({ path, error: reason });
      } else {
        result.skipped.push({ path, reason });
      }
    } else if (outcome.kind === 'skipped') {
      result.skipped.push({ path: outcome.path, reason: outcome.reason });
    } else {
      result.failed.push({ path: outcome.path, error: outcome.error });
    }
  }
  return result;
}

/** Files in folders that are not photos are skipped; a file the user named is a failure. */
function leaveOut(file: { path: string; explicit: boolean }, reason: string): Outcome {
  return file.explicit
    ? { kind: 'failed', path: file.path, error: reason }
    : { kind: 'skipped', path: file.path, reason };
}

/** Folder plus name without extension, case-folded: `IMG_0001.CR2` pairs with `img_0001.jpg`. */
function stemKey(path: string): string {
  const name = basename(path);
  return join(dirname(path), name.slice(0, name.length - extname(name).length).toLowerCase());
}

/** Runs `work` on every item with at most `limit` at a time; results keep the items' order. */
async function mapConcurrently<T, R>(
  items: T[],
  limit: number,
  signal: AbortSignal | undefined,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      throwIfAborted(signal);
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  throwIfAborted(signal);
  return results;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new DOMException('The scan was cancelled', 'AbortError');
  }
}

/** A one-line, user-readable description of a file system error. */
function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EIO':
      return 'read error (the disk or card may be damaged)';
    case 'ENAMETOOLONG':
      return 'path too long';
    case 'EBUSY':
      return 'file is busy';
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return message.split('\n')[0];
    }
  }
}
