/**
 * Folders in place with their photos: adding a folder indexes it and imports its files where
 * they are; a rescan imports the new files, makes changed ones anew and leaves moved, missing
 * and returned ones to the index (their photos follow their rows); removing a folder forgets
 * its photos and leaves every file on disk as it was. What `shoebox folder …`, the app and
 * `serve` run.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { FolderEntry, ImportProgress } from '../../../common/contract';
import { ShoeboxError } from '../../../common/errors';
import { describeFailure } from '../import/failure-messages';
import type { ImportDependencies, ImportInput, ImportSummary } from '../import/import-service';
import { inPlacePlacement, type ShotPlacement } from '../import/shot-placement';
import type { LibraryDatabase } from '../library/database';
import type { LeaseRepository } from '../library/lease-repository';
import { isInside } from '../library/library-paths';
import { referencedStoredPath } from '../library/referenced-files';
import type { RescanCounts } from './apply-plan';
import {
  addFolder,
  rescanFolders,
  type AddFolderOptions,
  type RescanOptions,
  type RescanResult,
} from './folder-service';
import { FolderRepository, rootPath, type FolderRoot } from './folder-repository';
import { locateFile } from './locate-file';
import { isXmpSidecar } from './media-extensions';
import { pathInRoot } from './path-key';
import type { FolderPlacement } from './locate-volume';
import { refreshChangedFile } from './refresh-changed';

/** What the folder operations work with: the import's dependencies and a way to run one. */
export interface FoldersInPlaceDependencies {
  db: LibraryDatabase;
  imports: ImportDependencies;
  /** The library's leases: one process at a time plans and applies a rescan (its lock). */
  leases: LeaseRepository;
  /** Runs an import of `inputs` with `placement` (the core's importFiles, with its events). */
  importFiles(
    inputs: ImportInput[],
    options: {
      placement: ShotPlacement;
      importId?: string;
      signal?: AbortSignal;
      onProgress?: (event: ImportProgress) => void;
    },
  ): Promise<ImportSummary>;
}

/** How an add or a rescan runs. */
export interface FolderRunOptions {
  /** The id the import of new files runs (and sends its events) under; a fresh one if absent. */
  importId?: string;
  signal?: AbortSignal;
  onProgress?: (event: ImportProgress) => void;
}

/** What a rescan did: its counts, its roots, the import of its new files, the changed ones. */
export interface FolderRescanSummary {
  counts: RescanCounts;
  rescan: RescanResult;
  /** The import of the new files (null when there were none). */
  imported: ImportSummary | null;
  /** Changed files whose photos could not be made anew, with why. */
  failed: { path: string; error: string }[];
}

/** Every added folder, in the order they were added. */
export function listFolderEntries(db: LibraryDatabase): FolderEntry[] {
  const repository = new FolderRepository(db);
  return repository.listRoots().map((root) => {
    const counts = repository.countsOf(root.id);
    return {
      id: root.id,
      path: rootPath(root),
      status: root.status,
      photos: counts.photos,
      missing: counts.missing,
    };
  });
}

/** The added folder at `folder` (its path now, or as given), or a NOT_FOUND ShoeboxError. */
export function findFolder(db: LibraryDatabase, folder: string): FolderRoot {
  const wanted = path.resolve(folder);
  const root = new FolderRepository(db)
    .listRoots()
    .find((candidate) => path.resolve(rootPath(candidate)) === wanted);
  if (!root) throw new ShoeboxError('NOT_FOUND', `${folder} is not an added folder`);
  return root;
}

/**
 * Adds `folder` in place and indexes it; its photos are `importRescanned`'s to import.
 * Refuses (INVALID_INPUT) a folder inside the library, whose files are the library's own.
 */
export async function indexFolder(
  deps: FoldersInPlaceDependencies,
  folder: string,
  options: AddFolderOptions & { signal?: AbortSignal } = {},
): Promise<{ root: FolderRoot; rescan: RescanResult }> {
  const { layout } = deps.imports;
  const absolute = path.resolve(folder);
  if (absolute === layout.root || isInside(layout.root, absolute)) {
    throw new ShoeboxError(
      'INVALID_INPUT',
      `${folder} is inside the Shoebox library; add a folder of your own photos`,
    );
  }
  return underFolderLock(deps, options.signal, () => addFolder(deps.db, absolute, options));
}

/** Adds `folder` in place and imports its photos where they are, with the import's progress. */
export async function addFolderInPlace(
  deps: FoldersInPlaceDependencies,
  folder: string,
  options: AddFolderOptions & FolderRunOptions = {},
): Promise<{ root: FolderRoot; summary: FolderRescanSummary }> {
  const { root, rescan } = await indexFolder(deps, folder, options);
  return { root, summary: await importRescanned(deps, rescan, options) };
}

/**
 * Rescans added folders (all, or `options.rootIds`) and brings their photos in step: new
 * files imported in place, changed ones made anew. Moves, missing files and returns are the
 * index's alone: a photo follows its file's row.
 */
