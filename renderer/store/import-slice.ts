import type { StateCreator } from 'zustand';
import type { FileOutcome, ImportProgress, ImportTotals } from '../../common/contract';
import type { RejectedFile, UploadProgress } from '../bridge/shoebox-client';
import type { ShoeboxState } from './store';

/** One file's outcome as the progress panel lists it. */
export interface OutcomeRow {
  name: string;
  status: FileOutcome['status'] | 'rejected';
  /** Why it failed or was skipped. */
  detail: string | null;
}

/** One import, from the first upload byte to the last file. */
export interface ImportRun {
  /**
   * The import's id, minted here before anything is uploaded (so events that outrun the
   * `startImport` answer land on this run), or taken from the events of an import another
   * window started.
   */
  importId: string;
  /** The album the photos go into, if any (so the album's grid can show them arriving). */
  targetAlbumId: number | null;
  phase: 'uploading' | 'importing' | 'finished';
  upload: UploadProgress | null;
  totals: ImportTotals | null;
  /** Every file that did not make it in, with its reason (never trimmed). */
  problems: OutcomeRow[];
  /** The latest files that did make it in (trimmed to the last few). */
  recent: OutcomeRow[];
  cancelled: boolean;
  error: string | null;
}

/** Imports in progress or finished but not yet dismissed. */
export interface ImportSlice {
  imports: ImportRun[];
  /** Starts a run under the id its `startImport` will carry (files may upload first). */
  beginImportRun: (
    importId: string,
    phase: 'uploading' | 'importing',
    targetAlbumId: number | null,
  ) => void;
  setUploadProgress: (importId: string, upload: UploadProgress) => void;
  addRejectedFiles: (importId: string, rejected: RejectedFile[]) => void;
  /** The core took the import: uploading is over (unless its events already said more). */
  markImportStarted: (importId: string) => void;
  applyImportEvent: (event: ImportProgress) => void;
  /** Ends a run that never reached the core (nothing uploaded, or startImport failed). */
  endImportRun: (importId: string, error: string | null, cancelled?: boolean) => void;
  dismissImportRun: (importId: string) => void;
}

// The panel shows every problem but only this many recent successes: a 10,000-file import
// must not keep 10,000 rows in memory and in the DOM.
const RECENT_OUTCOMES = 50;

/** The last part of a path, as users know their files. */
function fileNameOf(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/** A file outcome as a panel row. */
function rowOf(outcome: FileOutcome): OutcomeRow {
  const name = fileNameOf(outcome.path);
  if (outcome.status === 'failed') return { name, status: 'failed', detail: outcome.error };
  if (outcome.status === 'skipped') return { name, status: 'skipped', detail: outcome.reason };
  if (outcome.status === 'duplicate') {
    return { name, status: 'duplicate', detail: 'Already in the library' };
  }
  return { name: outcome.photo.originalName, status: 'imported', detail: null };
}

/** A run's state after one more core event. */
function advance(run: ImportRun, event: ImportProgress): ImportRun {
  if (event.type === 'queued') return { ...run, phase: 'importing', totals: event.totals };
  if (event.type === 'file') {
    const row = rowOf(event.outcome);
    const isProblem = row.status === 'failed' || row.status === 'skipped';
    return {
      ...run,
      phase: run.phase === 'finished' ? 'finished' : 'importing',
      totals: event.totals,
      problems: isProblem ? [...run.problems, row] : run.problems,
      recent: isProblem ? run.recent : [...run.recent, row].slice(-RECENT_OUTCOMES),
    };
  }
  return {
    ...run,
    phase: 'finished',
    totals: event.totals,
    cancelled: event.cancelled,
    error: event.error?.message ?? null,
  };
}

/** The import part of the store. */
export const createImportSlice: StateCreator<ShoeboxState, [], [], ImportSlice> = (set) => {
  const newRun = (
    importId: string,
    phase: ImportRun['phase'],
    targetAlbumId: number | null = null,
  ): ImportRun => ({
    importId,
    targetAlbumId,
    phase,
    upload: null,
    totals: null,
    problems: [],
    recent: [],
    cancelled: false,
    error: null,
  });
  const update = (importId: string, change: (run: ImportRun) => ImportRun) =>
    set((state) => ({
      imports: state.imports.map((run) => (run.importId === importId ? change(run) : run)),
    }));

  return {
    imports: [],
    beginImportRun: (importId, phase, targetAlbumId) =>
      set((state) => ({ imports: [...state.imports, newRun(importId, phase, targetAlbumId)] })),
    setUploadProgress: (importId, upload) => update(importId, (run) => ({ ...run, upload })),
    addRejectedFiles: (importId, rejected) =>
      update(importId, (run) => ({
        ...run,
        problems: [
          ...run.problems,
          ...rejected.map((file) => ({
            name: file.name,
            status: 'rejected' as const,
            detail: file.error,
          })),
        ],
      })),
    markImportStarted: (importId) =>
      update(importId, (run) => (run.phase === 'uploading' ? { ...run, phase: 'importing' } : run)),
    applyImportEvent: (event) =>
      set((state) => {
        if (state.imports.some((run) => run.importId === event.importId)) {
          return {
            imports: state.imports.map((run) =>
              run.importId === event.importId ? advance(run, event) : run,
            ),
          };
        }
        // An import this window did not start (another window's, the desktop menu's).
        const run = newRun(event.importId, 'importing');
        return { imports: [...state.imports, advance(run, event)] };
      }),
    endImportRun: (importId, error, cancelled = false) =>
      update(importId, (run) => ({ ...run, phase: 'finished', error, cancelled })),
    dismissImportRun: (importId) =>
      set((state) => ({ imports: state.imports.filter((run) => run.importId !== importId) })),
  };
};
