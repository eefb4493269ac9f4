/** What the user does to albums: create, rename, delete and order them, fill and arrange them. */
import type { Album } from '../../common/contract';
import type { ShoeboxClient } from '../bridge/shoebox-client';
import { attempt, countPhotos, inform } from './feedback';
import { refreshLibrary } from './library-actions';
import { reloadView, showView } from './paging';
import { useShoeboxStore as store } from './store';

/** Creates an album; null (and an error toast) if that failed. */
export async function createAlbum(client: ShoeboxClient, name: string): Promise<Album | null> {
  const created = await attempt(async () => {
    const album = await client.createAlbum({ name });
    await refreshLibrary(client);
    return album;
  });
  return created.ok ? created.value : null;
}

/** Renames an album; false (and an error toast) if that failed. */
export async function renameAlbum(
  client: ShoeboxClient,
  albumId: number,
  name: string,
): Promise<boolean> {
  const renamed = await attempt(async () => {
    await client.renameAlbum({ albumId, name });
    await refreshLibrary(client);
  });
  return renamed.ok;
}

/** Deletes an album (its photos stay in the library). */
export async function deleteAlbum(client: ShoeboxClient, album: Album): Promise<void> {
  const deleted = await attempt(() => client.deleteAlbum({ albumId: album.id }));
  if (!deleted.ok) return;
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
  // Shown at once; the core's order comes back with the refresh, which also undoes the move
  // on screen if the core refused it.
  setAlbums(reordered);
  await attempt(() => client.reorderAlbums({ albumIds: reordered.map((album) => album.id) }));
  await refreshLibrary(client);
}

/** Adds photos to the end of an album. */
export async function addToAlbum(
  client: ShoeboxClient,
  album: Album,
  photoIds: number[],
): Promise<void> {
  if (photoIds.length === 0) return;
  const added = await attempt(() => client.addPhotosToAlbum({ albumId: album.id, photoIds }));
  if (!added.ok) return;
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
  const removed = await attempt(() => client.removePhotosFromAlbum({ albumId, photoIds }));
  if (!removed.ok) return;
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
  const moved = await attempt(() => client.movePhotosInAlbum({ albumId, photoIds, beforePhotoId }));
  if (!moved.ok) return;
  await reloadView(client);
}
