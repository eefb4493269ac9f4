/**
 * Importing: staging dropped or picked files, starting and cancelling the core's import, and
 * applying its progress events (imported photos appear in the grid as they arrive). A failure
 * here ends the run in the import panel rather than in a toast: the panel is where the user
 * follows the import.
 */
import type { ImportProgress, ImportSource } from '../../common/contract';
import { photoSummary } from '../../common/photo-summary';
import type { ShoeboxClient } from '../bridge/shoebox-client';
import { attempt } from './feedback';
import { refreshLibrary, refreshLibrarySoon } from './library-actions';
import { reloadView } from './paging';
import { perClient } from './per-client';
import { useShoeboxStore as store } from './store';

/** The uploads in progress, by run key: what cancelling a run before its import id aborts. */
const uploadsOf = perClient(() => new Map<number, AbortController>());

/** Starts the core's import of a staged source for a run. */
async function startImportRun(
  client: ShoeboxClient,
  key: number,
  source: ImportSource,
  albumId: number | null,
): Promise<void> {
  try {
    const { importId } = await client.startImport(
      albumId === null ? { source } : { source, albumId },
    );
    store.getState().attachImportId(key, importId);
  } catch (error) {
    store.getState().endImportRun(key, (error as Error).message);
  }
}

/** Imports dropped or chosen files (uploading them first in a browser). */
export async function importFiles(
  client: ShoeboxClient,
  files: File[],
  albumId: number | null = null,
): Promise<void> {
  if (files.length === 0) return;
  const state = store.getState();
  const key = state.beginImportRun(
    client.capabilities.filePaths ? 'importing' : 'uploading',
    albumId,
  );
  const controller = new AbortController();
  const uploads = uploadsOf(client);
  uploads.set(key, controller);
  let source: ImportSource | null;
  try {
    const staged = await client.stageFiles(files, {
      signal: controller.signal,
      onProgress: (progress) => store.getState().setUploadProgress(key, progress),
    });
    state.addRejectedFiles(key, staged.rejected);
    source = staged.source;
  } catch (error) {
    const cancelled = controller.signal.aborted;
    state.endImportRun(key, cancelled ? null : (error as Error).message, cancelled);
    return;
  } finally {
    uploads.delete(key);
  }
  if (source === null) {
    state.endImportRun(key, 'None of the files could be imported.');
    return;
  }
  await startImportRun(client, key, source, albumId);
}

/** Imports the files (or `folders`) the user picks in the native dialog (desktop only). */
export async function importWithDialog(
  client: ShoeboxClient,
  albumId: number | null = null,
  folders = false,
): Promise<void> {
  // No run exists before the pick, so a failing dialog is a toast, not a panel.
  const picked = await attempt(() => client.pickImportPaths(folders ? { folders } : undefined));
  if (!picked.ok || picked.value.length === 0) return;
  const key = store.getState().beginImportRun('importing', albumId);
  await startImportRun(client, key, { kind: 'paths', paths: picked.value }, albumId);
}

/** Cancels an import: its uploads, or the core's import (files already imported stay). */
export async function cancelImport(client: ShoeboxClient, key: number): Promise<void> {
  const run = store.getState().imports.find((candidate) => candidate.key === key);
  if (run === undefined) return;
  if (run.importId === null) {
    uploadsOf(client).get(key)?.abort();
    return;
  }
  const { importId } = run;
  await attempt(() => client.cancelImport({ importId }));
}

/** Applies one import event, showing imported photos in the grid as they arrive. */
export function applyImportProgress(client: ShoeboxClient, event: ImportProgress): void {
  const state = store.getState();
  state.applyImportEvent(event);
  if (event.type === 'file' && event.outcome.status === 'imported') {
    const { view } = state;
    const run = store.getState().imports.find((candidate) => candidate.importId === event.importId);
    // The event carries the whole record; the list keeps what a listing would have sent.
    const photo = photoSummary(event.outcome.photo);
    if (view.kind === 'all') state.insertPhoto(photo, 'timeline');
    else if (view.kind === 'album' && run?.targetAlbumId === view.albumId) {
      state.insertPhoto(photo, 'end');
    }
    refreshLibrarySoon(client);
  }
  if (event.type === 'finished') {
    void refreshLibrary(client);
    void reloadView(client);
  }
}
