/**
 * Reconciliation (organise.md B3.2): a fresh walk of added folders against their index, as a
 * plan the caller applies (apply-plan.ts). Unchanged files (size and time equal) are not read;
 * a file whose size or time moved is hashed again; a file gone from one place and a new file
 * of the same size and quick hash (and full hash, where one is known) elsewhere, in the same
 * root or another, are one file moved, which keeps its row and so its photo. A case-only
 * rename on a volume that ignores case, or a name in another Unicode form, is the same file.
 */
import type { ContentReader } from './content-hash';
import { describeFsError } from './fs-errors';
import type { IndexedFile } from './folder-repository';
import { baseName, isWithinFolder, pathInRoot, pathKey } from './path-key';
import { compareText, type FolderWalk, type WalkedFile } from './walk-folder-tree';

/** One root's walk and the index rows it is compared with. */
export interface RootScan {
  rootId: number;
  /** The root's folder on disk now. */
  rootPath: string;
  caseInsensitive: boolean;
  walk: FolderWalk;
  /** The index rows of the walked folders (every state). */
  indexed: readonly IndexedFile[];
}

/** A place in an added folder. */
export interface FilePlace {
  rootId: number;
  relPath: string;
}

/** A new file's row. */
export interface AddedFile extends FilePlace {
  pathKey: string;
  size: number;
  mtimeMs: number;
  quickHash: string;
}

/** A known file whose content changed: same row and photo, new derivatives due. */
export interface ChangedFile extends FilePlace {
  fileId: number;
  photoId: number | null;
  size: number;
  mtimeMs: number;
  quickHash: string;
}

/** A known file found at another path (or spelling): same row and photo. */
export interface MovedFile {
  fileId: number;
  photoId: number | null;
  from: FilePlace;
  to: FilePlace & { pathKey: string };
  size: number;
  mtimeMs: number;
  /** Set when the move was confirmed by the full hash, which is then kept. */
  fullHash: string | null;
  /** Whether it had been missing before this scan. */
  wasMissing: boolean;
}

/** A known file gone from a folder that is there: kept, marked missing. */
export interface MissingFile extends FilePlace {
  fileId: number;
  photoId: number | null;
}

/** A missing file back at its own path. */
export interface ReturnedFile extends FilePlace {
  fileId: number;
  photoId: number | null;
  size: number;
  mtimeMs: number;
}

/** What a rescan found, for the caller to apply (`applyReconciliation`). */
export interface ReconciliationPlan {
  added: AddedFile[];
  changed: ChangedFile[];
  moved: MovedFile[];
  missing: MissingFile[];
  returned: ReturnedFile[];
  /** Files whose time moved while their content did not (a touch, a DST shift on FAT). */
  touched: { fileId: number; mtimeMs: number }[];
  /** Files that could not be read or changed while read: left as they were, tried next scan. */
  unreadable: (FilePlace & { error: string })[];
  /** The roots this plan covers (their `last_scan_at` moves). */
  rootIds: number[];
}

// Files hashed at once: what keeps a disk's queue and the thread pool busy, not more.
const HASH_CONCURRENCY = 8;

/**
 * Plans the reconciliation of `scans`. `missingElsewhere` are the missing rows of roots that
 * are online but not walked now (a file moved there from a folder gone earlier is found
 * again); rows of the scans are ignored in it. Rows below a folder or at a file the walk could
 * not read are left out of the plan. Never throws for a file (it lands in `unreadable`).
 */
