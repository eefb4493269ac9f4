/**
 * Folders in place (issue #14), side by side in one run on a generated tree of 100k small
 * files: adding it (the first index reads every file's quick hash), a rescan of it unchanged
 * (target under 10 s warm, and no byte of any file read), a rescan after 1,000 files were moved
 * to other subfolders (all found as moved, none as new or missing), and the watcher on the
 * tree: its memory, descriptors, inotify watches, and how soon a new file is in the index.
 *
 * `runFoldersBench(workDir)` builds everything below `workDir` and removes nothing of it.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createContentReader } from '../main/core/folders/content-hash';
import { addFolder, rescanFolders, rootsToWatch } from '../main/core/folders/folder-service';
import { watchFolderRoots, type DirtyFolders } from '../main/core/folders/folder-watcher';
import type { RescanCounts } from '../main/core/folders/apply-plan';
import { openLibraryDatabase } from '../main/core/library/database';
import { mulberry32 } from './stats';

// The issue's sizes: a 100k-file folder, 1,000 of its files moved.
const FILES = 100_000;
const MOVED = 1_000;
// 1,000 folders of 100 files: a photo library by day, two levels deep (year/day).
const TOP_FOLDERS = 10;
const FOLDERS_PER_TOP = 100;
// Small files: what is measured is the walk and the index, not the disk's bandwidth.
const FILE_BYTES = 512;
// The issue's targets.
const UNCHANGED_TARGET_MS = 10_000;
const WATCH_TARGET_MS = 5_000;

/** One measured rescan. */
export interface RescanMeasure {
  ms: number;
  counts: RescanCounts;
  /** Bytes of file content Shoebox's reader read. */
  contentBytesRead: number;
  /** What the kernel says this process read from storage meanwhile (`/proc/self/io` read_bytes). */
  storageBytesRead: number | null;
}

/** What the bench measured. */
export interface FoldersBenchResult {
  files: number;
  folders: number;
  generateMs: number;
  add: RescanMeasure;
  unchanged: RescanMeasure;
  afterMoves: RescanMeasure;
  watcher: {
    subscribeMs: number;
    rssMb: number;
    descriptors: number;
    inotifyWatches: number | null;
    /** From writing a new file to its row in the index (dirty report, then the dirty rescan). */
    newFileIndexedMs: number;
  };
}

/** Runs the folders bench in `workDir`, prints it and answers what it measured. */
export async function runFoldersBench(workDir: string): Promise<FoldersBenchResult> {
  const tree = path.join(workDir, 'folders-bench', 'Photos');
  rmSync(path.dirname(tree), { recursive: true, force: true });
  const generateStart = performance.now();
  const folders = generateTree(tree);
  const generateMs = performance.now() - generateStart;
  const db = openLibraryDatabase(path.join(path.dirname(tree), 'library.db'));
  try {
    const add = await measure(async (reader) => (await addFolder(db, tree, { reader })).rescan);
    // Warm: the first rescan brings the tree's metadata into the page cache.
    await rescanFolders(db);
    const unchanged = await measure((reader) => rescanFolders(db, { reader }));
    moveFiles(tree, folders);
    const afterMoves = await measure((reader) => rescanFolders(db, { reader }));
    const watcher = await measureWatcher(db, tree);
    const result = {
      files: FILES,
      folders: folders.length,
      generateMs,
      add,
      unchanged,
      afterMoves,
      watcher,
    };
    console.log(formatFoldersBench(result));
    return result;
  } finally {
    db.close();
  }
}

function generateTree(tree: string): string[] {
  const folders: string[] = [];
  for (let top = 0; top < TOP_FOLDERS; top++) {
    for (let day = 0; day < FOLDERS_PER_TOP; day++) {
      folders.push(`${2015 + top}/${String(day).padStart(3, '0')}`);
    }
  }
  const perFolder = FILES / folders.length;
  const content = Buffer.alloc(FILE_BYTES, 0x5a);
  for (const [folderIndex, folder] of folders.entries()) {
    mkdirSync(path.join(tree, folder), { recursive: true });
    for (let index = 0; index < perFolder; index++) {
      const number = folderIndex * perFolder + index;
      // Every file's bytes differ (its number at both ends), as photos' do.
      content.writeUInt32BE(number, 0);
      content.writeUInt32BE(number, FILE_BYTES - 4);
      writeFileSync(path.join(tree, folder, `IMG_${String(number).padStart(6, '0')}.JPG`), content);
    }
  }
  return folders;
}

/** Moves MOVED files, chosen by a seeded generator, each to another folder, keeping its name. */
function moveFiles(tree: string, folders: string[]): void {
  const random = mulberry32(14);
  const moved = new Set<string>();
  while (moved.size < MOVED) {
    const from = folders[Math.floor(random() * folders.length)];
    const names = readdirSync(path.join(tree, from));
    const name = names[Math.floor(random() * names.length)];
    if (!name || moved.has(name)) continue;
    let to = from;
    while (to === from) to = folders[Math.floor(random() * folders.length)];
    renameSync(path.join(tree, from, name), path.join(tree, to, name));
    moved.add(name);
  }
}

