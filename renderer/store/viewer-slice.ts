import type { StateCreator } from 'zustand';
import type { ShoeboxState } from './store';

/** Which photo of the current list the full-size viewer shows, if open. */
export interface ViewerSlice {
  viewerIndex: number | null;
  openViewer: (index: number) => void;
  closeViewer: () => void;
}

/** The viewer part of the store. */
export const createViewerSlice: StateCreator<ShoeboxState, [], [], ViewerSlice> = (set) => ({
  viewerIndex: null,
  // The viewer's photo is also the grid's keyboard cursor, so closing it lands where it was.
  openViewer: (index) => set({ viewerIndex: index, focusIndex: index }),
  closeViewer: () => set({ viewerIndex: null }),
});
