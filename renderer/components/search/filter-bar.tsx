import { useEffect } from 'react';
import { useClient } from '../../bridge/client-context';
import type { View } from '../../store/library-slice';
import { loadFacets, runSearch } from '../../store/search-actions';
import { useShoeboxStore } from '../../store/store';
import { FacetGroupView } from './facet-group';
import {
  chooseTerm,
  chosenYear,
  facetGroups,
  queryTerms,
  yearRange,
  type FacetChoice,
  type FacetGroup,
} from './filter-terms';
import { quoteValue } from './query-completion';
import { SaveSearchButton } from './save-search-dialog';
import { SortControl } from './sort-control';

/** The filter bar's id: the toolbar's Filter button says it controls it. */
export const FILTER_BAR_ID = 'filter-bar';

/**
 * The query the filter bar starts from in `view`: the search's own, an album's photos
 * (`album:"Paris weekend"`, so a filter narrows the album as in Lightroom), the whole
 * library; null for the Trash, which searches do not look into.
 */
export function filterBase(view: View, albumName: string | undefined): string | null {
  if (view.kind === 'search') return view.query;
  if (view.kind === 'trash') return null;
  if (view.kind === 'album' && albumName !== undefined) {
    const quoted = quoteValue(albumName);
    return quoted === null ? '' : `album:${quoted}`;
  }
  return '';
}

/**
 * Above the grid, with a search or when the toolbar's Filter is on: the search's sort and
 * "Save as smart album", and the facets of the result (stars, flag, label, keyword, camera,
 * lens, year, type) with their counts. A choice is a term of the query: choosing it searches.
 */
export function FilterBar() {
  const client = useClient();
  const open = useShoeboxStore((state) => state.filterBarOpen);
  const view = useShoeboxStore((state) => state.view);
  const facets = useShoeboxStore((state) => state.facets);
  const albumName = useShoeboxStore((state) => {
    const current = state.view;
    if (current.kind !== 'album') return undefined;
    return state.albums.find((album) => album.id === current.albumId)?.name;
  });
  const base = filterBase(view, albumName);

  useEffect(() => {
    if (!open || base === null || useShoeboxStore.getState().facets?.query === base) return;
    void loadFacets(client, base);
  }, [client, open, base]);
  // Stars, flags and keywords change under the bar: its counts follow.
  useEffect(() => {
    if (!open || base === null) return;
    return client.on('libraryChanged', ({ reason }) => {
      if (reason !== 'activity') void loadFacets(client, base);
    });
  }, [client, open, base]);

  if (!open && view.kind !== 'search') return null;
  const terms = base === null ? [] : queryTerms(base);
  const choose = (group: FacetGroup, choice: FacetChoice, extend: boolean) => {
    if (base === null) return;
    const from = extend && group.name === 'Year' ? chosenYear(terms) : null;
    const term = from === null ? choice.term : yearRange(from, choice.label);
    void runSearch(client, chooseTerm(base, term, group.owns));
  };
  const counted = facets !== null && facets.query === base;
  return (
    <section id={FILTER_BAR_ID} className="filter-bar" aria-label="Filter">
      {view.kind === 'search' && (
        <div className="filter-bar-search">
          <SortControl />
          <SaveSearchButton query={view.query} />
        </div>
      )}
      {open && base === null && (
        <p className="filter-bar-hint">Searches and filters look at the library, not the Trash.</p>
      )}
      {open && base !== null && (
        <div className="filter-bar-facets" aria-busy={!counted}>
          {facets !== null &&
            facetGroups(facets.counts, base).map((group) => (
              <FacetGroupView
                key={group.name}
                group={group}
                terms={terms}
                onChoose={(choice, extend) => choose(group, choice, extend)}
              />
            ))}
        </div>
      )}
    </section>
  );
}
