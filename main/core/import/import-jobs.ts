/**
 * Imports as the core's contract runs them: in the background, with `importProgress` events,
 * under the id their caller gave, cancellable by it; their staged uploads are dropped when they
 * end, however they end.
 */
import { NO_IMPORT_TOTALS, type ImportProgress, type ParsedInput } from '../../../common/contract';
import { ShoeboxError, toErrorData } from '../../../common/errors';
import type { ImportInput, ImportRequest, ImportSummary } from './import-service';
import type { UploadStaging } from './upload-staging';

/** The core's import handlers and their lifecycle. */
export interface ImportJobs {
  /**
   * Starts an import under the caller's id; CONFLICT while one with that id runs, NOT_FOUND for
   * an unknown album or upload.
   */
  start(input: ParsedInput<'startImport'>): Promise<{ importId: string }>;
  /** Cancels a running import; NOT_FOUND when none has this id. */
  cancel(importId: string): { count: number };
  /** Cancels every import and waits for them. */
  close(): Promise<void>;
}

/** What the import jobs work with. */
export interface ImportJobDependencies {
  /** Runs one import to its end (the core's importFiles). */
  run(
    inputs: ImportInput[],
    request: Omit<ImportRequest, 'importId' | 'inputs'>,
    importId: string,
  ): Promise<ImportSummary>;
  /** Throws NOT_FOUND for an album that does not exist. */
  assertAlbum(albumId: number): void;
  uploads: UploadStaging;
  publish(payload: ImportProgress): void;
}

/** Creates the import handlers of one core. */
export function createImportJobs(deps: ImportJobDependencies): ImportJobs {
  const running = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  return {
    async start({ importId, source, albumId }) {
      // Checked before anything is claimed: a refused start takes no uploads from the running one.
      if (running.has(importId)) {
        throw new ShoeboxError('CONFLICT', `An import ${importId} is running already.`);
      }
      if (albumId !== undefined) deps.assertAlbum(albumId);
      const inputs =
        source.kind === 'paths'
          ? source.paths.map((p) => ({ path: p }))
          : deps.uploads.claim(source.uploadIds);
      const controller = new AbortController();
      const done = deps
        .run(inputs, { albumId, signal: controller.signal }, importId)
        .catch((error: unknown) => {
          // An import that could not run at all (a read-only library) still ends with an event.
          deps.publish({
            type: 'finished',
            importId,
            totals: { ...NO_IMPORT_TOTALS },
            cancelled: controller.signal.aborted,
            error: toErrorData(error),
          });
        })
        .finally(async () => {
          running.delete(importId);
          if (source.kind === 'uploads') {
            await Promise.all(source.uploadIds.map((uploadId) => deps.uploads.discard(uploadId)));
          }
        });
      running.set(importId, { controller, done });
      return { importId };
    },
    cancel(importId) {
      const entry = running.get(importId);
      if (!entry) throw new ShoeboxError('NOT_FOUND', `No import ${importId} is running.`);
      entry.controller.abort();
      return { count: 1 };
    },
    async close() {
      for (const entry of running.values()) entry.controller.abort();
      await Promise.all([...running.values()].map((entry) => entry.done));
    },
  };
}
