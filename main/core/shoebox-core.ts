/**
 * The composition root of the core: opens one library and wires its repositories, services and
 * job registries into the contract's handlers and the few calls beyond it (media, uploads, the
 * CLI's runs to the end). Each concern lives in its own module; this file only connects them.
 */
import { randomUUID } from 'node:crypto';
import { access, mkdir } from 'node:fs/promises';
import type { CameraCard, ParsedInput, Photo, ShoeboxHandlers } from '../../common/contract';
import { ShoeboxError } from '../../common/errors';
import { createCardService } from './cards/card-service';
import { knownShotsOf } from './cards/known-shots';
import { createEventBus, type CoreEvent } from './event-bus';
import { createExportJobs } from './export/export-jobs';
import { exportAlbum, type ExportRequest, type ExportSummary } from './export/export-service';
import { createImagingPool, type ImagingPool } from './imaging/imaging-pool';
import { createImagingProcess } from './imaging/imaging-process';
import { createImportJobs } from './import/import-jobs';
import { startPendingDerivatives } from './import/pending-derivatives';
import { createFolderService, type FolderService } from './folders/folder-handlers';
import { foldersNamed } from './folders/folder-names';
import { withDatabaseLocation } from './library/database-location';
import {
  runImport,
  type ImportDependencies,
  type ImportInput,
  type ImportRequest,
  type ImportSummary,
} from './import/import-service';
import { createUploadStaging, type StagedUpload } from './import/upload-staging';
import { AlbumRepository } from './library/album-repository';
import { openLibraryDatabase, type LibraryDatabase } from './library/database';
import { createDescriptionHandlers } from './library/description-handlers';
import { createSearchHandlers } from './search/search-handlers';
import { SearchRepository } from './search/search-repository';
import {
  SearchService,
  type SearchPageRequest,
  type SearchRecordPage,
} from './search/search-service';
import { DescriptionRepository } from './library/description-repository';
import { watchExternalChanges } from './library/external-changes';
import { LeaseRepository } from './library/lease-repository';
import {
  createLibraryHandlers,
  listPhotoRecords,
  type PhotoRecordPage,
} from './library/library-handlers';
import { libraryLayout, type LibraryLayout } from './library/library-paths';
import { libraryStorageOf, type LibraryStorage } from './library/library-storage';
import { createRenditionCache, resolveMediaFile, type MediaFile } from './library/media-files';
import { PhotoRepository } from './library/photo-repository';
import { ReservationRepository } from './library/reservation-repository';
import { verifyLibrary, type VerifyOptions, type VerifyReport } from './library/verify-service';
import { assertLibraryWritable, explainOpenFailure } from './library/writable';
import { createSidecarWriter } from './sidecars/sidecar-writer';
import { lazyWriterLease } from './library/writer-lease';

export type { CoreEvent } from './event-bus';
export type { MediaFile } from './library/media-files';
export type { StagedUpload } from './import/upload-staging';
export type { PhotoRecordPage } from './library/library-handlers';

/** The methods the core answers itself; the desktop shell adds the native dialogs. */
export type CoreHandlers = Omit<ShoeboxHandlers, 'pickImportPaths' | 'pickExportFolder'>;

