import { create } from 'zustand';
import { createCardsSlice, type CardsSlice } from './cards-slice';
import { createExportSlice, type ExportSlice } from './export-slice';
import { createFoldersSlice, type FoldersSlice } from './folders-slice';
import { createHistorySlice, type HistorySlice } from './history-slice';
import { createImportSlice, type ImportSlice } from './import-slice';
import { createKeywordSlice, type KeywordSlice } from './keyword-slice';
import { createLibrarySlice, type LibrarySlice } from './library-slice';
import { createPhotosSlice, type PhotosSlice } from './photos-slice';
import { createSearchSlice, type SearchSlice } from './search-slice';
import { createSelectionSlice, type SelectionSlice } from './selection-slice';
import { createToastSlice, type ToastSlice } from './toast-slice';
import { createUiSlice, type UiSlice } from './ui-slice';
import { createViewerSlice, type ViewerSlice } from './viewer-slice';

/** The whole UI state: one store made of slices. */
export type ShoeboxState = LibrarySlice &
  PhotosSlice &
  SelectionSlice &
  ViewerSlice &
  ImportSlice &
  ExportSlice &
  ToastSlice &
  HistorySlice &
  SearchSlice &
  UiSlice &
  KeywordSlice &
  CardsSlice &
  FoldersSlice;

/** The one store of the renderer; read it with narrow selectors. */
export const useShoeboxStore = create<ShoeboxState>()((...args) => ({
  ...createLibrarySlice(...args),
  ...createPhotosSlice(...args),
  ...createSelectionSlice(...args),
  ...createViewerSlice(...args),
  ...createImportSlice(...args),
  ...createExportSlice(...args),
  ...createToastSlice(...args),
  ...createHistorySlice(...args),
  ...createSearchSlice(...args),
  ...createUiSlice(...args),
  ...createKeywordSlice(...args),
  ...createCardsSlice(...args),
  ...createFoldersSlice(...args),
}));

/** Puts the store back as it was at start (tests call it between cases). */
export function resetShoeboxStore(): void {
  useShoeboxStore.setState(useShoeboxStore.getInitialState(), true);
}
