import type { StateCreator } from 'zustand';
import type { ExportProgress } from '../../common/contract';
import type { ShoeboxState } from './store';

/** One album export and how far it has come. */
export interface ExportRun {
  exportId: string;
  albumName: string;
  done: number;
  total: number;
  /** The share of the work done, 0..1 (moves within a long video's web copy). */
  fraction: number;
  finished: boolean;
  cancelled: boolean;
  /** A folder or zip path, or a URL to download the zip from, once finished. */
  location: string | null;
  error: string | null;
  /** Videos a finished export could only show as posters, with why. */
  failed: { name: string; reason: string }[];
}

/** What the user chose in the Export album dialog. */
export interface ExportChoices {
  title: string;
  captionFileNames: boolean;
  keepGps: boolean;
}

/** Exports in progress or finished but not yet dismissed, and the export dialog. */
export interface ExportSlice {
  exports: ExportRun[];
  /** The album whose Export album dialog is open. */
  exportDialogAlbumId: number | null;
  /** The last choices exported with, per album id, for this session only. */
  exportChoices: Record<number, ExportChoices>;
  setExportDialogAlbumId: (albumId: number | null) => void;
  rememberExportChoices: (albumId: number, choices: ExportChoices) => void;
  /** Records an export `startExport` answered (its events may have come first). */
  registerExport: (exportId: string, albumName: string) => void;
  applyExportEvent: (event: ExportProgress) => void;
  dismissExport: (exportId: string) => void;
}

/** The export part of the store. */
export const createExportSlice: StateCreator<ShoeboxState, [], [], ExportSlice> = (set) => {
  const blank = (exportId: string): ExportRun => ({
    exportId,
    albumName: '',
    done: 0,
    total: 0,
    fraction: 0,
    finished: false,
    cancelled: false,
    location: null,
    error: null,
    failed: [],
  });
  const upsert = (runs: ExportRun[], exportId: string, change: (run: ExportRun) => ExportRun) =>
    runs.some((run) => run.exportId === exportId)
      ? runs.map((run) => (run.exportId === exportId ? change(run) : run))
      : [...runs, change(blank(exportId))];

  return {
    exports: [],
    exportDialogAlbumId: null,
    exportChoices: {},
    setExportDialogAlbumId: (exportDialogAlbumId) => set({ exportDialogAlbumId }),
    rememberExportChoices: (albumId, choices) =>
      set((state) => ({ exportChoices: { ...state.exportChoices, [albumId]: choices } })),
    registerExport: (exportId, albumName) =>
      set((state) => ({
        exports: upsert(state.exports, exportId, (run) => ({ ...run, albumName })),
      })),
    applyExportEvent: (event) =>
      set((state) => ({
        exports: upsert(state.exports, event.exportId, (run) =>
          event.type === 'progress'
            ? { ...run, done: event.done, total: event.total, fraction: event.fraction }
            : {
                ...run,
                finished: true,
                cancelled: event.cancelled,
                location: event.location,
                error: event.error?.message ?? null,
                failed: event.failed,
              },
        ),
      })),
    dismissExport: (exportId) =>
      set((state) => ({ exports: state.exports.filter((run) => run.exportId !== exportId) })),
  };
};