/** The Electron-free core of Shoebox over one library: what every transport and the CLI use. */
export interface ShoeboxCore {
  readonly layout: LibraryLayout;
  readonly handlers: CoreHandlers;
  /**
   * Receives every event; returns the function that unsubscribes. While anyone is subscribed,
   * commits by other processes (the CLI) are announced as `libraryChanged` 'external'.
   */
  subscribe(listener: (event: CoreEvent) => void): () => void;
  /**
   * For the CLI: `listPhotos` with each photo's full record (paths, hash), as `shoebox photos
   * --json` prints them. The contract's listing sends summaries only.
   */
  listPhotoRecords(input: ParsedInput<'listPhotos'>): Promise<PhotoRecordPage>;
  /** For the CLI: a search page with full records, as `shoebox search --json` prints them. */
  searchRecords(request: SearchPageRequest): Promise<SearchRecordPage>;
  /** For the CLI: these photos' full records (those that exist), in the order given. */
  photoRecords(photoIds: number[]): Promise<Photo[]>;
  /** For the CLI: `listCards` without the per-day breakdown, which `shoebox cards` never prints. */
  cardTotals(): Promise<CameraCard[]>;
  /** Runs an import to its end (the CLI's way); progress goes to `onProgress` and subscribers. */
  importFiles(
    inputs: ImportInput[],
    options?: Omit<ImportRequest, 'importId' | 'inputs'>,
  ): Promise<ImportSummary>;
  /** Runs an export to its end (the CLI's way), with what it wrote; progress to `onProgress`. */
  exportAlbum(request: ExportRequest): Promise<ExportSummary>;
  /**
   * The derivative file of a photo, or for `original` what the viewer's 1:1 shows (the original,
   * or a HEIC's or TIFF's full-size JPEG, made on first request); null for an unknown photo or
   * size, or one that cannot be shown.
   */
  resolveMedia(photoId: number, size: string): Promise<MediaFile | null>;
  /** A place inside the library to stream an upload to, and its id for `startImport`. */
  stageUpload(originalName: string): Promise<StagedUpload>;
  /** Drops a staged upload that will not be imported. */
  discardUpload(uploadId: string): Promise<void>;
  /** The zip of a finished `download` export (for `GET /exports/<id>.zip`), or null. */
  resolveExportZip(exportId: string): Promise<{ path: string; fileName: string } | null>;
  /** Checks (and with `repair`, mends) the library. */
  verify(options?: VerifyOptions): Promise<VerifyReport>;
  /** Cancels running imports, waits for them, stops the workers and closes the database. */
  close(): Promise<void>;
  /** The disk the library is on: a network share's database is not safe (asked once). */
  storage(): Promise<LibraryStorage>;
  /** Folders added in place: the CLI's `shoebox folder …` runs. */
  readonly folders: Pick<FolderService, 'add' | 'rescan' | 'list' | 'remove'>;
}

/** Options of `openCore`. */
export interface CoreOptions {
  libraryRoot: string;
  /**
   * Whether to create the library when `libraryRoot` holds none; defaults to true. With false,
   * opening a folder without `library.db` or `originals/` throws NOT_FOUND instead, so a
   * library on an unmounted disk is never silently replaced by an empty one at the mount point.
   */
  create?: boolean;
  /** Worker threads for imaging; defaults to the number of cores. */
  imagingThreads?: number;
  /**
   * Where those threads run: in this process (`threads`, the default) or in a child Node
   * process (`process`: the Linux app, whose Electron binary's GLib clashes with sharp's;
   * imaging/imaging-process.ts says why).
   */
  imaging?: 'threads' | 'process';
  /**
   * How often, in milliseconds, to check for commits by other processes while someone is
   * subscribed; defaults to 2000. Tests pass a few milliseconds.
   */
  externalChangePollMs?: number;
  /** What this process is, as other processes on the library show it (`shoebox import`). */
  program?: string;
  /**
   * Whether to finish, in the background, the photos a dead import left with their thumbnail
   * only: for the app and `shoebox serve`, which stay open; a one-shot command leaves them to
   * them, the next import or `verify --repair`. Default false.
   */
  finishLeftovers?: boolean;
}

// A CLI import shows up in the app within about this long; each check is one pragma read of
// the open database, so checking this often costs nothing noticeable.
const EXTERNAL_CHANGE_POLL_MS = 2000;

