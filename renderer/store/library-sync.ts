/**
 * Keeping the UI in step with the core: listening to its events, and after `libraryChanged`
 * (this app's edits, or another process's) refetching what changed without losing the user's
 * place: the grid's scroll and selection, the viewer's photo.
 */
import type { LibraryChangeReason, MenuCommand, PhotoDetails } from '../../common/contract';
import { ShoeboxError } from '../../common/errors';
import type { ShoeboxClient } from '../bridge/shoebox-client';
import { applyExportProgress } from './export-actions';
import { undoOrRedoFromMenu } from './history-actions';
import { applyImportProgress } from './import-actions';
import { refreshLibrary } from './library-actions';
import type { View } from './library-slice';
import { ensureLoaded, FIRST_PAGE, reloadView, showView } from './paging';
import { perClient } from './per-client';
import { loadedIndices } from './photos-slice';
import { useShoeboxStore as store, type ShoeboxState } from './store';

// After another process's change, selected photos the reload did not bring back are asked
// about one request each; past this many, loading the rest of the list is the cheaper check.
const MAX_PHOTO_CHECKS = 20;
// How far either side of where it was the viewer's photo is looked for when a reload did not
// bring it back: a page's worth covers what a burst of changes elsewhere shifts it by.
const FOLLOW_WINDOW = FIRST_PAGE;

/** The refresh after `libraryChanged` of one client. */
interface ChangeRefresh {
  /** Whether it is running; at most one is. */
  running: boolean;
  /** Reasons of `libraryChanged` events that arrived since it started. */
  pendingReasons: Set<LibraryChangeReason>;
}
const changeRefreshOf = perClient<ChangeRefresh>(() => ({
  running: false,
  pendingReasons: new Set(),
}));

/** Whether a change of this reason can alter what the grid of `view` lists. */
function changeTouchesView(reason: LibraryChangeReason, view: View): boolean {
  // Every reason is named (no default), so a new one cannot slip past without a decision here.
  switch (reason) {
    // Album edits (names, order, membership) change no listing but an album's, and a search's
    // (`album:` terms).
    case 'albums':
      return view.kind === 'album' || view.kind === 'search';
    // What other processes are doing changes no listing.
    case 'activity':
      return false;
    // The trash, descriptions (badges, order by time), another process's writes, a
    // reconnection that missed events: any listing.
    case 'trash':
    case 'photos':
    case 'external':
    case 'reconnected':
      return true;
  }
}

/** The photos on screen a refresh must not lose track of: the viewer's and the selection. */
interface Tracked {
  listKey: string;
  viewed: { id: number; index: number; nextId?: number; previousId?: number } | null;
  selectedIds: number[];
}

/** What the viewer shows (with its neighbours) and what is selected, by id. */
function trackedPhotos(state: ShoeboxState): Tracked {
  const index = state.viewerIndex;
  const photo = index === null ? undefined : state.loaded[index];
  return {
    listKey: state.listKey,
    viewed:
      index === null || photo === undefined
        ? null
        : {
            id: photo.id,
            index,
            nextId: state.loaded[index + 1]?.id,
            previousId: state.loaded[index - 1]?.id,
          },
    selectedIds: [...state.selectedIds],
  };
}

/** Whether the details of a photo put it in the listing of `view`. */
function listedIn(view: View, photo: PhotoDetails): boolean {
  if (view.kind === 'trash') return photo.trashedAt !== null;
  if (photo.trashedAt !== null) return false;
  // Whether a photo still matches a search is the core's to say; until the list shows
  // otherwise it counts as still there (so a selection is not dropped on a guess).
  if (view.kind === 'search') return true;
  return view.kind === 'all' || photo.albums.some((album) => album.id === view.albumId);
}

/** Whether every photo of the list is loaded. */
function loadedWhole(state: ShoeboxState): boolean {
  const [first, ...rest] = state.ranges;
  return (
    state.total === 0 || (first?.start === 0 && first.end === state.total && rest.length === 0)
  );
}

/**
 * Which of these photos, not loaded after a reload, have left the view. Loaded whole, the list
 * says so itself; otherwise each is asked about, or past a few the rest of the list is loaded.
 * A photo that cannot be settled (a request failed) counts as still there.
 */
