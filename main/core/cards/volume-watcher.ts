/**
 * Watches for camera cards coming and going (../shared/research/camera-cards.md, section 6):
 * no platform tells plain Node that a volume was mounted, so it polls (every 2 s by default;
 * one poll reads the mount table and `stat`s a few folders) and polls at once when a mount
 * folder changes (`fs.watch`: udisks makes the mount point's folder just before it mounts).
 */
import { watch } from 'node:fs';
import path from 'node:path';
import { errorMessage } from '../../../common/errors';
import { cardsAmong, type CardVolume } from './camera-cards';
import { defaultMountRoots, listVolumes, type MountedVolume } from './volumes';
import { nodeVolumeSystem, type VolumeSystem } from './volume-system';

/** A watch on one folder, stopped by `close`. */
export interface FolderWatch {
  close(): void;
}

/** Starts watching `folder`: `onEvent` on any change in it, `onError` when the watch breaks. */
export type WatchFolder = (
  folder: string,
  onEvent: () => void,
  onError: (error: unknown) => void,
) => FolderWatch;

/** What to watch, and whom to tell. */
export interface WatchCameraCardsOptions {
  /** Called with all the cards mounted whenever one appeared or went (and first when any is there at the start). */
  onChange: (cards: CardVolume[]) => void;
  /** Time between two polls, in milliseconds; 2000 unless set to a positive number. */
  pollMs?: number;
  /** The folders volumes are mounted in; replaces the platform's (see defaultMountRoots). */
  roots?: string[];
  /** Where failures go (an unreadable mount table, a broken watch); `console.warn` unless set. */
  logger?: (message: string) => void;
  platform?: NodeJS.Platform;
  system?: VolumeSystem;
  watchFolder?: WatchFolder;
}

/** A running card watch. */
export interface CameraCardWatcher {
  /** Stops polling and watching; resolves once a poll under way has ended. No call follows. */
  close(): Promise<void>;
  /** The cards found by the last poll (none before the first ends). */
  current(): CardVolume[];
  /** Polls soon: for a platform's own signal that a device came (Windows' WM_DEVICECHANGE). */
  refresh(): void;
}

// Between the folder event and the poll: udisks makes the folder, then mounts on it, and the
// two need a moment on a busy machine. A later mount is still caught by the next poll.
const SETTLE_MS = 250;
const DEFAULT_POLL_MS = 2000;

/**
 * Watches the mounted camera cards, calling `onChange` with all of them when the set changes.
 * Never throws from its timers or watches: a failed poll is logged (once while it lasts) and
 * the next poll tries again; a mount folder that does not exist is watched once
 * it does.
 */
