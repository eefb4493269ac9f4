/**
 * What the UI asks of the library: each command calls the client, then updates the store.
 * Components call these instead of the client so every call handles errors the same way.
 */
import type {
  Album,
  ExportDestination,
  ExportProgress,
  ImportProgress,
  ImportSource,
  MenuCommand,
  MethodInput,
  PhotoDetails,
} from '../../common/contract';
import { ShoeboxError } from '../../common/errors';
import type { ShoeboxClient } from '../bridge/shoebox-client';
import type { ExportChoices } from './export-slice';
import { viewKey, type View } from './library-slice';
import { dayAtIndex, type LoadedRange } from './photos-slice';
import { useShoeboxStore, type ShoeboxState } from './store';

// The first page fills several screens of the densest grid and still answers quickly, so the
// first thumbnails paint fast; later pages grow to the contract's maximum when the photos
// wanted are further ahead. Further than one page from the loaded run before them, the
// timeline starts a page at their day (`fromDay`) rather than walking there page by page.
const FIRST_PAGE = 200;
const MAX_PAGE = 1000;
// How long after the last imported file to refresh sidebar counts: live, without one request
// per file.
const COUNTS_REFRESH_MS = 500;
// After a page fails to load, scrolling does not ask again before this: one error toast per
// outage rather than one per row scrolled.
const PAGE_RETRY_MS = 3000;
// After another process's change, selected photos the reload did not bring back are asked
// about one request each; past this many, loading the rest of the list is the cheaper check.
const MAX_PHOTO_CHECKS = 20;
// How far either side of where it was the viewer's photo is looked for when a reload did not
// bring it back: a page's worth covers what a burst of changes elsewhere shifts it by.
const FOLLOW_WINDOW = FIRST_PAGE;

const store = useShoeboxStore;

/** Per-client bookkeeping that must not live in the store (promises, abort controllers). */
interface Session {
  /** The one page request in flight: pages are asked one at a time. */
  pendingPage: { generation: number; promise: Promise<void> } | null;
  /** Bumped by every `showPhotos`: only the latest view of the grid is worth loading. */
  shownRequest: number;
  /** When a page last failed to load (0: never). */
  pageFailedAt: number;
  uploads: Map<number, AbortController>;
  downloadExportIds: Set<string>;
  countsTimer: ReturnType<typeof setTimeout> | null;
  /** Whether a refresh after `libraryChanged` is running; at most one is. */
  refreshingChanges: boolean;
  /** Reasons of `libraryChanged` events that arrived since that refresh started. */
  pendingChanges: Set<string>;
}
const sessions = new WeakMap<ShoeboxClient, Session>();

/** The bookkeeping of one client. */
function sessionOf(client: ShoeboxClient): Session {
  let session = sessions.get(client);
  if (session === undefined) {
    session = {
      pendingPage: null,
      shownRequest: 0,
      pageFailedAt: 0,
      uploads: new Map(),
      downloadExportIds: new Set(),
      countsTimer: null,
      refreshingChanges: false,
      pendingChanges: new Set(),
    };
    sessions.set(client, session);
  }
  return session;
}

/** Shows an error as a toast (a ShoeboxError's message is written for users). */
export function reportError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  store.getState().pushToast({ kind: 'error', message });
}

/** Shows a short confirmation. */
function inform(message: string, action?: { label: string; run: () => void }): void {
  store.getState().pushToast({ kind: 'info', message, action });
}

/** "1 photo", "3 photos". */
export function countPhotos(count: number): string {
  return `${count.toLocaleString()} ${count === 1 ? 'photo' : 'photos'}`;
}

/** The listPhotos input of a view. */
function listInput(view: View): MethodInput<'listPhotos'> {
  if (view.kind === 'album') return { albumId: view.albumId };
  // Most recently deleted first: what the user is most likely looking for.
  if (view.kind === 'trash') return { trashed: true, order: 'desc' };
  return { order: 'desc' };
}

/** Refetches albums and library counts. */
export async function refreshLibrary(client: ShoeboxClient): Promise<void> {
  try {
    const [albums, info] = await Promise.all([client.listAlbums(), client.getLibraryInfo()]);
    store.getState().setAlbums(albums);
    store.getState().setLibraryInfo(info);
  } catch (error) {
    reportError(error);
  }
}

