/**
 * Folders added in place, from the UI: keeping their list in step with the core (`listFolders`,
 * then again on `libraryChanged`), adding one (its photos then import in the background under
 * an id minted here, so the import panel follows them like any import), rescanning, locating a
 * moved or offline folder or a missing file, and removing a folder from the library (its files
 * stay on disk). Showing a folder's photos is a search (`folderQuery`).
 */
import type { FolderEntry, LibraryChangeReason, MethodOutput } from '../../common/contract';
import { errorMessage } from '../../common/errors';
import type { ShoeboxClient } from '../bridge/shoebox-client';
import { attempt, countPhotos, inform } from './feedback';
import { mintImportId } from './import-actions';
import { refreshLibrary } from './library-actions';
import { reloadView } from './paging';
import { useShoeboxStore as store } from './store';

/** Options of a folder added in place. */
export interface AddFolderOptions {
  /** Follow changes while Shoebox runs (else only rescans see them). */
  watch: boolean;
  /** Write XMP sidecars beside its photos; off, Shoebox never writes to the folder. */
  writeXmp: boolean;
}

// The changes after which a folder's counts or status may have moved.
const FOLDER_CHANGES: ReadonlySet<LibraryChangeReason> = new Set<LibraryChangeReason>([
  'photos',
  'trash',
  'external',
  'reconnected',
]);

/** A folder's name as the sidebar shows it: the last segment of its path, on any platform. */
export function folderName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  return trimmed.split(/[\\/]/).pop() || path;
}

/**
 * The search that finds a folder's photos (and those of the folders inside it):
 * `folder:"<path>"`. The query language reads a quoted value up to the next `"` and has no
 * escape for one, so a path with a `"` in it has no query: null.
 */
export function folderQuery(path: string): string | null {
  return path.includes('"') ? null : `folder:"${path}"`;
}

/** Asks the core for the added folders. A failure keeps the folders shown before. */
export async function refreshFolders(client: ShoeboxClient): Promise<void> {
  try {
    store.getState().setFolders(await client.listFolders());
  } catch {
    // The list is shown, never asked for: a failed look is retried at the next change.
  }
}

/** Lists the folders now and after each change that can move them; returns the stop. */
export function listenToFolders(client: ShoeboxClient): () => void {
  const unsubscribers = [
    client.on('libraryChanged', ({ reason }) => {
      if (FOLDER_CHANGES.has(reason)) void refreshFolders(client);
    }),
    // An added folder's photos arrive as an import: its counts are new once it ends.
    client.on('importProgress', (event) => {
      if (event.type === 'finished') void refreshFolders(client);
    }),
  ];
  void refreshFolders(client);
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}

/**
 * Asks the desktop's native dialog for a folder; null when cancelled, when it failed (a toast
 * says why) or where there are no native dialogs.
 */
export async function pickFolderPath(client: ShoeboxClient): Promise<string | null> {
  if (!client.capabilities.nativeDialogs) return null;
  const picked = await attempt(() => client.pickImportPaths({ folders: true }));
  return picked.ok ? (picked.value[0] ?? null) : null;
}

/**
 * Adds a folder in place; its photos then import in the background, shown by the import
 * panel. Answers null once added, else the core's reason (a path the core refused, a folder
 * added already, a server that takes no paths from beyond its own machine), for the dialog to
 * show.
 */
export async function addFolder(
  client: ShoeboxClient,
  path: string,
  options: AddFolderOptions,
): Promise<string | null> {
  const importId = mintImportId();
  // The run exists before the call: progress events may outrun the answer.
  store.getState().beginImportRun(importId, 'importing', null);
  try {
    await client.addFolder({ path, importId, watch: options.watch, writeXmp: options.writeXmp });
  } catch (error) {
    store.getState().dismissImportRun(importId);
    return errorMessage(error);
  }
  store.getState().markImportStarted(importId);
  await refreshFolders(client);
  return null;
}

/** "3 new, 2 moved, 1 missing" of a rescan's counts; "nothing changed" when all are 0. */
export function describeRescan(counts: MethodOutput<'rescanFolders'>): string {
  const parts = (
    [
      [counts.added, 'new'],
      [counts.changed, 'changed'],
      [counts.moved, 'moved'],
      [counts.missing, 'missing'],
      [counts.returned, 'back'],
    ] as const
  )
    .filter(([count]) => count > 0)
    .map(([count, word]) => `${count.toLocaleString()} ${word}`);
  return parts.length === 0 ? 'nothing changed' : parts.join(', ');
}

/** What the folders' photos are after a change to a folder: the list, counts and the view. */
async function afterFolderChange(client: ShoeboxClient): Promise<void> {
  await Promise.all([refreshFolders(client), refreshLibrary(client), reloadView(client)]);
}

/** Rescans a folder now, saying in a toast what it found. */
export async function rescanFolder(client: ShoeboxClient, folder: FolderEntry): Promise<void> {
  const name = folderName(folder.path);
  // A large folder or a share takes seconds: say it is under way, then what it found.
  const pending = store.getState().pushToast({ kind: 'info', message: `Rescanning ${name}…` });
  const rescanned = await attempt(() => client.rescanFolders({ folderId: folder.id }));
  store.getState().dismissToast(pending);
  if (!rescanned.ok) return;
  await afterFolderChange(client);
  // A folder whose drive is not there finds nothing: that is the news, not "nothing changed".
  const now = store.getState().folders.find((entry) => entry.id === folder.id);
  if (now?.status === 'offline') {
    inform(`${name} is offline: its drive is not connected. Connect it, or Locate… it.`);
  } else inform(`Rescanned ${name}: ${describeRescan(rescanned.value)}`);
}

/**
 * Points a folder at its new place (moved, or its drive back at another path); its photos keep
 * everything. Answers null once done, else the core's reason, for the dialog to show.
 */
export async function locateFolder(
  client: ShoeboxClient,
  folderId: number,
  path: string,
): Promise<string | null> {
  try {
    const entry = await client.locateFolder({ folderId, path });
    inform(`${folderName(entry.path)} is found at ${entry.path}`);
  } catch (error) {
    return errorMessage(error);
  }
  await afterFolderChange(client);
  return null;
}

/**
 * Points a photo whose file is missing from its folder at the file where it is now; the photo
 * keeps everything. Answers null once done, else the core's reason, for the dialog to show.
 */
export async function locateFile(
  client: ShoeboxClient,
  photoId: number,
  path: string,
): Promise<string | null> {
  try {
    await client.locateFile({ photoId, path });
  } catch (error) {
    return errorMessage(error);
  }
  inform(`Found at ${path}`);
  await afterFolderChange(client);
  return null;
}

/**
 * Asks the desktop's native dialog for a file; null when cancelled, when it failed (a toast
 * says why) or where there are no native dialogs.
 */
export async function pickFilePath(client: ShoeboxClient): Promise<string | null> {
  if (!client.capabilities.nativeDialogs) return null;
  const picked = await attempt(() => client.pickImportPaths({}));
  return picked.ok ? (picked.value[0] ?? null) : null;
}

/** Forgets a folder and its photos; the files on disk stay as they are. */
export async function removeFolder(client: ShoeboxClient, folder: FolderEntry): Promise<void> {
  const removed = await attempt(() => client.removeFolder({ folderId: folder.id }));
  if (!removed.ok) return;
  inform(
    `Removed ${folderName(folder.path)}: ${countPhotos(folder.photos)} left Shoebox, the files stay on disk`,
  );
  store.getState().clearSelection();
  await afterFolderChange(client);
}
