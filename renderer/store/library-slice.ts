import type { StateCreator } from 'zustand';
import type { Album, MethodOutput } from '../../common/contract';
import type { SearchSort } from '../../common/search/query-ast';
import type { ShoeboxState } from './store';

/** What the main area shows: the timeline of all photos, one album, the trash, or a search. */
export type View =
  | { kind: 'all' }
  | { kind: 'album'; albumId: number }
  | { kind: 'trash' }
  | { kind: 'search'; query: string; sort: SearchSort; order: 'asc' | 'desc' };

/** Library size and counts, as `getLibraryInfo` answers. */
export type LibraryInfo = MethodOutput<'getLibraryInfo'>;

/** Albums, library counts and the current view. */
export interface LibrarySlice {
  albums: Album[];
  libraryInfo: LibraryInfo | null;
  view: View;
  setAlbums: (albums: Album[]) => void;
  setLibraryInfo: (info: LibraryInfo) => void;
  /** Switches the view; the photo list, selection and viewer start over. */
  setView: (view: View) => void;
}

/** A stable string for a view, to tell whether loaded data still belongs to it. */
export function viewKey(view: View): string {
  if (view.kind === 'album') return `album:${view.albumId}`;
  if (view.kind === 'search') return `search:${view.sort}:${view.order}:${view.query}`;
  return view.kind;
}

/** The albums/library part of the store. */
export const createLibrarySlice: StateCreator<ShoeboxState, [], [], LibrarySlice> = (set) => ({
  albums: [],
  libraryInfo: null,
  view: { kind: 'all' },
  setAlbums: (albums) => set({ albums }),
  setLibraryInfo: (libraryInfo) => set({ libraryInfo }),
  setView: (view) =>
    set((state) => ({
      view,
      ...state.emptyPhotoList(viewKey(view)),
      ...state.emptySelection(),
      viewerIndex: null,
    })),
});
