/** What the user does to photos themselves: to the Trash and back, and deleting for good. */
import type { ShoeboxClient } from '../bridge/shoebox-client';
import { attempt, countPhotos, inform } from './feedback';
import { recordAndInform } from './history-actions';
import { refreshLibrary } from './library-actions';
import { reloadView } from './paging';
import { loadedIndices } from './photos-slice';
import { useShoeboxStore as store } from './store';

/** Moves photos to the trash, as a step of the undo history. */
export async function trashPhotos(client: ShoeboxClient, photoIds: number[]): Promise<void> {
  if (photoIds.length === 0 || !(await moveToTrash(client, photoIds))) return;
  const label = `Moved ${countPhotos(photoIds.length)} to the Trash`;
  recordAndInform(
    client,
    { label, undo: () => bringBack(client, photoIds), redo: () => moveToTrash(client, photoIds) },
    label,
  );
}

/** Trashes photos and takes them off the screen; false if the core refused. */
async function moveToTrash(client: ShoeboxClient, photoIds: number[]): Promise<boolean> {
  const trashed = await attempt(() => client.trashPhotos({ photoIds }));
  if (!trashed.ok) return false;
  dropFromView(photoIds);
  void refreshLibrary(client);
  return true;
}

/** Brings photos back from the trash and shows the view as it now is; false if refused. */
async function bringBack(client: ShoeboxClient, photoIds: number[]): Promise<boolean> {
  const restored = await attempt(() => client.restorePhotos({ photoIds }));
  if (!restored.ok) return false;
  await Promise.all([refreshLibrary(client), reloadView(client)]);
  return true;
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

/** Brings photos back from the trash (the Trash's Restore), as a step of the undo history. */
export async function restorePhotos(client: ShoeboxClient, photoIds: number[]): Promise<void> {
  if (photoIds.length === 0 || !(await bringBack(client, photoIds))) return;
  const label = `Restored ${countPhotos(photoIds.length)}`;
  recordAndInform(
    client,
    { label, undo: () => moveToTrash(client, photoIds), redo: () => bringBack(client, photoIds) },
    label,
  );
}

/** Deletes photos in the Trash for good: their originals and derivatives leave the disk. */
export async function deleteForever(client: ShoeboxClient, photoIds: number[]): Promise<void> {
  if (photoIds.length === 0) return;
  const deleted = await attempt(() => client.deleteFromTrash({ photoIds }));
  if (!deleted.ok) return;
  dropFromView(photoIds);
  inform(`Deleted ${countPhotos(deleted.value.count)} for good`);
  await refreshLibrary(client);
}

/**
 * Deletes photos left in added folders from the disk: their files go, and they leave the
 * library. The one action that removes a user's own file; the caller has confirmed it.
 */
export async function deleteFromDisk(client: ShoeboxClient, photoIds: number[]): Promise<void> {
  if (photoIds.length === 0) return;
  const deleted = await attempt(() => client.deleteFromDisk({ photoIds }));
  if (!deleted.ok) return;
  dropFromView(photoIds);
  inform(`Deleted ${countPhotos(deleted.value.count)} from the disk`);
  await refreshLibrary(client);
}

/** Deletes every photo in the Trash for good. */
export async function emptyTrash(client: ShoeboxClient): Promise<void> {
  const emptied = await attempt(() => client.emptyTrash());
  if (!emptied.ok) return;
  store.getState().clearSelection();
  inform(`Emptied the Trash: ${countPhotos(emptied.value.count)} deleted for good`);
  await Promise.all([
    refreshLibrary(client),
    store.getState().view.kind === 'trash' ? reloadView(client) : null,
  ]);
}
