/** What the user does to albums: create, rename, delete and order them, fill and arrange them. */
import type { Album } from '../../common/contract';
import type { ShoeboxClient } from '../bridge/shoebox-client';
import { attempt, countPhotos, inform } from './feedback';
import { recordAndInform } from './history-actions';
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

/** Adds photos to the end of an album, as a step of the undo history. */
export async function addToAlbum(
  client: ShoeboxClient,
  album: Album,
  photoIds: number[],
): Promise<void> {
  if (photoIds.length === 0) return;
  const added = await appendToAlbum(client, album.id, photoIds);
  if (added === null) return;
  const already = photoIds.length - added.length;
  if (added.length === 0) {
    inform(
      photoIds.length === 1
        ? `That photo is already in “${album.name}”`
        : `All ${countPhotos(photoIds.length)} are already in “${album.name}”`,
    );
    return;
  }
  const label = `Added ${countPhotos(added.length)} to “${album.name}”`;
  recordAndInform(
    client,
    {
      label,
      // Only the photos this added come out again: the others were there before.
      undo: () => takeOutOfAlbum(client, album.id, added),
      redo: async () => (await appendToAlbum(client, album.id, added)) !== null,
    },
    already > 0 ? `${label} (${countPhotos(already)} already there)` : label,
  );
}

/** Appends photos to an album; the ids it added, or null if the core refused. */
async function appendToAlbum(
  client: ShoeboxClient,
  albumId: number,
  photoIds: number[],
): Promise<number[] | null> {
  const added = await attempt(() => client.addPhotosToAlbum({ albumId, photoIds }));
  if (!added.ok) return null;
  await Promise.all([refreshLibrary(client), isShown(albumId) ? reloadView(client) : null]);
  return added.value.addedPhotoIds;
}

/** Whether the grid shows this album now. */
function isShown(albumId: number): boolean {
  const { view } = store.getState();
  return view.kind === 'album' && view.albumId === albumId;
}

/** Takes photos out of an album and off the screen if it is shown; false if refused. */
async function takeOutOfAlbum(
  client: ShoeboxClient,
  albumId: number,
  photoIds: number[],
): Promise<boolean> {
  const removed = await attempt(() => client.removePhotosFromAlbum({ albumId, photoIds }));
  if (!removed.ok) return false;
  if (isShown(albumId)) {
    store.getState().removePhotos(new Set(photoIds));
    store.getState().deselect(new Set(photoIds));
  }
  void refreshLibrary(client);
  return true;
}

/**
 * Where each of `photoIds` sits in the album on screen: the first photo after it that stays
 * (null: at the end). Undo puts them back there.
 */
function placesInAlbum(photoIds: number[]): Map<number | null, number[]> {
  const leaving = new Set(photoIds);
  const { loaded } = store.getState();
  const places = new Map<number | null, number[]>();
  let pending: number[] = [];
  for (const photo of loaded) {
    if (photo === undefined) continue;
    if (leaving.has(photo.id)) pending.push(photo.id);
    else if (pending.length > 0) {
      places.set(photo.id, pending);
      pending = [];
    }
  }
  const unseen = photoIds.filter((id) => !loaded.some((photo) => photo?.id === id));
  if (pending.length + unseen.length > 0) places.set(null, [...pending, ...unseen]);
  return places;
}

/** Takes photos out of an album (they stay in the library), as a step of the undo history. */
export async function removeFromAlbum(
  client: ShoeboxClient,
  albumId: number,
  photoIds: number[],
): Promise<void> {
  if (photoIds.length === 0) return;
  const places = isShown(albumId) ? placesInAlbum(photoIds) : new Map([[null, photoIds]]);
  if (!(await takeOutOfAlbum(client, albumId, photoIds))) return;
  const label = `Removed ${countPhotos(photoIds.length)} from the album`;
  recordAndInform(
    client,
    {
      label,
      undo: async () => {
        if ((await appendToAlbum(client, albumId, photoIds)) === null) return false;
        for (const [before, ids] of places) {
          if (before === null) continue;
          await attempt(() =>
            client.movePhotosInAlbum({ albumId, photoIds: ids, beforePhotoId: before }),
          );
        }
        if (isShown(albumId)) await reloadView(client);
        return true;
      },
      redo: () => takeOutOfAlbum(client, albumId, photoIds),
    },
    label,
  );
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