/** Refreshes counts soon, once for a burst of changes. */
function refreshLibrarySoon(client: ShoeboxClient): void {
  const session = sessionOf(client);
  if (session.countsTimer !== null) return;
  session.countsTimer = setTimeout(() => {
    session.countsTimer = null;
    void refreshLibrary(client);
  }, COUNTS_REFRESH_MS);
}

/**
 * Loads the current view's skeleton and first page, replacing the list only once both are
 * here (so a reload never flashes empty). `keep` asks for at least that many photos.
 */
export async function loadView(client: ShoeboxClient, keep = 0): Promise<void> {
  const { view, listKey } = store.getState();
  const limit = Math.min(MAX_PAGE, Math.max(FIRST_PAGE, keep));
  try {
    const [days, page] = await Promise.all([
      view.kind === 'all' ? client.getTimeline({ order: 'desc' }) : null,
      client.listPhotos({ ...listInput(view), limit }),
    ]);
    if (store.getState().listKey !== listKey) return;
    const total = days
      ? days.reduce((sum, day) => sum + day.count, 0)
      : (page.total ?? page.photos.length);
    store
      .getState()
      .replacePhotoList({ days, total, photos: page.photos, nextCursor: page.nextCursor });
  } catch (error) {
    if (store.getState().listKey !== listKey) return;
    store.getState().setListFailed();
    reportError(error);
  }
}

/** Reloads the current view, keeping about as many photos loaded from the top as now. */
export function reloadView(client: ShoeboxClient): Promise<void> {
  return loadView(client, store.getState().ranges[0]?.end ?? 0);
}

/** Switches to a view and loads it. */
export function showView(client: ShoeboxClient, view: View): Promise<void> {
  if (viewKey(view) === store.getState().listKey) return reloadView(client);
  store.getState().setView(view);
  return loadView(client);
}

/** The first index from `from` to `to` (inclusive) not loaded yet, or null. */
function firstMissing(ranges: LoadedRange[], from: number, to: number): number | null {
  let index = from;
  for (const range of ranges) {
    if (range.end <= index) continue;
    if (range.start > index) break;
    index = range.end;
  }
  return index <= to ? index : null;
}

/**
 * The page that loads photo `missing` on the way to `to`: continuing the loaded run before it
 * by its cursor, or, on the timeline when that run is more than a page away, from the day that
 * holds `missing` (or a page before the next loaded run). Pages stop where that run starts.
 */
function nextPageFor(
  state: ShoeboxState,
  missing: number,
  to: number,
): { start: number; input: MethodInput<'listPhotos'> } {
  const before = state.ranges.filter((range) => range.end <= missing).at(-1);
  const after = state.ranges.find((range) => range.start > missing);
  const limitFrom = (start: number) =>
    Math.max(
      1,
      Math.min(MAX_PAGE, Math.max(FIRST_PAGE, to - start + 1), (after?.start ?? Infinity) - start),
    );
  const continueFrom = before?.end ?? 0;
  const base = listInput(state.view);
  if (state.days !== null && to - continueFrom + 1 > MAX_PAGE) {
    // Scrolling up towards a loaded run, start a page's worth before it rather than at the
    // row that just came into view: one request per page scrolled, not one per day.
    const target = Math.max(
      continueFrom,
      Math.min(missing, (after?.start ?? Infinity) - FIRST_PAGE),
    );
    const day = dayAtIndex(state.days, target);
    if (day !== null && day.start > continueFrom) {
      return {
        start: day.start,
        input: { ...base, fromDay: day.day, limit: limitFrom(day.start) },
      };
    }
  }
  return {
    start: continueFrom,
    input: { ...base, cursor: before?.nextCursor ?? null, limit: limitFrom(continueFrom) },
  };
}

/**
 * Loads what is missing of photos `from` to `to` (inclusive), one page at a time, while
 * `wanted()` says the photos are still worth having.
 */
