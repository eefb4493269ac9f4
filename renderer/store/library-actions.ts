/** Keeping the sidebar's albums and the library's counts up to date. */
import type { ShoeboxClient } from '../bridge/shoebox-client';
import { attempt } from './feedback';
import { perClient } from './per-client';
import { useShoeboxStore as store } from './store';

// How long after the last imported file to refresh sidebar counts: live, without one request
// per file.
const COUNTS_REFRESH_MS = 500;

/** The refresh `refreshLibrarySoon` has scheduled, if any. */
const countsRefreshOf = perClient(() => ({ timer: null as ReturnType<typeof setTimeout> | null }));

/** Refetches albums and library counts. */
export async function refreshLibrary(client: ShoeboxClient): Promise<void> {
  await attempt(async () => {
    const [albums, info] = await Promise.all([client.listAlbums(), client.getLibraryInfo()]);
    store.getState().setAlbums(albums);
    store.getState().setLibraryInfo(info);
  });
}

/** Refreshes counts soon, once for a burst of changes. */
export function refreshLibrarySoon(client: ShoeboxClient): void {
  const scheduled = countsRefreshOf(client);
  if (scheduled.timer !== null) return;
  scheduled.timer = setTimeout(() => {
    scheduled.timer = null;
    void refreshLibrary(client);
  }, COUNTS_REFRESH_MS);
}
