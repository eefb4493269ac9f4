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
  /** Local identity: the import id only exists once uploads are done and the import started. */
  key: number;
  importId: string | null;
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
  nextImportKey: number;
  /** Starts a run before its import id exists (while files upload); returns its key. */
  beginImportRun: (phase: 'uploading' | 'importing', targetAlbumId: number | null) => number;
  setUploadProgress: (key: number, upload: UploadProgress) => void;
  addRejectedFiles: (key: number, rejected: RejectedFile[]) => void;
  /** Binds a run to the id `startImport` answered (events for it may have come first). */
  attachImportId: (key: number, importId: string) => void;
  applyImportEvent: (event: ImportProgress) => void;
  /** Ends a run that never reached the core (nothing uploaded, or startImport failed). */
  endImportRun: (key: number, error: string | null, cancelled?: boolean) => void;
  dismissImportRun: (key: number) => void;
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
export const createImportSlice: StateCreator<ShoeboxState, [], [], ImportSlice> = (set, get) => {
  const newRun = (
    key: number,
    phase: ImportRun['phase'],
    targetAlbumId: number | null = null,
  ): ImportRun => ({
    key,
    importId: null,
    targetAlbumId,
    phase,
    upload: null,
    totals: null,
    problems: [],
    recent: [],
    cancelled: false,
    error: null,
  });
  const update = (key: number, change: (run: ImportRun) => ImportRun) =>
    set((state) => ({
      imports: state.imports.map((run) => (run.key === key ? change(run) : run)),
    }));

  return {
    imports: [],
    nextImportKey: 1,
    beginImportRun: (phase, targetAlbumId) => {
      const key = get().nextImportKey;
      set((state) => ({
        imports: [...state.imports, newRun(key, phase, targetAlbumId)],
        nextImportKey: key + 1,
      }));
      return key;
    },
    setUploadProgress: (key, upload) => update(key, (run) => ({ ...run, upload })),
    addRejectedFiles: (key, rejected) =>
      update(key, (run) => ({
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
    attachImportId: (key, importId) =>
      set((state) => {
        const local = state.imports.find((run) => run.key === key);
        const early = state.imports.find((run) => run.importId === importId);
        if (local === undefined) return {};
        if (early === undefined) {
          return {
            imports: state.imports.map((run) =>
              run.key === key ? { ...run, importId, phase: 'importing' as const } : run,
            ),
          };
        }
        // Events outran the answer: keep the run they built, with what the uploads found.
        const merged = {
          ...early,
          targetAlbumId: local.targetAlbumId,
          upload: local.upload,
          problems: [...local.problems, ...early.problems],
        };
        return {
          imports: state.imports
            .filter((run) => run.key !== key)
            .map((run) => (run.key === early.key ? merged : run)),
        };
      }),
    applyImportEvent: (event) =>
      set((state) => {
        if (state.imports.some((run) => run.importId === event.importId)) {
          return {
            imports: state.imports.map((run) =>
              run.importId === event.importId ? advance(run, event) : run,
            ),
          };
        }
        const run = { ...newRun(state.nextImportKey, 'importing'), importId: event.importId };
        return { imports: [...state.imports, advance(run, event)], nextImportKey: run.key + 1 };
      }),
    endImportRun: (key, error, cancelled = false) =>
      update(key, (run) => ({ ...run, phase: 'finished', error, cancelled })),
    dismissImportRun: (key) =>
      set((state) => ({ imports: state.imports.filter((run) => run.key !== key) })),
  };
};