async function loadPhotos(
  client: ShoeboxClient,
  from: number,
  to: number,
  wanted: () => boolean,
): Promise<void> {
  const session = sessionOf(client);
  for (;;) {
    const state = store.getState();
    const generation = state.listGeneration;
    const last = Math.min(to, state.total - 1);
    const missing = firstMissing(state.ranges, Math.max(0, from), last);
    if (missing === null || state.listStatus !== 'ready' || !wanted()) return;
    let issued = false;
    if (session.pendingPage?.generation !== generation) {
      issued = true;
      if (Date.now() - session.pageFailedAt < PAGE_RETRY_MS) return;
      const { start, input } = nextPageFor(state, missing, last);
      // The listing ends before `missing`: nothing more to load.
      if (input.fromDay === undefined && input.cursor === null && start > 0) return;
      const asked = { generation, edits: state.listEdits };
      const promise = client
        .listPhotos(input)
        .then(
          (page) => {
            session.pageFailedAt = 0;
            store.getState().placePage(asked, start, page.photos, page.nextCursor);
          },
          (error: unknown) => {
            // The photos already shown stay; scrolling on tries again after a pause.
            session.pageFailedAt = Date.now();
            if (store.getState().listGeneration === generation) reportError(error);
          },
        )
        .finally(() => {
          if (session.pendingPage?.promise === promise) session.pendingPage = null;
        });
      session.pendingPage = { generation, promise };
    }
    await session.pendingPage?.promise;
    const now = store.getState();
    if (now.listGeneration !== generation || session.pageFailedAt !== 0) return;
    // Our own page placed yet nothing new: the listing is shorter than the count said
    // (changed meanwhile); the libraryChanged reload sorts that out, asking again would not.
    const stuck =
      issued &&
      now.listEdits === state.listEdits &&
      firstMissing(now.ranges, Math.max(0, from), last) === missing;
    if (stuck) return;
  }
}

/** Loads photos `from` to `to` (inclusive) of the current list, if not loaded yet. */
export function ensureLoaded(client: ShoeboxClient, from: number, to = from): Promise<void> {
  const generation = store.getState().listGeneration;
  return loadPhotos(client, from, to, () => store.getState().listGeneration === generation);
}

/**
 * Loads the photos the grid shows, `from` to `to`; a later call supersedes this one, so
 * dragging the scroll bar across the library loads where it stops, not everywhere it passed.
 */
export function showPhotos(client: ShoeboxClient, from: number, to: number): Promise<void> {
  const session = sessionOf(client);
  const request = ++session.shownRequest;
  return loadPhotos(client, from, to, () => session.shownRequest === request);
}

/** Extends the selection from its anchor to photo `index`, loading the photos between. */
export async function selectRangeTo(client: ShoeboxClient, index: number): Promise<void> {
  const anchor = store.getState().anchorIndex ?? index;
  await ensureLoaded(client, Math.min(anchor, index), Math.max(anchor, index));
  store.getState().selectRange(index);
}

/** Selects every photo of the view, loading the rest of the listing first. */
export async function selectAll(client: ShoeboxClient): Promise<void> {
  await ensureLoaded(client, 0, store.getState().total - 1);
  store.getState().selectAllLoaded();
}

/** Moves photos to the trash, with an Undo. */
export async function trashPhotos(client: ShoeboxClient, photoIds: number[]): Promise<void> {
  if (photoIds.length === 0) return;
  try {
    await client.trashPhotos({ photoIds });
  } catch (error) {
    reportError(error);
    return;
  }
  dropFromView(photoIds);
  inform(`Moved ${countPhotos(photoIds.length)} to the Trash`, {
    label: 'Undo',
    run: () => void restorePhotos(client, photoIds),
  });
  void refreshLibrary(client);
}

/** Where each loaded photo of the list is, by id. */
function loadedIndices(state: ShoeboxState): Map<number, number> {
  const indices = new Map<number, number>();
  state.loaded.forEach((photo, index) => {
    if (photo !== undefined) indices.set(photo.id, index);
  });
  return indices;
}

/**
 * Takes photos out of the view on screen, unselected. The viewer keeps its photo; if that was
 * one of them, it shows the next photo (the previous at the end), or closes when none is left.
 */