export async function rescanInPlace(
  deps: FoldersInPlaceDependencies,
  options: RescanOptions & FolderRunOptions = {},
): Promise<FolderRescanSummary> {
  const rescan = await underFolderLock(deps, options.signal, () => rescanFolders(deps.db, options));
  return importRescanned(deps, rescan, options);
}

/**
 * Forgets an added folder: its photos leave the library (their derivatives removed, their
 * albums without them), its index goes; the files on disk stay exactly as they are. Answers
 * how many photos it had.
 */
export async function removeFolderInPlace(
  deps: FoldersInPlaceDependencies,
  rootId: number,
  deleteForever: (photoIds: number[]) => Promise<number>,
): Promise<number> {
  const repository = new FolderRepository(deps.db);
  // The root and its index go first, with its photos put in the trash in the same
  // transaction: an import of its files still running records no photo after that (its rows
  // are gone, shot-placement.ts), so none is left pointing nowhere.
  const photoIds = await underFolderLock(deps, undefined, async () =>
    deps.db
      .transaction(() => {
        if (!repository.getRoot(rootId)) {
          throw new ShoeboxError('NOT_FOUND', `No added folder has id ${rootId}`);
        }
        const ids = repository.photosOf(rootId);
        deps.imports.photos.setTrashed(ids, new Date().toISOString());
        repository.removeRoot(rootId);
        return ids;
      })
      .immediate(),
  );
  // The same fenced removal as emptying the trash, of derivatives and rows only (a referenced
  // file is never a library file).
  return deleteForever(photoIds);
}

/**
 * Brings the photos in step with what a rescan applied to the index: new files imported in
 * place (with the import's progress), changed ones made anew.
 */
export async function importRescanned(
  deps: FoldersInPlaceDependencies,
  rescan: RescanResult,
  options: FolderRunOptions,
): Promise<FolderRescanSummary> {
  const repository = new FolderRepository(deps.db);
  const rootsById = new Map(rescan.roots.map((root) => [root.rootId, root.path]));
  const inputs: ImportInput[] = [];
  const sidecars: number[] = [];
  // What to import: every file of a scanned folder whose import never came to an end (new
  // ones, changed ones no photo was made of, and those a cancel or a crash left).
  for (const { rootId, status } of rescan.roots) {
    if (status !== 'ok') continue;
    const root = rootsById.get(rootId)!;
    for (const file of repository.filesToImport(rootId)) {
      // XMP sidecars come in with the photo they describe (the scan finds them beside it).
      if (isXmpSidecar(file.relPath)) sidecars.push(file.id);
      else inputs.push({ path: pathInRoot(root, file.relPath) });
    }
  }
  repository.markImportDone(sidecars);
  // Every file's row by its path, the inputs' and those of a shot that came before (a RAW
  // whose JPEG is new), which let the new file's shot find them. (Not read when nothing is
  // new: an unchanged rescan of 100k files stays an index comparison.)
  const fileIds = new Map<string, number>();
  if (inputs.length > 0) {
    for (const { rootId, status } of rescan.roots) {
      if (status !== 'ok') continue;
      const root = rootsById.get(rootId)!;
      for (const file of repository.filesOf(rootId)) {
        fileIds.set(pathInRoot(root, file.relPath), file.id);
      }
    }
  }
  // A caller that follows an import by its id (the app's Add folder) hears of its end even
  // when another rescan (the watcher's) imported these files first.
  const imported =
    inputs.length > 0 || options.importId !== undefined
      ? await deps.importFiles(inputs, {
          placement: inPlacePlacement(deps.db, fileIds),
          importId: options.importId,
          signal: options.signal,
          onProgress: options.onProgress,
        })
      : null;
  if (imported) {
    // A duplicate, a file that is no photo, a failure: the end of their import (a cancelled
    // one's files are in none of these, and come again at the next rescan).
    const ended = [...imported.duplicates, ...imported.skipped, ...imported.failed];
    repository.markImportDone(
      ended.flatMap((entry) => fileIds.get(path.resolve(entry.path)) ?? []),
    );
  }
  const failed: FolderRescanSummary['failed'] = [];
  for (const file of rescan.plan.changed) {
    if (file.photoId === null || options.signal?.aborted) continue;
    const stored = referencedStoredPath(file.fileId);
    await refreshChangedFile(deps.imports, file.photoId, stored, options.signal).catch(
      (error: unknown) => {
        const root = rootsById.get(file.rootId) ?? '';
        failed.push({ path: pathInRoot(root, file.relPath), error: describeFailure(error) });
      },
    );
  }
  return { counts: rescan.counts, rescan, imported, failed };
}

/**
 * Points an added folder at its new place (`FolderRepository.relocateRoot`) under the folders
 * lock, so a rescan under way does not plan from the old path.
 */
export function relocateFolder(
  deps: FoldersInPlaceDependencies,
  rootId: number,
  placement: FolderPlacement,
): Promise<FolderRoot> {
  return underFolderLock(deps, undefined, async () =>
    new FolderRepository(deps.db).relocateRoot(rootId, placement, new Date().toISOString()),
  );
}

