/**
 * Searching from the UI: a query typed into the search box or built by the filter bar becomes
 * the view (paged like any other), its facet counts load beside it, and it can be kept as a
 * smart album. A query that does not parse is said where it goes wrong, before any request.
 */
import type { Album } from '../../common/contract';
import { errorMessage } from '../../common/errors';
import { parseQuery } from '../../common/search/parse-query';
import type { SearchSort } from '../../common/search/query-ast';
import type { ShoeboxClient } from '../bridge/shoebox-client';
import { attempt } from './feedback';
import { refreshLibrary } from './library-actions';
import type { View } from './library-slice';
import { perClient } from './per-client';
import { showView } from './paging';
import { useShoeboxStore as store } from './store';

/** Why a query does not parse (the parser's message, with where), or null. */
export function queryProblem(query: string): string | null {
  try {
    parseQuery(query);
    return null;
  } catch (error) {
    return errorMessage(error);
  }
}

/** The facet requests of one client: only the latest one's answer is shown. */
const facetsOf = perClient(() => ({ latest: 0 }));

/** Loads the filter bar's counts for `query` (the empty query: the whole library). */
export async function loadFacets(client: ShoeboxClient, query: string): Promise<void> {
  const requests = facetsOf(client);
  const request = ++requests.latest;
  const counted = await attempt(() => client.searchFacets({ query }));
  if (counted.ok && request === requests.latest) {
    store.getState().setFacets({ query, counts: counted.value });
  }
}

/** The query of the view on screen ('' when it is not a search). */
export function currentQuery(view: View): string {
  return view.kind === 'search' ? view.query : '';
}

/**
 * Shows the photos `query` finds, in the sort the search view had (newest first at first);
 * an empty query goes back to All photos. A query that does not parse stays in the box, with
 * what is wrong said beside it, and the view stays.
 */
export async function runSearch(client: ShoeboxClient, query: string): Promise<void> {
  const state = store.getState();
  state.setSearchText(query);
  const problem = queryProblem(query);
  state.setSearchProblem(problem);
  if (problem !== null) return;
  const { view } = state;
  const sort = view.kind === 'search' ? { sort: view.sort, order: view.order } : null;
  const next: View =
    query.trim() === ''
      ? { kind: 'all' }
      : { kind: 'search', query, sort: sort?.sort ?? 'taken', order: sort?.order ?? 'desc' };
  await Promise.all([
    showView(client, next),
    state.filterBarOpen ? loadFacets(client, currentQuery(next)) : null,
  ]);
}

/** Sorts the search on screen by capture time, import time, file name or stars. */
export async function sortSearch(
  client: ShoeboxClient,
  sort: SearchSort,
  order: 'asc' | 'desc',
): Promise<void> {
  const { view } = store.getState();
  if (view.kind !== 'search') return;
  await showView(client, { ...view, sort, order });
}

/** Keeps a search as a smart album and shows it; null (and a toast) if the core refused. */
export async function saveSearchAsAlbum(
  client: ShoeboxClient,
  name: string,
  query: string,
): Promise<Album | null> {
  const created = await attempt(() => client.createAlbum({ name, query }));
  if (!created.ok) return null;
  await refreshLibrary(client);
  await showView(client, { kind: 'album', albumId: created.value.id });
  return created.value;
}
