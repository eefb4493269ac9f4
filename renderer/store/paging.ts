/**
 * Loading the photo list of the view on screen: its first page and skeleton, the pages the
 * grid scrolls or jumps to (by keyset cursor, or from a timeline day), and reloads.
 */
import type { MethodInput } from '../../common/contract';
import type { ShoeboxClient } from '../bridge/shoebox-client';
import { reportError } from './feedback';
import { viewKey, type View } from './library-slice';
import { perClient } from './per-client';
import { dayAtIndex, type LoadedRange } from './photos-slice';
import { useShoeboxStore as store, type ShoeboxState } from './store';

// The first page fills several screens of the densest grid and still answers quickly, so the
// first thumbnails paint fast; later pages grow to the contract's maximum when the photos
// wanted are further ahead. Further than one page from the loaded run before them, the
// timeline starts a page at their day (`fromDay`) rather than walking there page by page.
export const FIRST_PAGE = 200;
const MAX_PAGE = 1000;
// After a page fails to load, scrolling does not ask again before this: one error toast per
// outage rather than one per row scrolled.
const PAGE_RETRY_MS = 3000;

/** Where a client's paging is. */
interface Paging {
  /** The one page request in flight: pages are asked one at a time. */
  pendingPage: { generation: number; promise: Promise<void> } | null;
  /** Bumped by every `showPhotos`: only the latest view of the grid is worth loading. */
  shownRequest: number;
  /** When a page last failed to load (0: never). */
  pageFailedAt: number;
}
const pagingOf = perClient<Paging>(() => ({ pendingPage: null, shownRequest: 0, pageFailedAt: 0 }));

/** The listPhotos input of a view (a search's order is its own, see `pageOf`). */
function listInput(view: View): MethodInput<'listPhotos'> {
  if (view.kind === 'album') return { albumId: view.albumId };
  // Most recently deleted first: what the user is most likely looking for.
  if (view.kind === 'trash') return { trashed: true, order: 'desc' };
  if (view.kind === 'search') return { order: view.order };
  return { order: 'desc' };
}

/** Whether a view's list has capture days (the timeline, or a search by capture time). */
function hasDays(view: View): boolean {
  return view.kind === 'all' || (view.kind === 'search' && view.sort === 'taken');
}

/** One page of a view: `listPhotos`, or for a search the same paging through `search`. */
function pageOf(client: ShoeboxClient, view: View, input: MethodInput<'listPhotos'>) {
  if (view.kind !== 'search') return client.listPhotos(input);
  const { cursor, fromDay, limit } = input;
  return client.search({
    query: view.query,
    sort: view.sort,
    order: view.order,
    cursor,
    fromDay,
    limit,
  });
}

/** The capture days of a view that has them (see `hasDays`). */
function daysOf(client: ShoeboxClient, view: View) {
  if (!hasDays(view)) return null;
  if (view.kind === 'search') {
    return client.searchTimeline({ query: view.query, order: view.order });
  }
  return client.getTimeline({ order: 'desc' });
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
      daysOf(client, view),
      pageOf(client, view, { ...listInput(view), limit }),
    ]);
    if (store.getState().listKey !== listKey) return;
    const total = days
      ? days.reduce((sum, day) => sum + day.count, 0)
      : (page.total ?? page.photos.length);
    store
      .getState()
      .replacePhotoList({ days, total, photos: page.photos, nextCursor: page.nextCursor });
  } catch (error) {
    // Not through `attempt`: a view the user has already left neither fails nor says so.
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
  const paging = pagingOf(client);
  for (;;) {
    const state = store.getState();
    const generation = state.listGeneration;
    const last = Math.min(to, state.total - 1);
    const missing = firstMissing(state.ranges, Math.max(0, from), last);
    if (missing === null || state.listStatus !== 'ready' || !wanted()) return;
    let issued = false;
    if (paging.pendingPage?.generation !== generation) {
      issued = true;
      if (Date.now() - paging.pageFailedAt < PAGE_RETRY_MS) return;
      const { start, input } = nextPageFor(state, missing, last);
      // The listing ends before `missing`: nothing more to load.
      if (input.fromDay === undefined && input.cursor === null && start > 0) return;
      const asked = { generation, edits: state.listEdits };
      const promise = pageOf(client, state.view, input)
        .then(
          (page) => {
            paging.pageFailedAt = 0;
            store.getState().placePage(asked, start, page.photos, page.nextCursor);
          },
          (error: unknown) => {
            // The photos already shown stay; scrolling on tries again after a pause. Only a
            // page of the list still on screen is worth a toast.
            paging.pageFailedAt = Date.now();
            if (store.getState().listGeneration === generation) reportError(error);
          },
        )
        .finally(() => {
          if (paging.pendingPage?.promise === promise) paging.pendingPage = null;
        });
      paging.pendingPage = { generation, promise };
    }
    await paging.pendingPage?.promise;
    const now = store.getState();
    if (now.listGeneration !== generation || paging.pageFailedAt !== 0) return;
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
  const paging = pagingOf(client);
  const request = ++paging.shownRequest;
  return loadPhotos(client, from, to, () => paging.shownRequest === request);
}
