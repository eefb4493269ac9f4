/**
 * The folders in place of one core: the contract's folder methods, the CLI's runs, and the
 * watching while someone listens (the app, `serve`): local fixed folders by the watcher, whose
 * dirty folders are rescanned after it settles; network and removable ones on a schedule;
 * every folder once when watching starts (what changed while nothing ran).
 */
import path from 'node:path';
import type {
  FolderEntry,
  ImportProgress,
  ParsedInput,
  ShoeboxHandlers,
} from '../../../common/contract';
import { errorMessage, ShoeboxError } from '../../../common/errors';
import type { RescanCounts } from './apply-plan';
import type { AddFolderOptions } from './folder-service';
import { rootsToWatch } from './folder-service';
import { FolderRepository } from './folder-repository';
import {
  watchFolderRoots,
  type DirtyFolders,
  type FolderWatcher,
  type WatchedRoot,
} from './folder-watcher';
import { isInside } from '../library/library-paths';
import {
  addFolderInPlace,
  deleteFromDisk,
  findFolder,
  importRescanned,
  indexFolder,
  listFolderEntries,
  locateFileInPlace,
  relocateFolder,
  removeFolderInPlace,
  rescanInPlace,
  type FolderRescanSummary,
  type FoldersInPlaceDependencies,
} from './folders-in-place';
import { identifyFolder } from './locate-volume';
import { volumePlatformFor } from './volume-platform';

/** The contract's folder methods. */
export type FolderHandlers = Pick<
  ShoeboxHandlers,
  | 'listFolders'
  | 'addFolder'
  | 'rescanFolders'
  | 'locateFolder'
  | 'locateFile'
  | 'removeFolder'
  | 'deleteFromDisk'
>;

/** What the folder service works with, beyond what an in-place import needs. */
export interface FolderServiceDependencies extends FoldersInPlaceDependencies {
  /** Deletes trashed photos for good (the library's fenced removal of their files). */
  deleteForever(photoIds: number[]): Promise<number>;
  /** Tells the UI the library changed (photos came, went, moved, went missing or offline). */
  changed(): void;
  /** Told about a rescan or a watch that failed (it is tried again at the next signal). */
  onError?: (message: string) => void;
  /** How often offline folders are looked for while watching (tests pass less). */
  offlineCheckMs?: number;
  /** The watcher's quiet time (tests pass less). */
  debounceMs?: number;
}

/** The folder service of one core. */
export interface FolderService {
  handlers: FolderHandlers;
  /** Adds a folder and imports its photos (the CLI's `folder add`). */
  add(
    folder: string,
    options: AddFolderOptions & {
      onProgress?: (event: ImportProgress) => void;
      signal?: AbortSignal;
    },
  ): Promise<{ folder: FolderEntry; summary: FolderRescanSummary }>;
  /** Rescans one folder (by its path) or all (the CLI's `folder rescan`). */
  rescan(
    folder?: string,
    options?: { onProgress?: (event: ImportProgress) => void; signal?: AbortSignal },
  ): Promise<FolderRescanSummary>;
  /** The added folders (the CLI's `folder list`). */
  list(): FolderEntry[];
  /** Forgets a folder by its path and its photos; answers how many photos it had. */
  remove(folder: string): Promise<number>;
  /** Starts watching (and rescans every folder once). */
  startWatching(): void;
  /** Stops watching; a rescan under way finishes. */
  stopWatching(): Promise<void>;
}

// Network shares send no events and a card would be held busy by a watch: rescanned this often
// instead. Ten minutes keeps an unchanged NAS folder's walk (seconds) a small share of its time.
const SCHEDULE_MS = 10 * 60 * 1000;
// An offline folder is looked for this often: only the mount table is read.
const OFFLINE_CHECK_MS = 60 * 1000;