export async function planReconciliation(
  scans: readonly RootScan[],
  missingElsewhere: readonly IndexedFile[],
  reader: ContentReader,
): Promise<ReconciliationPlan> {
  const plan: ReconciliationPlan = {
    added: [],
    changed: [],
    moved: [],
    missing: [],
    returned: [],
    touched: [],
    unreadable: [],
    rootIds: scans.map((scan) => scan.rootId),
  };
  const rootPaths = new Map(scans.map((scan) => [scan.rootId, scan.rootPath]));
  const fileOnDisk = (place: FilePlace) => pathInRoot(rootPaths.get(place.rootId)!, place.relPath);
  const newFiles: (WalkedFile & { rootId: number; pathKey: string })[] = [];
  const gone: IndexedFile[] = [];
  // `renamed`: matched by its key, under another spelling (already planned as moved).
  const toCompare: { row: IndexedFile; file: WalkedFile; renamed: boolean }[] = [];

  for (const scan of scans) {
    const unreadable = scan.walk.failed.map((failure) => failure.relPath);
    const untouched = (row: IndexedFile) =>
      unreadable.some((failed) => isWithinFolder(row.relPath, failed));
    const rows = scan.indexed.filter((row) => !untouched(row));
    const byPath = new Map(rows.map((row) => [row.relPath, row]));
    const unmatchedFiles: WalkedFile[] = [];
    for (const file of scan.walk.files) {
      const row = byPath.get(file.relPath);
      if (row) {
        byPath.delete(file.relPath);
        toCompare.push({ row, file, renamed: false });
      } else {
        unmatchedFiles.push(file);
      }
    }
    // The same file under another spelling: NFC/NFD, or another case where case is ignored.
    const byKey = new Map<string, IndexedFile[]>();
    for (const row of byPath.values()) {
      const key = pathKey(row.relPath, scan.caseInsensitive);
      byKey.set(key, [...(byKey.get(key) ?? []), row]);
    }
    for (const file of unmatchedFiles) {
      const key = pathKey(file.relPath, scan.caseInsensitive);
      const row = byKey.get(key)?.shift();
      if (row) {
        byPath.delete(row.relPath);
        plan.moved.push(
          movedEntry(row, { rootId: scan.rootId, relPath: file.relPath, pathKey: key }, file, null),
        );
        if (row.size !== file.size || row.mtimeMs !== file.mtimeMs) {
          toCompare.push({ row, file, renamed: true });
        }
      } else {
        newFiles.push({ ...file, rootId: scan.rootId, pathKey: key });
      }
    }
    gone.push(...byPath.values());
  }

  await forEachConcurrently(toCompare, async ({ row, file, renamed }) => {
    const place = { rootId: row.rootId, relPath: file.relPath };
    const returned = row.state === 'missing' && !renamed;
    if (returned) {
      plan.returned.push({
        ...place,
        fileId: row.id,
        photoId: row.photoId,
        size: file.size,
        mtimeMs: file.mtimeMs,
      });
    }
    if (row.size === file.size && row.mtimeMs === file.mtimeMs) return;
    const read = await readQuickHash(reader, fileOnDisk(place), file);
    if ('error' in read) {
      plan.unreadable.push({ ...place, error: read.error });
      return;
    }
    if (row.size === file.size && read.hash === row.quickHash) {
      // Only the time moved; a recorded full hash is asked too, as the quick one reads the ends.
      const same =
        row.fullHash === null ||
        (await reader.fullHash(fileOnDisk(place)).catch(() => null)) === row.fullHash;
      if (same) {
        plan.touched.push({ fileId: row.id, mtimeMs: file.mtimeMs });
        return;
      }
    }
    plan.changed.push({
      ...place,
      fileId: row.id,
      photoId: row.photoId,
      size: file.size,
      mtimeMs: file.mtimeMs,
      quickHash: read.hash,
    });
  });

  // A file gone now, or missing since an earlier scan, may be a new file moved.
  const inScans = new Set(scans.flatMap((scan) => scan.indexed.map((row) => row.id)));
  const pool = [...gone, ...missingElsewhere.filter((row) => !inScans.has(row.id))].sort(
    comparePlaces,
  );
  const poolBySize = new Map<number, IndexedFile[]>();
  for (const row of pool) poolBySize.set(row.size, [...(poolBySize.get(row.size) ?? []), row]);

  newFiles.sort(comparePlaces);
  const hashes = await mapConcurrently(newFiles, (file) =>
    readQuickHash(reader, fileOnDisk(file), file),
  );
  const matched = new Set<number>();
  for (const [index, file] of newFiles.entries()) {
    const read = hashes[index];
    const place = { rootId: file.rootId, relPath: file.relPath };
    if ('error' in read) {
      // Deleted since the walk: simply not there; anything else is worth saying.
      if (read.error !== GONE) plan.unreadable.push({ ...place, error: read.error });
      continue;
    }
    const candidates = (poolBySize.get(file.size) ?? []).filter(
      (row) => !matched.has(row.id) && row.quickHash === read.hash,
    );
    const match = await chooseMatch(candidates, file, () => reader.fullHash(fileOnDisk(file)));
    if (match) {
      matched.add(match.row.id);
      plan.moved.push(
        movedEntry(match.row, { ...place, pathKey: file.pathKey }, file, match.fullHash),
      );
    } else {
      plan.added.push({
        ...place,
        pathKey: file.pathKey,
        size: file.size,
        mtimeMs: file.mtimeMs,
        quickHash: read.hash,
      });
    }
  }

  for (const row of gone) {
    if (!matched.has(row.id) && row.state === 'present') {
      plan.missing.push({
        rootId: row.rootId,
        relPath: row.relPath,
        fileId: row.id,
        photoId: row.photoId,
      });
    }
  }
  return plan;
}