function dropFromView(photoIds: number[]): void {
  const state = store.getState();
  const { viewerIndex } = state;
  const viewedId = viewerIndex === null ? undefined : state.loaded[viewerIndex]?.id;
  state.removePhotos(new Set(photoIds));
  state.clearSelection();
  if (viewerIndex === null) return;
  const after = store.getState();
  // Once the shown photo is out, the one after it has its index.
  const target =
    (viewedId === undefined ? undefined : loadedIndices(after).get(viewedId)) ??
    Math.min(viewerIndex, after.total - 1);
  if (target < 0) after.closeViewer();
  else after.openViewer(target);
}

/** Brings photos back from the trash. */
export async function restorePhotos(client: ShoeboxClient, photoIds: number[]): Promise<void> {
  try {
    await client.restorePhotos({ photoIds });
  } catch (error) {
    reportError(error);
    return;
  }
  if (store.getState().view.kind === 'trash') {
    inform(`Restored ${countPhotos(photoIds.length)}`);
  }
  await Promise.all([refreshLibrary(client), reloadView(client)]);
}

/** Deletes photos in the Trash for good: their originals and derivatives leave the disk. */
export async function deleteForever(client: ShoeboxClient, photoIds: number[]): Promise<void> {
  if (photoIds.length === 0) return;
  let count: number;
  try {
    ({ count } = await client.deleteFromTrash({ photoIds }));
  } catch (error) {
    reportError(error);
    return;
  }
  dropFromView(photoIds);
  inform(`Deleted ${countPhotos(count)} for good`);
  await refreshLibrary(client);
}

/** Deletes every photo in the Trash for good. */
export async function emptyTrash(client: ShoeboxClient): Promise<void> {
  let count: number;
  try {
    ({ count } = await client.emptyTrash());
  } catch (error) {
    reportError(error);
    return;
  }
  store.getState().clearSelection();
  inform(`Emptied the Trash: ${countPhotos(count)} deleted for good`);
  await Promise.all([
    refreshLibrary(client),
    store.getState().view.kind === 'trash' ? reloadView(client) : null,
  ]);
}

/** Creates an album; null (and an error toast) if that failed. */
export async function createAlbum(client: ShoeboxClient, name: string): Promise<Album | null> {
  try {
    const album = await client.createAlbum({ name });
    await refreshLibrary(client);
    return album;
  } catch (error) {
    reportError(error);
    return null;
  }
}

/** Renames an album; false (and an error toast) if that failed. */
export async function renameAlbum(
  client: ShoeboxClient,
  albumId: number,
  name: string,
): Promise<boolean> {
  try {
    await client.renameAlbum({ albumId, name });
    await refreshLibrary(client);
    return true;
  } catch (error) {
    reportError(error);
    return false;
  }
}

/** Deletes an album (its photos stay in the library). */
export async function deleteAlbum(client: ShoeboxClient, album: Album): Promise<void> {
  try {
    await client.deleteAlbum({ albumId: album.id });
  } catch (error) {
    reportError(error);
    return;
  }
  const { view } = store.getState();
  if (view.kind === 'album' && view.albumId === album.id) await showView(client, { kind: 'all' });
  inform(`Deleted the album “${album.name}”; its photos are still in the library`);
  await refreshLibrary(client);
}

/** Moves an album in the sidebar to just before another one. */
export async function moveAlbum(
  client: ShoeboxClient,
  albumId: number,
  beforeAlbumId: number,
): Promise<void> {
  const { albums, setAlbums } = store.getState();
  const moving = albums.find((album) => album.id === albumId);
  if (moving === undefined || albumId === beforeAlbumId) return;
  const rest = albums.filter((album) => album.id !== albumId);
  const at = rest.findIndex((album) => album.id === beforeAlbumId);
  const reordered = [...rest.slice(0, at), moving, ...rest.slice(at)];
  // Shown at once; the core's order comes back with the refresh.
  setAlbums(reordered);
  try {
    await client.reorderAlbums({ albumIds: reordered.map((album) => album.id) });
  } catch (error) {
    reportError(error);
  }
  await refreshLibrary(client);
}

