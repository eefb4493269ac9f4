/**
 * Turns what the user picked (files, folders, a whole camera card) into the list of shots to
 * import, and says why everything else is left out. Folders are walked depth-first in natural
 * name order (`IMG_2` before `IMG_10`), so the same card always gives the same list.
 */
import type { Dirent, Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { sniffFile, type SniffResult } from './detect-format';
import { errorMessage } from '../../../common/errors';
import {
  compareChildren,
  listFolder,
  realPathKey,
  sourceKey,
  type Child,
  type Place,
} from './folder-listing';
import { findSidecars, type SourceSidecar } from './find-sidecars';
import {
  ATTACHMENT_EXTENSIONS,
  groupShots,
  type Attachment,
  type ScanCandidate,
} from './group-shots';
import { SYSTEM_FOLDERS } from './system-folders';

export type { ScanCandidate, ScanCompanion } from './group-shots';

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
 * Folders at the root of a camera card (a folder holding `DCIM/`) that hold no photos: print
 * orders and camera settings. `PRIVATE/` holds AVCHD and XAVC movies amid the camera's
 * bookkeeping, so only its known movie folders are walked (CARD_VIDEO_FOLDERS).
 */
const CARD_FOLDERS_WITHOUT_PHOTOS = new Map([
  ['misc', "the camera's print orders and settings (MISC)"],
]);

/** The movie folders under a card's `PRIVATE/`: AVCHD (Panasonic, Sony, Canon) and XAVC S. */
const CARD_VIDEO_FOLDERS = [
  ['AVCHD', 'BDMV', 'STREAM'],
  ['M4ROOT', 'CLIP'],
];

/** One step of the scan, in traversal order; files are resolved by the concurrent second pass. */
type Entry = Place &
  (
    | { kind: 'skipped'; reason: string }
    | { kind: 'failed'; error: string }
    | {
        kind: 'file';
        explicit: boolean;
        /** The names in its folder, when it was found by listing the folder. */
        siblings?: ReadonlySet<string>;
      }
  );

/** What the second pass learnt about a file. */
type FileFinding =
  | {
      kind: 'read';
      stats: Stats;
      realPath: string;
      sniff: SniffResult;
      sidecars: SourceSidecar[];
    }
  | { kind: 'unusable'; reason: string }
  | { kind: 'error'; error: string };

/**
 * Lists the photos to import from files and folders. Never throws for a bad file (it lands in
 * `failed` or `skipped`); throws an `AbortError` when `signal` is aborted.
 */
export async function scanInputs(
  inputs: string[],
  options: {
    signal?: AbortSignal;
    /** The names files named as inputs are known by, by resolved path (uploads). */
    names?: ReadonlyMap<string, string>;
  } = {},
): Promise<ScanResult> {
  const { signal, names } = options;
  throwIfAborted(signal);

  const entries: Entry[] = [];
  // Real path (as realPathKey gives it) of every folder scanned → the path it was scanned under.
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
  return collectResult(deduplicate(outcomes), (path) => names?.get(resolve(path)) ?? path);
}

async function addInput(
  path: string,
  entries: Entry[],
  scannedFolders: Map<string, string>,
  signal: AbortSignal | undefined,
): Promise<void> {
  const place: Place = { path, source: path };
  let stats: Stats;
  let realPath: string;
  try {
    stats = await stat(path);
    realPath = await realPathKey(path);
  } catch (error) {
    entries.push({ kind: 'failed', ...place, error: describeFsError(error) });
    return;
  }
  if (!stats.isDirectory()) {
    entries.push({ kind: 'file', ...place, explicit: true });
    return;
  }
  // The same folder picked twice (or inside another picked folder) is scanned once, silently.
  if (scannedFolders.has(realPath)) return;
  scannedFolders.set(realPath, path);
  await walkFolder(place, entries, scannedFolders, signal);
}

async function walkFolder(
  folder: Place,
  entries: Entry[],
  scannedFolders: Map<string, string>,
  signal: AbortSignal | undefined,
): Promise<void> {
  throwIfAborted(signal);
  let children: Child[];
  try {
    children = await listFolder(folder);
  } catch (error) {
    entries.push({ kind: 'failed', ...folder, error: describeFsError(error) });
    return;
  }
  children.sort(compareChildren);
  const siblings = new Set(children.map((child) => child.name));
  const cardRoot = children.some(
    (child) => child.dirent.isDirectory() && child.name.toLowerCase() === 'dcim',
  );

  for (const { dirent, name, place } of children) {
    const cardFolder = cardRoot && dirent.isDirectory() ? name.toLowerCase() : null;
    if (cardFolder !== null && CARD_FOLDERS_WITHOUT_PHOTOS.has(cardFolder)) {
      entries.push({
        kind: 'skipped',
        ...place,
        reason: CARD_FOLDERS_WITHOUT_PHOTOS.get(cardFolder)!,
      });
    } else if (cardFolder === 'private') {
      await enterCardVideoFolders(place, entries, scannedFolders, signal);
    } else if (name.startsWith('.')) {
      entries.push({ kind: 'skipped', ...place, reason: hiddenReason(dirent, name) });
    } else if (dirent.isDirectory()) {
      await enterFolder(place, name, entries, scannedFolders, signal);
    } else if (dirent.isSymbolicLink()) {
      await followLink(place, name, siblings, entries, scannedFolders, signal);
    } else if (dirent.isFile()) {
      entries.push({ kind: 'file', ...place, explicit: false, siblings });
    } else {
      entries.push({ kind: 'skipped', ...place, reason: 'not a regular file' });
    }
  }
}

function hiddenReason(dirent: Dirent<string | Buffer>, name: string): string {
  if (dirent.isDirectory()) return 'hidden folder';
  if (name.startsWith('._')) return 'macOS metadata file (AppleDouble)';
  return 'hidden file';
}

/**
 * Walks the movie folders of a card's `PRIVATE/` that exist (matched case-insensitively, as
 * FAT cards may say either); the rest of it is the camera's, and is not mentioned.
 */
async function enterCardVideoFolders(
  privateFolder: Place,
  entries: Entry[],
  scannedFolders: Map<string, string>,
  signal: AbortSignal | undefined,
): Promise<void> {
  for (const names of CARD_VIDEO_FOLDERS) {
    let place: Place | null = privateFolder;
    for (const name of names) {
      const children: Child[] = await listFolder(place).catch(() => []);
      const child = children.find(
        (entry) => entry.dirent.isDirectory() && entry.name.toLowerCase() === name.toLowerCase(),
      );
      place = child ? child.place : null;
      if (!place) break;
    }
    if (place) await enterFolder(place, names.at(-1)!, entries, scannedFolders, signal);
  }
}

async function enterFolder(
  place: Place,
  name: string,
  entries: Entry[],
  scannedFolders: Map<string, string>,
  signal: AbortSignal | undefined,
): Promise<void> {
  const systemFolder = SYSTEM_FOLDERS.get(name.toLowerCase());
  if (systemFolder) {
    entries.push({ kind: 'skipped', ...place, reason: systemFolder });
    return;
  }
  let realPath: string;
  try {
    realPath = await realPathKey(place.source);
  } catch (error) {
    entries.push({ kind: 'failed', ...place, error: describeFsError(error) });
    return;
  }
  // Real paths, not names, break the cycles symbolic links can make (`photos/again -> ..`).
  const scannedAs = scannedFolders.get(realPath);
  if (scannedAs !== undefined) {
    // A folder picked on its own before its parent was: already listed, nothing to say.
    if (scannedAs !== place.path) {
      entries.push({ kind: 'skipped', ...place, reason: `same folder as ${scannedAs}` });
    }
    return;
  }
  scannedFolders.set(realPath, place.path);
  await walkFolder(place, entries, scannedFolders, signal);
}

async function followLink(
  place: Place,
  name: string,
  siblings: ReadonlySet<string>,
  entries: Entry[],
  scannedFolders: Map<string, string>,
  signal: AbortSignal | undefined,
): Promise<void> {
  let target: Stats;
  try {
    target = await stat(place.source);
  } catch {
    entries.push({ kind: 'skipped', ...place, reason: 'broken symbolic link' });
    return;
  }
  if (target.isDirectory()) await enterFolder(place, name, entries, scannedFolders, signal);
  else entries.push({ kind: 'file', ...place, explicit: false, siblings });
}

async function inspectFile(
  entry: Place & { siblings?: ReadonlySet<string> },
): Promise<FileFinding> {
  try {
    // stat follows symbolic links: a link to a photo is imported like the photo.
    const stats = await stat(entry.source);
    // Only regular files are opened: opening a FIFO would wait forever for a writer.
    if (!stats.isFile()) return { kind: 'unusable', reason: 'not a regular file' };
    if (stats.size === 0) return { kind: 'unusable', reason: 'empty file' };
    const realPath = await realPathKey(entry.source);
    const sniff = await sniffFile(entry.source);
    const shot = sniff.kind === 'image' || sniff.kind === 'raw' || sniff.kind === 'video';
    const sidecars = shot ? await findSidecars(entry, entry.siblings) : [];
    return { kind: 'read', stats, realPath, sniff, sidecars };
  } catch (error) {
    return { kind: 'error', error: describeFsError(error) };
  }
}

/** What becomes of one file, before the files of one shot are grouped. */
type Outcome =
  | (Place & { kind: 'skipped'; reason: string })
  | (Place & { kind: 'failed'; error: string })
  | { kind: 'candidate'; candidate: ScanCandidate; realPath: string }
  | { kind: 'attachment'; attachment: Attachment; realPath: string }
  | (Place & { kind: 'unsupported'; explicit: boolean; reason: string });

function judgeFile(entry: Place & { explicit: boolean }, finding: FileFinding): Outcome {
  if (finding.kind === 'error') {
    return { kind: 'failed', path: entry.path, source: entry.source, error: finding.error };
  }
  if (finding.kind === 'unusable') return leaveOut(entry, finding.reason);
  const { sniff, stats, realPath } = finding;
  const file = {
    path: entry.path,
    source: entry.source,
    bytes: stats.size,
    mtimeMs: stats.mtimeMs,
  };
  // A .THM is a JPEG inside: only its name says it is a camera's thumbnail, not a photo.
  const attachment = ATTACHMENT_EXTENSIONS.get(extname(entry.path).slice(1).toLowerCase());
  if (attachment)
    return { kind: 'attachment', attachment: { ...file, format: attachment }, realPath };
  if (sniff.kind === 'unsupported-image') {
    return {
      kind: 'unsupported',
      path: entry.path,
      source: entry.source,
      explicit: entry.explicit,
      reason: sniff.reason,
    };
  }
  if (sniff.kind === 'not-image') return leaveOut(entry, sniff.reason);
  const candidate: ScanCandidate = {
    ...file,
    format: sniff.format,
    kind: sniff.kind,
    explicit: entry.explicit,
    sidecars: finding.sidecars,
    companions: [],
  };
  return { kind: 'candidate', candidate, realPath };
}

/**
 * Reports each path once (a file picked twice, or picked and inside a picked folder), and keeps
 * the first of several paths to one real file (a symbolic link to a photo already listed).
 * Paths are compared by what they open, not by how they are shown: a UTF-8 `été.jpg` and a
 * Latin-1 one beside it are two files that look alike.
 */
function deduplicate(outcomes: Outcome[]): Outcome[] {
  const reportedSources = new Set<string>();
  const firstPathByRealPath = new Map<string, string>();
  const kept: Outcome[] = [];
  for (const outcome of outcomes) {
    const { path, source } =
      outcome.kind === 'candidate'
        ? outcome.candidate
        : outcome.kind === 'attachment'
          ? outcome.attachment
          : outcome;
    const key = sourceKey(source);
    if (reportedSources.has(key)) continue;
    reportedSources.add(key);
    if (outcome.kind === 'candidate' || outcome.kind === 'attachment') {
      const firstPath = firstPathByRealPath.get(outcome.realPath);
      if (firstPath !== undefined) {
        kept.push({ kind: 'skipped', path, source, reason: `same file as ${firstPath}` });
        continue;
      }
      firstPathByRealPath.set(outcome.realPath, path);
    }
    kept.push(outcome);
  }
  return kept;
}

function collectResult(outcomes: Outcome[], nameOf: (path: string) => string): ScanResult {
  const result: ScanResult = { candidates: [], skipped: [], failed: [] };
  const singles: ScanCandidate[] = [];
  const attachments: Attachment[] = [];
  // A sidecar beside a photo travels with it: it is none of the files left out.
  const sidecars = new Set<string>();
  for (const outcome of outcomes) {
    if (outcome.kind === 'candidate') {
      singles.push(outcome.candidate);
      for (const sidecar of outcome.candidate.sidecars) sidecars.add(sourceKey(sidecar.source));
    } else if (outcome.kind === 'attachment') {
      attachments.push(outcome.attachment);
    }
  }
  const shots = groupShots(singles, attachments, nameOf);
  result.candidates = shots.candidates;
  result.skipped.push(...shots.orphans);

  for (const outcome of outcomes) {
    if (outcome.kind === 'candidate' || outcome.kind === 'attachment') continue;
    if (sidecars.has(sourceKey(outcome.source))) continue;
    if (outcome.kind === 'unsupported') {
      const { path, reason } = outcome;
      if (outcome.explicit) result.failed.push({ path, error: reason });
      else result.skipped.push({ path, reason });
    } else if (outcome.kind === 'skipped') {
      result.skipped.push({ path: outcome.path, reason: outcome.reason });
    } else {
      result.failed.push({ path: outcome.path, error: outcome.error });
    }
  }
  return result;
}

/** Files in folders that are not photos are skipped; a file the user named is a failure. */
function leaveOut(file: Place & { explicit: boolean }, reason: string): Outcome {
  const { path, source } = file;
  return file.explicit
    ? { kind: 'failed', path, source, error: reason }
    : { kind: 'skipped', path, source, reason };
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
      const message = errorMessage(error);
      return message.split('\n')[0];
    }
  }
}
