/**
 * Smart albums from the UI: their search changed from the sidebar or the toolbar ("Edit
 * search…"). Made from a search with `saveSearchAsAlbum` (search-actions.ts).
 */
import type { ShoeboxClient } from '../bridge/shoebox-client';
import { attempt } from './feedback';
import { refreshLibrary } from './library-actions';
import { reloadView } from './paging';
import { useShoeboxStore as store } from './store';

/**
 * Gives a smart album another search: its count and cover change in the sidebar and, when it
 * is open, its photos on screen. False (and a toast) if the core refused.
 */
export async function setSmartAlbumQuery(
  client: ShoeboxClient,
  albumId: number,
  query: string,
): Promise<boolean> {
  const changed = await attempt(() => client.setAlbumQuery({ albumId, query }));
  if (!changed.ok) return false;
  const { view } = store.getState();
  const open = view.kind === 'album' && view.albumId === albumId;
  await Promise.all([refreshLibrary(client), open ? reloadView(client) : null]);
  return true;
}

/** Whether an album is a smart one (its photos are a search's): nothing is added by hand. */
export function isSmartAlbum(album: { query: string | null }): boolean {
  return album.query !== null;
}
