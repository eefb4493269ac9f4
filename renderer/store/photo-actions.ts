/** What the user does to photos themselves: to the Trash and back, and deleting for good. */
import type { ShoeboxClient } from '../bridge/shoebox-client';
import { attempt, countPhotos, inform } from './feedback';
import { refreshLibrary } from './library-actions';
import { reloadView } from './paging';
import { loadedIndices } from './photos-slice';
import { useShoeboxStore as store } from './store';

/** Moves photos to the trash, with an Undo. */
export async function trashPhotos(client: ShoeboxClient, photoIds: number[]): Promise<void> {
  if (photoIds.length === 0) return;
  const trashed = await attempt(() => client.trashPhotos({ photoIds }));
  if (!trashed.ok) return;
  dropFromView(photoIds);
  inform(`Moved ${countPhotos(photoIds.length)} to the Trash`, {
    label: 'Undo',
    run: () => void restorePhotos(client, photoIds),
  });
  void refreshLibrary(client);
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
  const restored = await attempt(() => client.restorePhotos({ photoIds }));
  if (!restored.ok) return;
  if (store.getState().view.kind === 'trash') {
    inform(`Restored ${countPhotos(photoIds.length)}`);
  }
  await Promise.all([refreshLibrary(client), reloadView(client)]);
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