/** Adds photos to the end of an album. */
export async function addToAlbum(
  client: ShoeboxClient,
  album: Album,
  photoIds: number[],
): Promise<void> {
  if (photoIds.length === 0) return;
  try {
    await client.addPhotosToAlbum({ albumId: album.id, photoIds });
  } catch (error) {
    reportError(error);
    return;
  }
  inform(`Added ${countPhotos(photoIds.length)} to “${album.name}”`);
  const { view } = store.getState();
  await Promise.all([
    refreshLibrary(client),
    view.kind === 'album' && view.albumId === album.id ? reloadView(client) : null,
  ]);
}

/** Takes photos out of an album (they stay in the library). */
export async function removeFromAlbum(
  client: ShoeboxClient,
  albumId: number,
  photoIds: number[],
): Promise<void> {
  if (photoIds.length === 0) return;
  try {
    await client.removePhotosFromAlbum({ albumId, photoIds });
  } catch (error) {
    reportError(error);
    return;
  }
  store.getState().removePhotos(new Set(photoIds));
  store.getState().clearSelection();
  inform(`Removed ${countPhotos(photoIds.length)} from the album`);
  void refreshLibrary(client);
}

/** Moves photos within an album to just before another photo (null: to the end). */
export async function movePhotosInAlbum(
  client: ShoeboxClient,
  albumId: number,
  photoIds: number[],
  beforePhotoId: number | null,
): Promise<void> {
  try {
    await client.movePhotosInAlbum({ albumId, photoIds, beforePhotoId });
  } catch (error) {
    reportError(error);
    return;
  }
  await reloadView(client);
}

/** Starts the core's import of a staged source for a run. */
async function startImportRun(
  client: ShoeboxClient,
  key: number,
  source: ImportSource,
  albumId: number | null,
): Promise<void> {
  try {
    const { importId } = await client.startImport(
      albumId === null ? { source } : { source, albumId },
    );
    store.getState().attachImportId(key, importId);
  } catch (error) {
    store.getState().endImportRun(key, (error as Error).message);
  }
}

/** Imports dropped or chosen files (uploading them first in a browser). */
export async function importFiles(
  client: ShoeboxClient,
  files: File[],
  albumId: number | null = null,
): Promise<void> {
  if (files.length === 0) return;
  const state = store.getState();
  const key = state.beginImportRun(
    client.capabilities.filePaths ? 'importing' : 'uploading',
    albumId,
  );
  const controller = new AbortController();
  const { uploads } = sessionOf(client);
  uploads.set(key, controller);
  let source: ImportSource | null;
  try {
    const staged = await client.stageFiles(files, {
      signal: controller.signal,
      onProgress: (progress) => store.getState().setUploadProgress(key, progress),
    });
    state.addRejectedFiles(key, staged.rejected);
    source = staged.source;
  } catch (error) {
    const cancelled = controller.signal.aborted;
    state.endImportRun(key, cancelled ? null : (error as Error).message, cancelled);
    return;
  } finally {
    uploads.delete(key);
  }
  if (source === null) {
    state.endImportRun(key, 'None of the files could be imported.');
    return;
  }
  await startImportRun(client, key, source, albumId);
}

/** Imports the files (or `folders`) the user picks in the native dialog (desktop only). */
export async function importWithDialog(
  client: ShoeboxClient,
  albumId: number | null = null,
  folders = false,
): Promise<void> {
  let paths: string[];
  try {
    paths = await client.pickImportPaths(folders ? { folders } : undefined);
  } catch (error) {
    reportError(error);
    return;
  }
  if (paths.length === 0) return;
  const key = store.getState().beginImportRun('importing', albumId);
  await startImportRun(client, key, { kind: 'paths', paths }, albumId);
}

/** Cancels an import: its uploads, or the core's import (files already imported stay). */
export async function cancelImport(client: ShoeboxClient, key: number): Promise<void> {
  const run = store.getState().imports.find((candidate) => candidate.key === key);
  if (run === undefined) return;
  if (run.importId === null) {
    sessionOf(client).uploads.get(key)?.abort();
    return;
  }
  try {
    await client.cancelImport({ importId: run.importId });
  } catch (error) {
    reportError(error);
  }
}

/**
 * Starts exporting an album with the user's choices (remembered for next time): into a folder
 * the user picks, or as a zip download.
 */