export function watchCameraCards(options: WatchCameraCardsOptions): CameraCardWatcher {
  const platform = options.platform ?? process.platform;
  const system = options.system ?? nodeVolumeSystem;
  const paths = platform === 'win32' ? path.win32 : path.posix;
  const roots = options.roots ?? defaultMountRoots(platform);
  // Zero, a negative or NaN would poll back to back, one core busy for nothing.
  const pollMs =
    options.pollMs !== undefined && options.pollMs > 0 ? options.pollMs : DEFAULT_POLL_MS;
  const log = options.logger ?? ((message: string) => console.warn(message));
  const watchFolder = options.watchFolder ?? watchWithNode;
  const folderWatches = new Map<string, FolderWatch>();
  let cards: CardVolume[] = [];
  let closed = false;
  let inFlight: Promise<void> | null = null;
  let pollAfterThis = false;
  let timer: NodeJS.Timeout | null = null;
  let timerDueAt = 0;
  // What failed in the last poll and in this one: a lasting failure (an unreadable mount
  // table, no inotify watches left) is logged when it starts, not every 2 s.
  let failedLastPoll = new Set<string>();
  let failedThisPoll = new Set<string>();

  function reportPollFailure(message: string): void {
    failedThisPoll.add(message);
    if (!failedLastPoll.has(message)) log(message);
  }

  /** Polls in `delayMs`, unless a poll is already due sooner. */
  function schedule(delayMs: number): void {
    if (closed) return;
    const dueAt = Date.now() + delayMs;
    if (timer && timerDueAt <= dueAt) return;
    if (timer) clearTimeout(timer);
    timerDueAt = dueAt;
    timer = setTimeout(poll, delayMs);
  }

  function trigger(): void {
    if (inFlight) pollAfterThis = true;
    else schedule(SETTLE_MS);
  }

  function poll(): void {
    timer = null;
    if (closed || inFlight) return;
    inFlight = pollOnce()
      .catch((error: unknown) =>
        reportPollFailure(`Camera-card detection failed: ${errorMessage(error)}`),
      )
      .finally(() => {
        inFlight = null;
        failedLastPoll = failedThisPoll;
        failedThisPoll = new Set();
        const again = pollAfterThis;
        pollAfterThis = false;
        schedule(again ? SETTLE_MS : pollMs);
      });
  }

  async function pollOnce(): Promise<void> {
    const volumes = await listVolumes({ roots: options.roots, platform, system });
    await watchMountFolders(volumes);
    const found = await cardsAmong(volumes, { platform, system });
    if (closed || identity(found) === identity(cards)) return;
    cards = found;
    try {
      options.onChange([...found]);
    } catch (error) {
      log(`A camera-card listener failed: ${errorMessage(error)}`);
    }
  }

  /**
   * Watches each root that exists and the plain folders in it (udisks mounts in
   * `/media/$USER/`), not the volumes: a card's own files are none of this watch's business.
   */
  async function watchMountFolders(volumes: MountedVolume[]): Promise<void> {
    const volumePaths = new Set(volumes.map((volume) => volume.path));
    const wanted = new Set<string>();
    for (const root of roots) {
      // Listing a root asks nothing of the volumes in it: their kind comes from the root's folder.
      const entries = await system.readFolder(root).catch(() => null);
      if (!entries) continue;
      wanted.add(root);
      for (const entry of entries) {
        const folder = paths.join(root, entry.name);
        if (entry.isDirectory() && !volumePaths.has(folder)) wanted.add(folder);
      }
    }
    for (const [folder, folderWatch] of folderWatches) {
      if (!wanted.has(folder)) stopWatching(folder, folderWatch);
    }
    for (const folder of wanted) {
      if (closed || folderWatches.has(folder)) continue;
      try {
        const folderWatch = watchFolder(folder, trigger, (error) => {
          log(`Stopped watching ${folder}: ${errorMessage(error)}`);
          stopWatching(folder, folderWatch);
        });
        folderWatches.set(folder, folderWatch);
      } catch (error) {
        reportPollFailure(
          `Cannot watch ${folder} (cards there are seen at the next poll): ${errorMessage(error)}`,
        );
      }
    }
  }

  function stopWatching(folder: string, folderWatch: FolderWatch): void {
    folderWatches.delete(folder);
    try {
      folderWatch.close();
    } catch (error) {
      log(`Cannot stop watching ${folder}: ${errorMessage(error)}`);
    }
  }

  schedule(0);
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      for (const [folder, folderWatch] of folderWatches) stopWatching(folder, folderWatch);
      // A poll under way adds no watch and calls no listener once it sees `closed`.
      await inFlight;
    },
    current: () => [...cards],
    refresh: trigger,
  };
}

/** What tells two card lists apart: which volumes, under which names. */
function identity(cards: CardVolume[]): string {
  return JSON.stringify(cards.map((card) => [card.path, card.label]));
}

function watchWithNode(
  folder: string,
  onEvent: () => void,
  onError: (error: unknown) => void,
): FolderWatch {
  // Not persistent: the poll timer already keeps the process alive until `close`.
  const watcher = watch(folder, { persistent: false }, onEvent);
  watcher.on('error', onError);
  return watcher;
}
