/**
 * Folders in place, put together: add a folder (identify its volume, record it, index it) and
 * rescan folders (find each volume where it is mounted now, walk, reconcile, apply). A folder
 * whose volume is not mounted, or which is gone as a whole, is offline: its files stay in the
 * index exactly as they were, none of them missing.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { LibraryDatabase } from '../library/database';
import { applyReconciliation, type RescanCounts } from './apply-plan';
import { createContentReader, type ContentReader } from './content-hash';
import { FolderRepository, rootPath, type FolderRoot } from './folder-repository';
import { identifyFolder, locateVolume } from './locate-volume';
import { planReconciliation, type ReconciliationPlan, type RootScan } from './reconcile';
import { volumePlatformFor, type VolumePlatform } from './volume-platform';
import { WHOLE_ROOT, walkFolderTree, type FolderScope, type FolderWalk } from './walk-folder-tree';
import type { WatchedRoot } from './folder-watcher';

/** What the OS and the disk are asked through; the real ones unless a test or bench passes its own. */
export interface FolderDependencies {
  platform?: VolumePlatform;
  /** Counts what it reads: a bench shows an unchanged rescan read nothing. */
  reader?: ContentReader;
  /** ISO time of now. */
  now?: () => string;
}

/** How a folder is added. */
export interface AddFolderOptions extends FolderDependencies {
  /** Watch it for changes (local fixed disks only). Default true. */
  watch?: boolean;
  /** Write XMP sidecars of edits beside its photos. Default false. */
  writeXmp?: boolean;
  /**
   * Whether Shoebox may write its `.shoebox-volume` marker in the folder when the OS gives its
   * volume no UUID. Default: what `writeXmp` says (the user allowed writing there). Without a
   * UUID or a marker the folder is known by its path, and found again only there.
   */
  allowWrite?: boolean;
}

/** How one root fared in a rescan. */
export interface RootOutcome {
  rootId: number;
  /** Where it is now (offline: where it was last seen). */
  path: string;
  status: FolderRoot['status'];
  /** Why it is offline. */
  reason?: string;
  /** What its walk left out and could not read. */
  skipped: FolderWalk['skipped'];
  failed: FolderWalk['failed'];
}

/** What a rescan did. */
export interface RescanResult {
  roots: RootOutcome[];
  /** What was applied: the files added (to import), changed (to remake), moved, missing, back. */
  plan: ReconciliationPlan;
  counts: RescanCounts;
  /** The index ids of `plan.added`, in its order. */
  addedIds: number[];
}

/** What to rescan. */
export interface RescanOptions extends FolderDependencies {
  /** Only these roots (default: every root). */
  rootIds?: readonly number[];
  /** Only these folders of a root, as a watcher marks them dirty; a root not in it is walked whole. */
  dirty?: ReadonlyMap<number, readonly FolderScope[]>;
}

/**
 * Adds `folder` in place and indexes it. Throws an Error with an actionable message when it is
 * not a readable folder, and a CONFLICT ShoeboxError when it (or a folder inside or around it)
 * was added before. The files it found are the result's `plan.added`.
 */
export async function addFolder(
  db: LibraryDatabase,
  folder: string,
  options: AddFolderOptions = {},
): Promise<{ root: FolderRoot; rescan: RescanResult }> {
  const platform = options.platform ?? volumePlatformFor();
  const now = options.now ?? (() => new Date().toISOString());
  const writeXmp = options.writeXmp ?? false;
  const placement = await identifyFolder(path.resolve(folder), {
    allowWrite: options.allowWrite ?? writeXmp,
    platform,
  });
  const repository = new FolderRepository(db);
  const root = repository.addRoot(placement, {
    watch: options.watch ?? true,
    writeXmp,
    now: now(),
  });
  const rescan = await rescanFolders(db, { ...options, platform, rootIds: [root.id] });
  return { root: repository.getRoot(root.id)!, rescan };
}

// One rescan at a time per database: two would plan from the same index and apply twice.
const running = new WeakMap<LibraryDatabase, Promise<unknown>>();

/**
 * Rescans added folders: each volume is looked for where it is mounted now (a new mount path
 * or drive letter is followed), each online root walked and reconciled with the index, and the
 * plan applied in one transaction. Rescans of one database run one after the other. Never
 * throws for a file or a folder (see `RootOutcome` and `plan.unreadable`).
 */