async function goneFromView(client: ShoeboxClient, photoIds: number[]): Promise<Set<number>> {
  const state = store.getState();
  if (photoIds.length === 0 || loadedWhole(state)) return new Set(photoIds);
  if (photoIds.length > MAX_PHOTO_CHECKS) {
    await ensureLoaded(client, 0, state.total - 1);
    const after = store.getState();
    if (!loadedWhole(after)) return new Set();
    const listed = loadedIndices(after);
    return new Set(photoIds.filter((id) => !listed.has(id)));
  }
  const answers = await Promise.all(
    photoIds.map((photoId) =>
      client.getPhoto({ photoId }).then(
        (photo) => (listedIn(state.view, photo) ? null : photoId),
        (error: unknown) =>
          error instanceof ShoeboxError && error.code === 'NOT_FOUND' ? photoId : null,
      ),
    ),
  );
  return new Set(answers.filter((id) => id !== null));
}

/**
 * After a reload, drops from the selection the photos that left the view, and keeps the viewer
 * on its photo (found further into the list if need be); if that photo left, the viewer moves
 * to a neighbour that is still there, or closes.
 */
async function keepTrack(client: ShoeboxClient, before: Tracked): Promise<void> {
  const state = store.getState();
  if (state.listKey !== before.listKey) return;
  const shownIndex = state.viewerIndex;
  const listed = loadedIndices(state);
  const unsure = [...before.selectedIds, ...(before.viewed ? [before.viewed.id] : [])].filter(
    (id) => !listed.has(id),
  );
  const gone = await goneFromView(client, [...new Set(unsure)]);
  if (store.getState().listKey !== before.listKey) return;
  store.getState().deselect(gone);

  const { viewed } = before;
  if (viewed === null || listed.has(viewed.id) || shownIndex === null) return;
  let candidates = [viewed.nextId, viewed.previousId];
  if (!gone.has(viewed.id)) {
    await ensureLoaded(
      client,
      Math.max(0, viewed.index - FOLLOW_WINDOW),
      viewed.index + FOLLOW_WINDOW,
    );
    candidates = [viewed.id];
  }
  const now = store.getState();
  // The user stepped or closed the viewer meanwhile: where they went wins.
  if (now.listKey !== before.listKey || now.viewerIndex !== shownIndex) return;
  const indices = loadedIndices(now);
  const target = candidates
    .map((id) => (id === undefined ? undefined : indices.get(id)))
    .find((index) => index !== undefined);
  if (target === undefined) now.closeViewer();
  else now.openViewer(target);
}

/**
 * Refetches what changed: counts and albums, then the view on screen when the change can touch
 * it, keeping about as many photos loaded (the grid keeps its scroll position and selection,
 * the viewer its photo). An album deleted elsewhere while it is on screen gives way to All
 * photos.
 */
async function refreshAfterChanges(
  client: ShoeboxClient,
  reasons: LibraryChangeReason[],
): Promise<void> {
  await refreshLibrary(client);
  const { view, albums } = store.getState();
  if (view.kind === 'album' && !albums.some((album) => album.id === view.albumId)) {
    await showView(client, { kind: 'all' });
  } else if (reasons.some((reason) => changeTouchesView(reason, view))) {
    const before = trackedPhotos(store.getState());
    await reloadView(client);
    await keepTrack(client, before);
  }
}

/**
 * Handles one `libraryChanged`: a refresh, unless one is running, in which case the change
 * waits and every change that arrived meanwhile shares one refresh after it. A burst of events
 * (a CLI import, many edits) costs two refreshes at most, never one per event.
 */
async function onLibraryChanged(client: ShoeboxClient, reason: LibraryChangeReason): Promise<void> {
  const refresh = changeRefreshOf(client);
  refresh.pendingReasons.add(reason);
  if (refresh.running) return;
  refresh.running = true;
  try {
    while (refresh.pendingReasons.size > 0) {
      const reasons = [...refresh.pendingReasons];
      refresh.pendingReasons.clear();
      await refreshAfterChanges(client, reasons);
    }
  } finally {
    refresh.running = false;
  }
}

/** Carries out a command chosen in the desktop app's menu. */
function onMenuCommand(client: ShoeboxClient, command: MenuCommand): void {
  if (command === 'new-album') store.getState().setCreatingAlbum(true);
  else undoOrRedoFromMenu(client, command);
}

/** Listens to the core's events; returns the function that stops listening. */
export function listenToLibrary(client: ShoeboxClient): () => void {
  const unsubscribers = [
    client.on('importProgress', (event) => applyImportProgress(client, event)),
    client.on('exportProgress', (event) => applyExportProgress(client, event)),
    client.on('libraryChanged', ({ reason }) => void onLibraryChanged(client, reason)),
    client.on('menuCommand', ({ command }) => onMenuCommand(client, command)),
  ];
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}