/**
 * Points a missing photo's file at where the user says it is (`locate-file.ts`), under the
 * folders lock: a rescan meanwhile would plan from the row as it was.
 */
export function locateFileInPlace(
  deps: FoldersInPlaceDependencies,
  photoId: number,
  file: string,
): Promise<void> {
  return underFolderLock(deps, undefined, () =>
    locateFile(new FolderRepository(deps.db), deps.imports.photos, photoId, file),
  );
}

/**
 * Deletes photos left in added folders from the disk and from the library: each one's
 * original and the files beside it that are its own (a pair, a motion file), removed from
 * the disk, dropped from the index and the photo deleted with its derivatives. Refuses
 * (INVALID_INPUT) a photo of the library itself, which goes through the trash, and (CONFLICT)
 * one whose folder is offline, before removing anything. Answers how many were deleted.
 */
export async function deleteFromDisk(
  deps: FoldersInPlaceDependencies,
  photoIds: readonly number[],
  deleteForever: (photoIds: number[]) => Promise<number>,
): Promise<number> {
  const { photos } = deps.imports;
  const repository = new FolderRepository(deps.db);
  // Where the files are is read under the lock: a rescan applying a move meanwhile must not
  // make this remove another file that took the old name.
  return underFolderLock(deps, undefined, async () => {
    const companions = photos.files.of([...photoIds]);
    const doomed = photoIds.map((photoId) => {
      const row = photos.findById(photoId);
      if (!row) throw new ShoeboxError('NOT_FOUND', `No photo has id ${photoId}`);
      const stored = [
        row.stored_path,
        ...(companions.get(photoId) ?? []).map((f) => f.stored_path),
      ];
      const files = stored.map((file) => photos.locate(file));
      if (files.some((file) => file === null)) {
        throw new ShoeboxError(
          'INVALID_INPUT',
          `"${row.original_name}" is in the library, not an added folder: move it to the trash`,
        );
      }
      if (files.some((file) => file!.status === 'offline')) {
        throw new ShoeboxError(
          'CONFLICT',
          `"${row.original_name}" is on a drive or share that is not there: connect it first`,
        );
      }
      return { photoId, files: files.map((file) => file!) };
    });
    // Photo by photo: its files removed, its rows forgotten with the photo trashed, then the
    // photo deleted, so a failure or a crash part-way leaves every photo whole or gone.
    let gone = 0;
    for (const { photoId, files } of doomed) {
      for (const file of files) await rm(file.path, { force: true });
      deps.db
        .transaction(() => {
          repository.forgetFiles(files.map((file) => file.folderFileId));
          photos.setTrashed([photoId], new Date().toISOString());
        })
        .immediate();
      gone += await deleteForever([photoId]);
    }
    return gone;
  });
}

// Another process's rescan of a 100k-file folder takes seconds: waited for this long, polling,
// before the caller is told who holds the lock.
const FOLDER_LOCK_WAIT_MS = 120_000;
const FOLDER_LOCK_POLL_MS = 250;

/**
 * Runs `work` under the library's `folders` lock: two processes planning from the same index
 * would both add a new file (one of them failing on the unique path) or both mark a move.
 * Waits for another live holder; throws its CONFLICT after FOLDER_LOCK_WAIT_MS.
 */
function underFolderLock<T>(
  deps: FoldersInPlaceDependencies,
  signal: AbortSignal | undefined,
  work: () => Promise<T>,
): Promise<T> {
  // The lock is per lease, so this process's own holders take turns here first, for as long
  // as another process would be waited for (a holder stuck on a dead share must not hold up
  // removing that very folder for ever).
  const previous = inProcess.get(deps.db) ?? Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const turn = Promise.race([
    previous.catch(() => undefined),
    new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ShoeboxError('CONFLICT', 'Another folder task of this Shoebox is still running.'),
          ),
        FOLDER_LOCK_WAIT_MS,
      );
    }),
  ]).finally(() => clearTimeout(timer));
  const next = turn.then(() => underLibraryLock(deps, signal, work));
  inProcess.set(deps.db, next);
  return next;
}

// This process's last holder of each library's folders lock, which the next one waits for.
const inProcess = new WeakMap<LibraryDatabase, Promise<unknown>>();

async function underLibraryLock<T>(
  deps: FoldersInPlaceDependencies,
  signal: AbortSignal | undefined,
  work: () => Promise<T>,
): Promise<T> {
  const { lease } = deps.imports;
  const started = Date.now();
  for (;;) {
    try {
      deps.leases.acquireLock('folders', lease.id, 'rescanning its added folders');
      break;
    } catch (error) {
      const busy = error instanceof ShoeboxError && error.code === 'CONFLICT';
      if (!busy || Date.now() - started > FOLDER_LOCK_WAIT_MS) throw error;
      await delay(FOLDER_LOCK_POLL_MS, undefined, { signal });
    }
  }
  try {
    return await work();
  } finally {
    deps.leases.releaseLock('folders', lease.id);
  }
}