export function rescanFolders(
  db: LibraryDatabase,
  options: RescanOptions = {},
): Promise<RescanResult> {
  const previous = running.get(db) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => rescanNow(db, options));
  running.set(db, next);
  return next;
}

async function rescanNow(db: LibraryDatabase, options: RescanOptions): Promise<RescanResult> {
  const platform = options.platform ?? volumePlatformFor();
  const reader = options.reader ?? createContentReader();
  const now = options.now ?? (() => new Date().toISOString());
  const repository = new FolderRepository(db);
  const wanted = options.rootIds ? new Set(options.rootIds) : null;
  const roots = repository.listRoots().filter((root) => !wanted || wanted.has(root.id));
  const mounts = await platform.listMounts();
  const outcomes: RootOutcome[] = [];
  const scans: RootScan[] = [];
  for (const root of roots) {
    const mountPath = await locateVolume(root.volume, mounts, platform);
    if (mountPath === null) {
      repository.markVolumeOffline(root.volume.id);
      repository.setRootStatus(root.id, 'offline');
      // A folder known by its path only cannot tell a drive unplugged from a folder moved.
      const reason =
        root.volume.identityKind === 'path'
          ? 'the folder is not there (moved or renamed, or its drive is not mounted)'
          : 'its drive or share is not mounted';
      outcomes.push(offline(root, rootPath(root), reason));
      continue;
    }
    repository.markVolumeSeen(root.volume.id, mountPath, now());
    const current = rootPath({ ...root, volume: { ...root.volume, mountPath } });
    const folderThere = await stat(current).then(
      (stats) => stats.isDirectory(),
      () => false,
    );
    if (!folderThere) {
      repository.setRootStatus(root.id, 'offline');
      outcomes.push(
        offline(root, current, 'the folder is not there (moved, renamed or deleted as a whole)'),
      );
      continue;
    }
    const scopes = options.dirty?.get(root.id) ?? WHOLE_ROOT;
    const walk = await walkFolderTree(current, { scopes });
    const indexed = repository.filesOf(root.id, scopes);
    const wholeRoot = scopes.some((scope) => scope.folder === '' && scope.deep);
    if (wholeRoot && walk.files.length === 0 && indexed.some((row) => row.state === 'present')) {
      // An empty folder where files were is an unmounted drive's mount point far more often
      // than a user who deleted every photo; offline loses nothing, missing would mislead.
      repository.setRootStatus(root.id, 'offline');
      outcomes.push(offline(root, current, 'the folder is empty (is its drive mounted?)'));
      continue;
    }
    repository.setRootStatus(root.id, 'ok');
    outcomes.push({
      rootId: root.id,
      path: current,
      status: 'ok',
      skipped: walk.skipped,
      failed: walk.failed,
    });
    scans.push({
      rootId: root.id,
      rootPath: current,
      caseInsensitive: root.volume.caseInsensitive,
      walk,
      indexed,
    });
  }
  const plan = await planReconciliation(scans, repository.missingFilesOfOkRoots(), reader);
  const { counts, addedIds } = applyReconciliation(repository, plan, now());
  return { roots: outcomes, plan, counts, addedIds };
}

function offline(root: FolderRoot, where: string, reason: string): RootOutcome {
  return { rootId: root.id, path: where, status: 'offline', reason, skipped: [], failed: [] };
}

/**
 * Which roots a watcher watches (watch on, online, on a local fixed disk) and which are
 * rescanned on a schedule instead (network and removable volumes: shares send no events, and
 * a watch on a card would hold it busy against ejecting).
 */
export function rootsToWatch(db: LibraryDatabase): { watch: WatchedRoot[]; scheduled: number[] } {
  const watch: WatchedRoot[] = [];
  const scheduled: number[] = [];
  for (const root of new FolderRepository(db).listRoots()) {
    if (!root.watch || root.status !== 'ok') continue;
    if (root.volume.kind === 'fixed') watch.push({ rootId: root.id, path: rootPath(root) });
    else scheduled.push(root.id);
  }
  return { watch, scheduled };
}
