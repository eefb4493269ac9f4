import type { StateCreator } from 'zustand';
import type { ShoeboxState } from './store';

/** Grid density bounds in CSS pixels: from a contact sheet to a few large tiles per row. */
export const TILE_SIZE_RANGE = { min: 80, max: 320, step: 20, initial: 160 } as const;

/** Presentation state: grid density and whether files are being dragged over the window. */
export interface UiSlice {
  tileSize: number;
  draggingFiles: boolean;
  setTileSize: (tileSize: number) => void;
  setDraggingFiles: (draggingFiles: boolean) => void;
}

/** The presentation part of the store. */
export const createUiSlice: StateCreator<ShoeboxState, [], [], UiSlice> = (set) => ({
  tileSize: TILE_SIZE_RANGE.initial,
  draggingFiles: false,
  setTileSize: (tileSize) => set({ tileSize }),
  setDraggingFiles: (draggingFiles) => set({ draggingFiles }),
});