export async function exportAlbum(
  client: ShoeboxClient,
  album: Album,
  choices: ExportChoices,
): Promise<void> {
  store.getState().rememberExportChoices(album.id, choices);
  try {
    let destination: ExportDestination = { kind: 'download' };
    if (client.capabilities.nativeDialogs) {
      const folder = await client.pickExportFolder();
      if (folder === null) return;
      destination = { kind: 'folder', path: folder };
    }
    const { exportId } = await client.startExport({
      albumId: album.id,
      destination,
      title: choices.title.trim() || album.name,
      keepGps: choices.keepGps,
      captionFileNames: choices.captionFileNames,
    });
    const session = sessionOf(client);
    if (destination.kind === 'download') session.downloadExportIds.add(exportId);
    store.getState().registerExport(exportId, album.name);
    // The finished event may have outrun startExport's answer.
    const run = store.getState().exports.find((candidate) => candidate.exportId === exportId);
    if (run?.finished) deliverExport(client, exportId, run.location, run.error);
  } catch (error) {
    reportError(error);
  }
}

/** Cancels an export in progress. */
export async function cancelExport(client: ShoeboxClient, exportId: string): Promise<void> {
  try {
    await client.cancelExport({ exportId });
  } catch (error) {
    reportError(error);
  }
}

/** Starts the download of a finished zip export (only of exports this client asked as one). */
function deliverExport(
  client: ShoeboxClient,
  exportId: string,
  location: string | null,
  error: string | null,
): void {
  const session = sessionOf(client);
  if (!session.downloadExportIds.delete(exportId) || location === null || error !== null) return;
  client.downloadExport(location);
}

/** Applies one import event, showing imported photos in the grid as they arrive. */
function onImportProgress(client: ShoeboxClient, event: ImportProgress): void {
  const state = store.getState();
  state.applyImportEvent(event);
  if (event.type === 'file' && event.outcome.status === 'imported') {
    const { view } = state;
    const run = store.getState().imports.find((candidate) => candidate.importId === event.importId);
    if (view.kind === 'all') state.insertPhoto(event.outcome.photo, 'timeline');
    else if (view.kind === 'album' && run?.targetAlbumId === view.albumId) {
      state.insertPhoto(event.outcome.photo, 'end');
    }
    refreshLibrarySoon(client);
  }
  if (event.type === 'finished') {
    void refreshLibrary(client);
    void reloadView(client);
  }
}

/** Applies one export event, downloading the zip when a browser export finishes. */
function onExportProgress(client: ShoeboxClient, event: ExportProgress): void {
  store.getState().applyExportEvent(event);
  if (event.type === 'finished') {
    deliverExport(client, event.exportId, event.location, event.error?.message ?? null);
  }
}

/** Whether a change of this reason can alter what the grid of `view` lists. */
function changeTouchesView(reason: string, view: View): boolean {
  // Album edits (names, order, membership) change no listing but an album's, and what other
  // processes are doing changes none; anything else (the trash, another process's writes, a
  // reconnection that missed events) may change any.
  if (reason === 'activity') return false;
  return reason !== 'albums' || view.kind === 'album';
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
async function refreshAfterChanges(client: ShoeboxClient, reasons: string[]): Promise<void> {
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
async function onLibraryChanged(client: ShoeboxClient, reason: string): Promise<void> {
  const session = sessionOf(client);
  session.pendingChanges.add(reason);
  if (session.refreshingChanges) return;
  session.refreshingChanges = true;
  try {
    while (session.pendingChanges.size > 0) {
      const reasons = [...session.pendingChanges];
      session.pendingChanges.clear();
      await refreshAfterChanges(client, reasons);
    }
  } finally {
    session.refreshingChanges = false;
  }
}

/** Carries out a command chosen in the desktop app's menu. */
function onMenuCommand(command: MenuCommand): void {
  if (command === 'new-album') store.getState().setCreatingAlbum(true);
}

/** Listens to the core's events; returns the function that stops listening. */
export function listenToLibrary(client: ShoeboxClient): () => void {
  const unsubscribers = [
    client.on('importProgress', (event) => onImportProgress(client, event)),
    client.on('exportProgress', (event) => onExportProgress(client, event)),
    client.on('libraryChanged', ({ reason }) => void onLibraryChanged(client, reason)),
    client.on('menuCommand', ({ command }) => onMenuCommand(command)),
  ];
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}