/** Creates the folder service of one core. */
export function createFolderService(deps: FolderServiceDependencies): FolderService {
  const { db } = deps;
  let watcher: FolderWatcher | null = null;
  // What `watcher` watches (its roots and their paths), so an unchanged set is not resubscribed.
  let watched = '';
  let schedule: NodeJS.Timeout | null = null;
  let watching = false;
  let background: Promise<unknown> = Promise.resolve();
  const tickMs = deps.offlineCheckMs ?? OFFLINE_CHECK_MS;

  const entryOf = (rootId: number): FolderEntry =>
    listFolderEntries(db).find((entry) => entry.id === rootId)!;

  async function rescanThen(options: Parameters<typeof rescanInPlace>[1]): Promise<RescanCounts> {
    const before = JSON.stringify(listFolderEntries(db));
    const summary = await rescanInPlace(deps, options);
    // An offline folder looked for again, still offline, is no change to show.
    const { counts } = summary;
    const found = Object.values(counts).some((count) => count > 0);
    if (found || JSON.stringify(listFolderEntries(db)) !== before) deps.changed();
    // The watched set follows: a folder back online is watched again, one gone offline not.
    if (watching) await rewatch();
    return summary.counts;
  }

  /** Runs background work one piece after another; a failure is told, never thrown. */
  function inBackground(work: () => Promise<unknown>): void {
    background = background
      .then(work)
      .catch((error: unknown) => deps.onError?.(errorMessage(error)));
  }

  /** Watches what should be watched now, unless that is what is watched already. */
  async function rewatch(): Promise<void> {
    const { watch } = rootsToWatch(db);
    const wanted = watching ? JSON.stringify(watch) : '';
    if (wanted === watched) return;
    await watcher?.close();
    watcher = null;
    watched = wanted;
    if (!watching || watch.length === 0) return;
    watcher = await watchFolderRoots(watch, {
      debounceMs: deps.debounceMs,
      onDirty: (changes) => {
        const dirty = outsideLibrary(changes, watch, deps.imports.layout.root);
        if (dirty.size > 0) inBackground(() => rescanThen({ dirty, rootIds: [...dirty.keys()] }));
      },
      onError: (rootId, message) => deps.onError?.(`folder ${rootId}: ${message}`),
    });
  }

  const handlers: FolderHandlers = {
    listFolders: async () => listFolderEntries(db),
    async addFolder(input: ParsedInput<'addFolder'>) {
      const { root, rescan } = await indexFolder(deps, input.path, {
        watch: input.watch,
        writeXmp: input.writeXmp,
      });
      // The index is made; the photos come in the background, as an import's do, with its
      // events under the caller's id.
      inBackground(async () => {
        await importRescanned(deps, rescan, { importId: input.importId });
        deps.changed();
        if (watching) await rewatch();
      });
      return { folder: entryOf(root.id), importId: input.importId };
    },
    rescanFolders: ({ folderId }) =>
      rescanThen(folderId === undefined ? {} : { rootIds: [folderId] }),
    async locateFolder({ folderId, path: folder }) {
      const repository = new FolderRepository(db);
      const root = repository.getRoot(folderId);
      if (!root) throw new ShoeboxError('NOT_FOUND', `No added folder has id ${folderId}`);
      const placement = await identifyFolder(path.resolve(folder), {
        allowWrite: root.writeXmp,
        platform: volumePlatformFor(),
      });
      await relocateFolder(deps, folderId, placement);
      await rescanThen({ rootIds: [folderId] });
      return entryOf(folderId);
    },
    async deleteFromDisk({ photoIds }) {
      const count = await deleteFromDisk(deps, photoIds, deps.deleteForever);
      deps.changed();
      return { count };
    },
    async locateFile({ photoId, path: file }) {
      await locateFileInPlace(deps, photoId, file);
      deps.changed();
      return { count: 1 };
    },
    async removeFolder({ folderId }) {
      const count = await removeFolderInPlace(deps, folderId, deps.deleteForever);
      deps.changed();
      if (watching) await rewatch();
      return { count };
    },
  };

  return {
    handlers,
    async add(folder, options) {
      const { root, summary } = await addFolderInPlace(deps, folder, options);
      return { folder: entryOf(root.id), summary };
    },
    rescan(folder, options = {}) {
      const rootIds = folder === undefined ? undefined : [findFolder(db, folder).id];
      return rescanInPlace(deps, { ...options, ...(rootIds && { rootIds }) });
    },
    list: () => listFolderEntries(db),
    remove: (folder) => removeFolderInPlace(deps, findFolder(db, folder).id, deps.deleteForever),
    startWatching() {
      if (watching) return;
      watching = true;
      // Subscribed first, then every folder rescanned: a change made in between is not missed.
      inBackground(async () => {
        await rewatch();
        await rescanThen({});
      });
      let ticks = 0;
      schedule = setInterval(() => {
        ticks += 1;
        // Offline folders every tick (a look at the mount table: a drive plugged back in shows
        // within a minute), the unwatched ones every SCHEDULE_MS.
        const offline = listFolderEntries(db)
          .filter((entry) => entry.status === 'offline')
          .map((entry) => entry.id);
        const due = ticks % Math.max(1, Math.round(SCHEDULE_MS / tickMs)) === 0;
        const rootIds = [...offline, ...(due ? rootsToWatch(db).scheduled : [])];
        if (rootIds.length > 0) inBackground(() => rescanThen({ rootIds }));
      }, tickMs);
      schedule.unref();
    },
    async stopWatching() {
      watching = false;
      if (schedule) clearInterval(schedule);
      schedule = null;
      await watcher?.close();
      watcher = null;
      watched = '';
      await background;
    },
  };
}

/**
 * The dirty folders that are not the library's own: a library inside an added folder writes
 * derivatives and staging files with every import, which are never photos of the folder.
 */
function outsideLibrary(
  dirty: DirtyFolders,
  watched: readonly WatchedRoot[],
  library: string,
): DirtyFolders {
  const kept: DirtyFolders = new Map();
  for (const [rootId, scopes] of dirty) {
    const root = watched.find((entry) => entry.rootId === rootId);
    if (!root) continue;
    const outside = scopes.filter(({ folder }) => {
      const where = path.resolve(root.path, ...folder.split('/').filter(Boolean));
      return where !== library && !isInside(library, where);
    });
    if (outside.length > 0) kept.set(rootId, outside);
  }
  return kept;
}
