/**
 * Importing: staging dropped or picked files, starting and cancelling the core's import, and
 * applying its progress events (imported photos appear in the grid as they arrive). A failure
 * here ends the run in the import panel rather than in a toast: the panel is where the user
 * follows the import.
 */
import type { ImportProgress, ImportSource } from '../../common/contract';
import type { ShoeboxClient } from '../bridge/shoebox-client';
import { attempt } from './feedback';
import { refreshLibrary, refreshLibrarySoon } from './library-actions';
import { reloadView } from './paging';
import { perClient } from './per-client';
import { useShoeboxStore as store } from './store';

/** The uploads in progress, by import id: what cancelling a run that is still uploading aborts. */
const uploadsOf = perClient(() => new Map<string, AbortController>());

/** Starts the core's import of a staged source under the run's id. */
async function startImportRun(
  client: ShoeboxClient,
  importId: string,
  source: ImportSource,
  albumId: number | null,
): Promise<void> {
  try {
    await client.startImport(
      albumId === null ? { importId, source } : { importId, source, albumId },
    );
    store.getState().markImportStarted(importId);
  } catch (error) {
    store.getState().endImportRun(importId, (error as Error).message);
  }
}

/**
 * A new import's id (a version 4 UUID), minted before anything reaches the core: the run is
 * keyed by it from the start, so progress events that arrive before `startImport` answers find
 * their run.
 */
export function mintImportId(): string {
  // Browsers offer randomUUID only in a secure context, which `shoebox serve --host` reached
  // over plain HTTP at a network address is not; getRandomValues is there in every context.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // the RFC 9562 variant
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Imports dropped or chosen files (uploading them first in a browser). */
export async function importFiles(
  client: ShoeboxClient,
  files: File[],
  albumId: number | null = null,
): Promise<void> {
  if (files.length === 0) return;
  const state = store.getState();
  const importId = mintImportId();
  state.beginImportRun(
    importId,
    client.capabilities.filePaths ? 'importing' : 'uploading',
    albumId,
  );
  const controller = new AbortController();
  const uploads = uploadsOf(client);
  uploads.set(importId, controller);
  let source: ImportSource | null;
  try {
    const staged = await client.stageFiles(files, {
      signal: controller.signal,
      onProgress: (progress) => store.getState().setUploadProgress(importId, progress),
    });
    state.addRejectedFiles(importId, staged.rejected);
    source = staged.source;
  } catch (error) {
    const cancelled = controller.signal.aborted;
    state.endImportRun(importId, cancelled ? null : (error as Error).message, cancelled);
    return;
  } finally {
    uploads.delete(importId);
  }
  if (source === null) {
    state.endImportRun(importId, 'None of the files could be imported.');
    return;
  }
  await startImportRun(client, importId, source, albumId);
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
  const importId = mintImportId();
  store.getState().beginImportRun(importId, 'importing', albumId);
  await startImportRun(client, importId, { kind: 'paths', paths: picked.value }, albumId);
}

/** Cancels an import: its uploads, or the core's import (files already imported stay). */
export async function cancelImport(client: ShoeboxClient, importId: string): Promise<void> {
  const uploading = uploadsOf(client).get(importId);
  if (uploading !== undefined) {
    uploading.abort();
    return;
  }
  await attempt(() => client.cancelImport({ importId }));
}

/** Applies one import event, showing imported photos in the grid as they arrive. */
export function applyImportProgress(client: ShoeboxClient, event: ImportProgress): void {
  const state = store.getState();
  state.applyImportEvent(event);
  if (event.type === 'file' && event.outcome.status === 'imported') {
    const { view } = state;
    const run = store.getState().imports.find((candidate) => candidate.importId === event.importId);
    const { photo } = event.outcome;
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
