import type { StateCreator } from 'zustand';
import type { Album, MethodOutput } from '../../common/contract';
import type { ShoeboxState } from './store';

/** What the main area shows: the timeline of all photos, one album, or the trash. */
export type View = { kind: 'all' } | { kind: 'album'; albumId: number } | { kind: 'trash' };

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
  return view.kind === 'album' ? `album:${view.albumId}` : view.kind;
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
