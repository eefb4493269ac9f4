/**
 * Watches added folders on local fixed disks with @parcel/watcher (one inotify watch per
 * folder on Linux, FSEvents on macOS, ReadDirectoryChangesW on Windows; organise.md B2), and
 * turns its events into dirty folders only: what changed is never taken from an event (a
 * rename arrives as a delete and a create), the caller rescans the dirty folders
 * (`rescanFolders` with `dirty`). Network and removable folders are not watched: the caller
 * rescans them on a schedule.
 */
import watcher, { type AsyncSubscription, type Event } from '@parcel/watcher';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '../../../common/errors';
import type { FolderScope } from './walk-folder-tree';

/** A root to watch: its id and where it is now. */
export interface WatchedRoot {
  rootId: number;
  path: string;
}

/** Dirty folders per root, as `rescanFolders`'s `dirty` takes them, none covering another. */
export type DirtyFolders = Map<number, FolderScope[]>;

/** How the watcher reports. */
export interface FolderWatcherOptions {
  /** Called with the dirty folders once events have stopped for `debounceMs`. */
  onDirty: (dirty: DirtyFolders) => void;
  /**
   * Called when a root cannot be watched (ENOSPC: inotify's watch limit reached, a folder gone);
   * the caller rescans that root on a schedule instead.
   */
  onError?: (rootId: number, message: string) => void;
  /** Quiet time before a report. Default 1500 ms: a camera copy writes in bursts. */
  debounceMs?: number;
  /** Longest wait under a stream of events, so a change shows within seconds. Default 4000 ms. */
  maxWaitMs?: number;
}

/** A running watcher. */
export interface FolderWatcher {
  /** The roots being watched (those whose subscription succeeded). */
  readonly watching: readonly number[];
  /** Stops watching; a pending report is dropped. */
  close(): Promise<void>;
}

/** Names whose changes never make a folder dirty: hidden files and folders, as the walk skips. */
const IGNORE = ['**/.*', '**/.*/**'];

/**
 * Watches `roots`. Subscribing a root that fails is reported to `onError` and the others are
 * watched; never throws.
 */
export async function watchFolderRoots(
  roots: readonly WatchedRoot[],
  options: FolderWatcherOptions,
): Promise<FolderWatcher> {
  const debounceMs = options.debounceMs ?? 1500;
  const maxWaitMs = options.maxWaitMs ?? 4000;
  const pending: DirtyFolders = new Map();
  let timer: NodeJS.Timeout | null = null;
  let firstEventAt = 0;
  let closed = false;

  const flush = () => {
    timer = null;
    if (closed || pending.size === 0) return;
    const dirty: DirtyFolders = new Map(
      [...pending].map(([rootId, scopes]) => [rootId, outermost(scopes)]),
    );
    pending.clear();
    options.onDirty(dirty);
  };
  const schedule = () => {
    const now = Date.now();
    if (timer === null) firstEventAt = now;
    else clearTimeout(timer);
    const wait = Math.max(0, Math.min(debounceMs, firstEventAt + maxWaitMs - now));
    timer = setTimeout(flush, wait);
  };

  const subscriptions: AsyncSubscription[] = [];
  const watching: number[] = [];
  for (const root of roots) {
    try {
      const subscription = await watcher.subscribe(
        root.path,
        (error, events) => {
          if (closed) return;
          if (error) {
            options.onError?.(root.rootId, errorMessage(error));
            return;
          }
          void markDirty(pending, root, events).then(() => {
            if (!closed) schedule();
          });
        },
        { ignore: IGNORE },
      );
      subscriptions.push(subscription);
      watching.push(root.rootId);
    } catch (error) {
      options.onError?.(root.rootId, describeWatchError(error));
    }
  }
  return {
    watching,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await Promise.all(subscriptions.map((subscription) => subscription.unsubscribe()));
    },
  };
}

/**
 * What each event dirties. A file dirties its own folder only; a folder that is there now (made,
 * moved in) is walked with everything below it, since one event stands for all it holds; a
 * path that is gone may have been either, so both its folder and what was below it are looked at.
 */
async function markDirty(pending: DirtyFolders, root: WatchedRoot, events: Event[]): Promise<void> {
  const scopes = await Promise.all(
    events.map(async (event): Promise<FolderScope[]> => {
      const own = relativeTo(root.path, event.path);
      const parent = relativeTo(root.path, path.dirname(event.path));
      if (own === null || parent === null || own === '')
        return own === '' ? [{ folder: '', deep: true }] : [];
      const stats = await lstat(event.path).catch(() => null);
      if (stats?.isDirectory()) return [{ folder: own, deep: true }];
      if (stats) return [{ folder: parent, deep: false }];
      return [
        { folder: parent, deep: false },
        { folder: own, deep: true },
      ];
    }),
  );
  pending.set(root.rootId, [...(pending.get(root.rootId) ?? []), ...scopes.flat()]);
}

function relativeTo(rootPath: string, file: string): string | null {
  const relative = path.relative(rootPath, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return relative.split(path.sep).join('/');
}

/** The scopes with none covered by another: a deep folder covers itself and all below it. */
function outermost(scopes: readonly FolderScope[]): FolderScope[] {
  const deep = [
    ...new Set(scopes.filter((scope) => scope.deep).map((scope) => scope.folder)),
  ].sort();
  const keptDeep = deep.filter(
    (folder, index) => !deep.slice(0, index).some((outer) => covers(outer, folder)),
  );
  const shallow = [...new Set(scopes.filter((scope) => !scope.deep).map((scope) => scope.folder))]
    .filter((folder) => !keptDeep.some((outer) => covers(outer, folder)))
    .sort();
  return [
    ...keptDeep.map((folder) => ({ folder, deep: true })),
    ...shallow.map((folder) => ({ folder, deep: false })),
  ];
}

function covers(outer: string, folder: string): boolean {
  return outer === '' || folder === outer || folder.startsWith(`${outer}/`);
}

function describeWatchError(error: unknown): string {
  const message = errorMessage(error);
  // inotify's per-user watch limit: one watch per folder, and other programs hold some.
  if (/ENOSPC|No space left/i.test(message)) {
    return `${message}: too many folders to watch; raise fs.inotify.max_user_watches, or this folder is rescanned on a schedule`;
  }
  return message;
}