/**
 * The missing row a new file is, among those of its size and quick hash: where full hashes are
 * known, the one whose full hash is the file's (a row whose full hash differs is another
 * file); then the one of the same name (a folder moved keeps its names); then the first by
 * place, so the same tree always pairs the same way. Identical copies are alike in content, so
 * any pairing keeps every photo.
 */
async function chooseMatch(
  candidates: IndexedFile[],
  file: { relPath: string },
  fullHash: () => Promise<string>,
): Promise<{ row: IndexedFile; fullHash: string | null } | null> {
  if (candidates.length === 0) return null;
  let hash: string | null = null;
  let pool = candidates;
  if (candidates.some((row) => row.fullHash !== null)) {
    hash = await fullHash().catch(() => null);
    if (hash === null) return null;
    const exact = candidates.filter((row) => row.fullHash === hash);
    pool = exact.length > 0 ? exact : candidates.filter((row) => row.fullHash === null);
    if (pool.length === 0) return null;
  }
  const name = baseName(file.relPath).normalize('NFC').toLowerCase();
  const sameName = pool.find(
    (row) => baseName(row.relPath).normalize('NFC').toLowerCase() === name,
  );
  return { row: sameName ?? pool[0], fullHash: hash };
}

function movedEntry(
  row: IndexedFile,
  to: MovedFile['to'],
  file: WalkedFile,
  fullHash: string | null,
): MovedFile {
  return {
    fileId: row.id,
    photoId: row.photoId,
    from: { rootId: row.rootId, relPath: row.relPath },
    to,
    size: file.size,
    mtimeMs: file.mtimeMs,
    fullHash,
    wasMissing: row.state === 'missing',
  };
}

// The error of a file deleted between the walk and its read.
const GONE = describeFsError({ code: 'ENOENT' });

/** A file's quick hash, or why it could not be had (a size that moved means it is being written). */
async function readQuickHash(
  reader: ContentReader,
  file: string,
  walked: WalkedFile,
): Promise<{ hash: string } | { error: string }> {
  try {
    const { hash, size } = await reader.quickHash(file);
    if (size !== walked.size) return { error: 'changed while read (still being copied?)' };
    return { hash };
  } catch (error) {
    return { error: describeFsError(error) };
  }
}

function comparePlaces(a: FilePlace, b: FilePlace): number {
  return a.rootId - b.rootId || compareText(a.relPath, b.relPath);
}

async function mapConcurrently<T, R>(
  items: readonly T[],
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(HASH_CONCURRENCY, items.length) }, worker));
  return results;
}

async function forEachConcurrently<T>(
  items: readonly T[],
  work: (item: T) => Promise<void>,
): Promise<void> {
  await mapConcurrently(items, work);
}