/** Opens the library at `libraryRoot`, creating it unless `create` is false; returns its core. */
export async function openCore(options: CoreOptions): Promise<ShoeboxCore> {
  // The database may be on this computer's disk while the library is on a share.
  const layout = await withDatabaseLocation(libraryLayout(options.libraryRoot));
  if (options.create === false) {
    // Originals alone are a library too: one whose database was lost, which `verify --repair`
    // must still open to record them again.
    const found = await Promise.any([access(layout.database), access(layout.originals)]).then(
      () => true,
      () => false,
    );
    if (!found) throw new ShoeboxError('NOT_FOUND', `no Shoebox library at ${layout.root}`);
  }
  await Promise.all(
    [layout.originals, layout.derivatives, layout.staging].map((dir) =>
      mkdir(dir, { recursive: true }),
    ),
  );
  // Asked before the database opens, where it is cheap (the mount table, `mount`): a library
  // on a share is read without the memory map. Windows's drive listing takes a second, so
  // there it is asked only when someone wants to know, and the map is not used.
  const databaseLocal = layout.database !== libraryLayout(layout.root).database;
  let storage: Promise<LibraryStorage> | undefined =
    process.platform === 'win32' ? undefined : libraryStorageOf(layout.root, { databaseLocal });
  // A database moved to this computer's disk is on a local disk by construction.
  const memoryMap = storage === undefined ? false : databaseLocal || !(await storage).network;
  const storageOfLibrary = (): Promise<LibraryStorage> =>
    (storage ??= libraryStorageOf(layout.root, { databaseLocal }));
  let db: LibraryDatabase;
  try {
    db = openLibraryDatabase(layout.database, { memoryMap });
  } catch (error) {
    throw await explainOpenFailure(layout, error);
  }
  const photos = new PhotoRepository(db, layout);
  const albums = new AlbumRepository(db);
  const search = new SearchService(new SearchRepository(db), photos, albums, (value) =>
    foldersNamed(db, value),
  );
  const descriptions = new DescriptionRepository(db, photos);
  const leases = new LeaseRepository(db);
  const reservations = new ReservationRepository(db, leases);
  const lease = lazyWriterLease(leases, layout, options.program ?? 'Shoebox');
  const leaseId = (): string => lease.get().id;
  const ownLeaseId = (): string | null => lease.current()?.id ?? null;
  const writer = { leaseId, isLive: (id: string) => leases.isLive(id) };
  // A sidecar that cannot be written now (a read-only or full disk) stays pending: the next
  // change, close or `verify --repair` tries again.
  const sidecars = createSidecarWriter({ layout, db, photos, descriptions, leaseId });

  let stopWatching: (() => void) | null = null;
  const cards = createCardService({
    known: knownShotsOf(db, photos),
    publish: (found) => bus.publish('cardsChanged', found),
  });
  // Other processes' work, and camera cards, are watched for only while someone listens (the
  // app, a server).
  const bus = createEventBus({
    onListened: () => {
      cards.startWatching();
      folders.startWatching();
      stopWatching = watchExternalChanges(
        db,
        leases,
        ownLeaseId,
        options.externalChangePollMs ?? EXTERNAL_CHANGE_POLL_MS,
        (reason) => bus.publish('libraryChanged', { reason }),
      );
    },
    onUnlistened: () => {
      void cards.stopWatching();
      void folders.stopWatching();
      stopWatching?.();
      stopWatching = null;
    },
  });

  // The contents this process is importing now, across all its imports.
  const inFlight = new Map<string, Promise<unknown>>();
  let pool: ImagingPool | null = null;
  // Workers start on the first import: listing photos from the CLI should not spawn threads.
  const imaging = (): ImagingPool =>
    (pool ??= (options.imaging === 'process' ? createImagingProcess : createImagingPool)({
      threads: options.imagingThreads,
      tempTag: leaseId(),
    }));

  // The viewer's 1:1 of HEIC and TIFF photos: full-size JPEGs made on demand, outside the library.
  const renditions = createRenditionCache(imaging);
  // Thumbnails first: landed sizes announced; a crashed import's photos finished meanwhile.
  const pendingDerivatives = startPendingDerivatives({
    layout,
    photos,
    leases,
    lease: lease.get,
    imaging,
    changed: (reason) => bus.publish('libraryChanged', { reason }),
    finishLeftovers: options.finishLeftovers ?? false,
  });

  async function importFiles(
    inputs: ImportInput[],
    request: Omit<ImportRequest, 'importId' | 'inputs'>,
    importId: string,
  ): Promise<ImportSummary> {
    const importLease = lease.get();
    await assertLibraryWritable(layout, importLease.id);
    const summary = runImport(
      { ...importDeps(), lease: importLease },
      {
        ...request,
        importId,
        inputs,
        onProgress: (event) => {
          request.onProgress?.(event);
          bus.publish('importProgress', event);
        },
      },
    );
    // New photos get their sidecars (written after the import, not in its way).
    return summary.finally(() => sidecars.schedule());
  }

  const importDeps = (): ImportDependencies => ({
    layout,
    photos,
    albums,
    reservations,
    lease: lease.get(),
    inFlight,
    imaging,
  });
  const folders: FolderService = createFolderService({
    db,
    leases,
    get imports() {
      return importDeps();
    },
    importFiles: (inputs, request) =>
      importFiles(inputs, request, request.importId ?? randomUUID()),
    deleteForever: async (photoIds) => (await handlers.deleteFromTrash({ photoIds })).count,
    changed: () => bus.publish('libraryChanged', { reason: 'photos' }),
  });

  const uploads = createUploadStaging(layout, leaseId);
  const imports = createImportJobs({
    run: importFiles,
    assertAlbum: (albumId) => albums.get(albumId),
    uploads,
    publish: (payload) => bus.publish('importProgress', payload),
  });
  const exports = createExportJobs({
    layout,
    photos,
    albums,
    search,
    publish: (payload) => bus.publish('exportProgress', payload),
    writer,
  });
  const handlers: CoreHandlers = {
    ...createLibraryHandlers({
      layout,
      db,
      photos,
      albums,
      leases,
      reservations,
      search,
      leaseId,
      ownLeaseId,
      changed: (reason) => bus.publish('libraryChanged', { reason }),
      storage: () => storageOfLibrary(),
    }),
    ...createSearchHandlers({
      search,
      albums,
      changed: (reason) => bus.publish('libraryChanged', { reason }),
    }),
    ...createDescriptionHandlers({
      layout,
      db,
      photos,
      descriptions,
      imaging,
      lease: lease.get,
      described: () => {
        bus.publish('libraryChanged', { reason: 'photos' });
        sidecars.schedule();
      },
    }),
    startImport: (input) => imports.start(input),
    cancelImport: async ({ importId }) => imports.cancel(importId),
    startExport: (input) => exports.start(input),
    cancelExport: async ({ exportId }) => exports.cancel(exportId),
    ...folders.handlers,
    listCards: () => cards.listCards(),
    ejectCard: async ({ path }) => {
      await cards.ejectCard(path);
      return { count: 1 };
    },
  };

  let closing: Promise<void> | null = null;
  return {
    layout,
    handlers,
    subscribe: (listener) => bus.subscribe(listener),
    listPhotoRecords: async (input) => listPhotoRecords({ photos, albums, search }, input),
    searchRecords: async (request) => search.page(request),
    photoRecords: async (photoIds) =>
      photos.toPhotos(
        photoIds.map((photoId) => photos.findById(photoId)).filter((row) => row !== undefined),
      ),
    cardTotals: () => cards.listCards({ days: false }),
    importFiles: (inputs, request = {}) => importFiles(inputs, request, randomUUID()),
    exportAlbum: (request) => exportAlbum({ layout, photos, albums, search, writer }, request),
    resolveMedia: (photoId, size) => resolveMediaFile(layout, photos, photoId, size, renditions),
    stageUpload: (originalName) => uploads.stage(originalName),
    storage: storageOfLibrary,
    folders,
    discardUpload: (uploadId) => uploads.discard(uploadId),
    resolveExportZip: (exportId) => exports.resolveDownload(exportId),
    // A repair leaves what any live process (this one too) has in flight alone: it may run
    // beside imports.
    verify: (verifyOptions) =>
      verifyLibrary(
        {
          layout,
          photos,
          albums,
          leases,
          reservations,
          db,
          imaging,
          lease: lease.get,
          descriptions,
          sidecars,
        },
        verifyOptions,
      ),
    close() {
      // Closing twice (a test's cleanup after its own close) waits for the first close and
      // never touches a closed database.
      closing ??= (async () => {
        await pendingDerivatives.close();
        stopWatching?.();
        await folders.stopWatching();
        await cards.stopWatching();
        await imports.close();
        await exports.close();
        await uploads.close();
        await sidecars.close().catch(() => {
          // Left pending in the database for the next process; closing must not fail for it.
        });
        // Before the pool stops: renditions being made are cancelled, their folder removed.
        await renditions.close();
        if (pool) await pool.destroy();
        lease.close();
        db.close();
      })();
      return closing;
    },
  };
}
