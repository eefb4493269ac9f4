import type { StateCreator } from 'zustand';
import type { ShoeboxState } from './store';

/** Grid density bounds in CSS pixels: from a contact sheet to a few large tiles per row. */
export const TILE_SIZE_RANGE = { min: 80, max: 320, step: 20, initial: 160 } as const;

/** Where dragged photos would land when reordering an album: before or after a tile. */
export interface ReorderTarget {
  index: number;
  side: 'before' | 'after';
}

/** Presentation state: grid density and what is being dragged where. */
export interface UiSlice {
  tileSize: number;
  draggingFiles: boolean;
  reorderTarget: ReorderTarget | null;
  /** The album whose name is being edited in the sidebar. */
  renamingAlbumId: number | null;
  /** Whether the sidebar shows the field naming a new album (its button, or File > New Album). */
  creatingAlbum: boolean;
  /** The album the user asked to delete, awaiting confirmation. */
  albumToDelete: number | null;
  /** Trashed photos the user asked to delete for good ('all': empty the Trash), unconfirmed. */
  deleteForeverRequest: number[] | 'all' | null;
  /** After a culling key (stars, flag, label), go on to the next photo (Lightroom's Auto Advance). */
  autoAdvance: boolean;
  /** Whether the list of keyboard shortcuts (`?`) is open. */
  shortcutsOpen: boolean;
  /** Whether the panel describing the grid's selection is shown beside the grid (`I`). */
  selectionPanelOpen: boolean;
  setTileSize: (tileSize: number) => void;
  setDraggingFiles: (draggingFiles: boolean) => void;
  setReorderTarget: (reorderTarget: ReorderTarget | null) => void;
  setRenamingAlbumId: (albumId: number | null) => void;
  setCreatingAlbum: (creatingAlbum: boolean) => void;
  setAlbumToDelete: (albumId: number | null) => void;
  setDeleteForeverRequest: (request: number[] | 'all' | null) => void;
  setAutoAdvance: (autoAdvance: boolean) => void;
  setShortcutsOpen: (shortcutsOpen: boolean) => void;
  setSelectionPanelOpen: (selectionPanelOpen: boolean) => void;
}

/** The presentation part of the store. */
export const createUiSlice: StateCreator<ShoeboxState, [], [], UiSlice> = (set) => ({
  tileSize: TILE_SIZE_RANGE.initial,
  draggingFiles: false,
  reorderTarget: null,
  renamingAlbumId: null,
  creatingAlbum: false,
  albumToDelete: null,
  deleteForeverRequest: null,
  autoAdvance: false,
  shortcutsOpen: false,
  selectionPanelOpen: false,
  setTileSize: (tileSize) => set({ tileSize }),
  setDraggingFiles: (draggingFiles) => set({ draggingFiles }),
  setReorderTarget: (reorderTarget) => set({ reorderTarget }),
  setRenamingAlbumId: (renamingAlbumId) => set({ renamingAlbumId }),
  setCreatingAlbum: (creatingAlbum) => set({ creatingAlbum }),
  setAlbumToDelete: (albumToDelete) => set({ albumToDelete }),
  setDeleteForeverRequest: (deleteForeverRequest) => set({ deleteForeverRequest }),
  setAutoAdvance: (autoAdvance) => set({ autoAdvance }),
  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
  setSelectionPanelOpen: (selectionPanelOpen) => set({ selectionPanelOpen }),
});
