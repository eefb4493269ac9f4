/** Selections that reach photos not loaded yet: the photos are loaded first, then selected. */
import type { ShoeboxClient } from '../bridge/shoebox-client';
import { ensureLoaded } from './paging';
import { useShoeboxStore as store } from './store';

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