async function measure(
  run: (reader: ReturnType<typeof createContentReader>) => Promise<{ counts: RescanCounts }>,
): Promise<RescanMeasure> {
  const reader = createContentReader();
  const storageBefore = storageReadBytes();
  const start = performance.now();
  const { counts } = await run(reader);
  const ms = performance.now() - start;
  const storageAfter = storageReadBytes();
  return {
    ms,
    counts,
    contentBytesRead: reader.bytesRead,
    storageBytesRead:
      storageBefore === null || storageAfter === null ? null : storageAfter - storageBefore,
  };
}

async function measureWatcher(
  db: ReturnType<typeof openLibraryDatabase>,
  tree: string,
): Promise<FoldersBenchResult['watcher']> {
  const rssBefore = process.memoryUsage().rss;
  const descriptorsBefore = readdirSync('/proc/self/fd').length;
  const reports: DirtyFolders[] = [];
  let notify: () => void = () => undefined;
  const start = performance.now();
  const watcher = await watchFolderRoots(rootsToWatch(db).watch, {
    onDirty: (dirty) => {
      reports.push(dirty);
      notify();
    },
  });
  const subscribeMs = performance.now() - start;
  try {
    const rssMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
    const descriptors = readdirSync('/proc/self/fd').length - descriptorsBefore;
    const inotifyWatches = countInotifyWatches();
    const written = performance.now();
    writeFileSync(path.join(tree, '2020', '050', 'NEW_0001.JPG'), Buffer.alloc(FILE_BYTES, 1));
    await new Promise<void>((resolve) => {
      notify = resolve;
      if (reports.length > 0) resolve();
    });
    const dirty = reports.splice(0)[0];
    const { counts } = await rescanFolders(db, { dirty });
    if (counts.added !== 1) throw new Error(`the watched rescan found ${JSON.stringify(counts)}`);
    return {
      subscribeMs,
      rssMb,
      descriptors,
      inotifyWatches,
      newFileIndexedMs: performance.now() - written,
    };
  } finally {
    await watcher.close();
  }
}

/** `/proc/self/io` read_bytes: what this process had read from storage (not the page cache). */
function storageReadBytes(): number | null {
  try {
    const line = readFileSync('/proc/self/io', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('read_bytes:'));
    return line ? Number(line.split(':')[1]) : null;
  } catch {
    return null;
  }
}

/** inotify watches this process holds: one `inotify wd:` line per watch in /proc/self/fdinfo. */
function countInotifyWatches(): number | null {
  let fds: string[];
  try {
    fds = readdirSync('/proc/self/fdinfo');
  } catch {
    return null;
  }
  let watches = 0;
  for (const fd of fds) {
    // The descriptor readdir itself held is closed by now: its entry reads as missing.
    const info = readFileText(`/proc/self/fdinfo/${fd}`);
    watches += info.split('\n').filter((line) => line.startsWith('inotify wd:')).length;
  }
  return watches;
}

function readFileText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function row(name: string, measured: RescanMeasure, note: string): string {
  const { added, changed, moved, missing, returned } = measured.counts;
  return [
    name.padEnd(22),
    `${(measured.ms / 1000).toFixed(2).padStart(6)} s`,
    `${measured.contentBytesRead.toLocaleString('en').padStart(11)} B of files read`,
    `${measured.storageBytesRead === null ? '   n/a' : (measured.storageBytesRead / 1024 / 1024).toFixed(1).padStart(6)} MB from storage`,
    `added ${added} changed ${changed} moved ${moved} missing ${missing} returned ${returned}`,
    note,
  ].join('  ');
}

/** The bench's lines, as printed. */
export function formatFoldersBench(result: FoldersBenchResult): string {
  const { unchanged, afterMoves, watcher } = result;
  const allMoved =
    afterMoves.counts.moved === MOVED &&
    afterMoves.counts.added === 0 &&
    afterMoves.counts.missing === 0;
  return [
    `\nFolders in place: ${result.files.toLocaleString('en')} files of ${FILE_BYTES} B in ${result.folders} folders (generated in ${(result.generateMs / 1000).toFixed(1)} s)`,
    `  ${row('add (first index)', result.add, '')}`,
    `  ${row('rescan, unchanged', unchanged, `(target < ${UNCHANGED_TARGET_MS / 1000} s and 0 B read: ${unchanged.ms < UNCHANGED_TARGET_MS && unchanged.contentBytesRead === 0 ? 'met' : 'MISSED'})`)}`,
    `  ${row(`rescan, ${MOVED} moved`, afterMoves, `(target: all moved, none new or missing: ${allMoved ? 'met' : 'MISSED'})`)}`,
    `  watcher (@parcel/watcher): subscribed in ${(watcher.subscribeMs / 1000).toFixed(2)} s, +${watcher.rssMb.toFixed(1)} MB RSS, +${watcher.descriptors} descriptors, ${watcher.inotifyWatches ?? 'n/a'} inotify watches`,
    `  a new file in the index ${(watcher.newFileIndexedMs / 1000).toFixed(2)} s after it was written (target < ${WATCH_TARGET_MS / 1000} s: ${watcher.newFileIndexedMs < WATCH_TARGET_MS ? 'met' : 'MISSED'})`,
  ].join('\n');
}
