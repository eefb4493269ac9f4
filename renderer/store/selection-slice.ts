import type { StateCreator } from 'zustand';
import type { ShoeboxState } from './store';

/** Which photos are selected, where a shift-range starts, and the keyboard cursor. */
export interface SelectionSlice {
  selectedIds: ReadonlySet<number>;
  /** The index a shift-click or shift-arrow range extends from. */
  anchorIndex: number | null;
  /** The tile the keyboard is on (the grid's active descendant). */
  focusIndex: number;
  emptySelection: () => Pick<SelectionSlice, 'selectedIds' | 'anchorIndex' | 'focusIndex'>;
  /** A plain click: only this photo. */
  selectOnly: (index: number) => void;
  /** Ctrl/Cmd-click: this photo in or out, the rest unchanged. */
  toggleSelected: (index: number) => void;
  /** Shift-click: the loaded photos from the anchor to `index`. */
  selectRange: (index: number) => void;
  /** Every loaded photo (callers load the whole listing first). */
  selectAllLoaded: () => void;
  clearSelection: () => void;
  /** Takes these photos out of the selection (gone from the library or the view). */
  deselect: (photoIds: ReadonlySet<number>) => void;
  setFocusIndex: (index: number) => void;
}

/** The ids of the loaded photos among `start` (inclusive) to `end` (exclusive). */
function loadedIds(
  loaded: ReadonlyArray<{ id: number } | undefined>,
  start: number,
  end: number,
): Set<number> {
  const ids = new Set<number>();
  for (let index = start; index < end; index += 1) {
    const photo = loaded[index];
    if (photo !== undefined) ids.add(photo.id);
  }
  return ids;
}

/** The selection part of the store. */
export const createSelectionSlice: StateCreator<ShoeboxState, [], [], SelectionSlice> = (
  set,
  get,
) => ({
  selectedIds: new Set(),
  anchorIndex: null,
  focusIndex: 0,
  emptySelection: () => ({ selectedIds: new Set(), anchorIndex: null, focusIndex: 0 }),
  selectOnly: (index) => {
    const photo = get().loaded[index];
    if (photo === undefined) return;
    set({ selectedIds: new Set([photo.id]), anchorIndex: index, focusIndex: index });
  },
  toggleSelected: (index) => {
    const photo = get().loaded[index];
    if (photo === undefined) return;
    const selectedIds = new Set(get().selectedIds);
    if (selectedIds.has(photo.id)) selectedIds.delete(photo.id);
    else selectedIds.add(photo.id);
    set({ selectedIds, anchorIndex: index, focusIndex: index });
  },
  selectRange: (index) => {
    const { anchorIndex, loaded } = get();
    const from = anchorIndex ?? index;
    const [start, end] = from <= index ? [from, index] : [index, from];
    set({ selectedIds: loadedIds(loaded, start, end + 1), anchorIndex: from, focusIndex: index });
  },
  selectAllLoaded: () => set({ selectedIds: loadedIds(get().loaded, 0, get().loaded.length) }),
  clearSelection: () => set({ selectedIds: new Set(), anchorIndex: null }),
  deselect: (photoIds) => {
    const { selectedIds } = get();
    if (![...photoIds].some((id) => selectedIds.has(id))) return;
    set({ selectedIds: new Set([...selectedIds].filter((id) => !photoIds.has(id))) });
  },
  setFocusIndex: (focusIndex) => set({ focusIndex }),
});
