import type { StateCreator } from 'zustand';
import type { SearchFacets } from '../../common/contract';
import type { ShoeboxState } from './store';

/** The search box and the filter bar: what is typed, what is wrong with it, the facet counts. */
export interface SearchSlice {
  /** The text in the search box (the search shown is the view's; this is what is typed). */
  searchText: string;
  /** Why the typed query does not parse, with where; null when it does. */
  searchProblem: string | null;
  /** The filter bar's counts, for the query they were counted for. */
  facets: { query: string; counts: SearchFacets } | null;
  /** Whether the filter bar is open. */
  filterBarOpen: boolean;
  setSearchText: (searchText: string) => void;
  setSearchProblem: (searchProblem: string | null) => void;
  setFacets: (facets: { query: string; counts: SearchFacets } | null) => void;
  setFilterBarOpen: (filterBarOpen: boolean) => void;
}

/** The search part of the store. */
export const createSearchSlice: StateCreator<ShoeboxState, [], [], SearchSlice> = (set) => ({
  searchText: '',
  searchProblem: null,
  facets: null,
  filterBarOpen: false,
  setSearchText: (searchText) => set({ searchText }),
  setSearchProblem: (searchProblem) => set({ searchProblem }),
  setFacets: (facets) => set({ facets }),
  setFilterBarOpen: (filterBarOpen) => set({ filterBarOpen }),
});
