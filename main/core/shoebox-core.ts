import { randomUUID } from 'node:crypto';
import { access, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { EventName, EventPayload, ImportSource, ShoeboxHandlers } from '../../common/contract';
import { DERIVATIVE_SIZE_NAMES, type DerivativeSize } from '../../common/derivative-sizes';
import { ShoeboxError } from '../../common/errors';
import { createExportJobs } from './export/export-jobs';
import { exportAlbum, type ExportRequest, type ExportSummary } from './export/export-service';
import type { TempWriter } from './export/zip-target';
import { createImagingPool, type ImagingPool } from './imaging/imaging-pool';
import { sanitizeFileName } from './import/file-names';
import {
  runImport,
  type ImportInput,
  type ImportRequest,
  type ImportSummary,
} from './import/import-service';
import { AlbumRepository } from './library/album-repository';
import { openLibraryDatabase, type LibraryDatabase } from './library/database';
import { LeaseRepository } from './library/lease-repository';
import { fromStoredPath, libraryLayout, type LibraryLayout } from './library/library-paths';
import { PhotoRepository, type PhotoListing } from './library/photo-repository';
import { ReservationRepository } from './library/reservation-repository';
import { verifyLibrary, type VerifyOptions, type VerifyReport } from './library/verify-service';
import { assertLibraryWritable, explainOpenFailure, readOnlyLibrary } from './library/writable';
import { openWriterLease, type WriterLease } from './library/writer-lease';

/** The methods the core answers itself; the desktop shell adds the native dialogs. */
export type CoreHandlers = Omit<ShoeboxHandlers, 'pickImportPaths' | 'pickExportFolder'>;

/** One event from the core, tagged with its name. */
export type CoreEvent = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];

/** A derivative file a media URL resolves to. */
export interface MediaFile {
  path: string;
  contentType: string;
  bytes: number;
}

/** A file a browser is uploading, staged inside the library until it is imported. */
export interface StagedUpload {
  uploadId: string;
  path: string;
}

/** The Electron-free core of Shoebox over one library: what every transport and the CLI use. */
export interface ShoeboxCore {
  readonly layout: LibraryLayout;
  readonly handlers: CoreHandlers;
  /**
   * Receives every event; returns the function that unsubscribes. While anyone is subscribed,
   * commits by other processes (the CLI) are announced as `libraryChanged` 'external'.
   */
  subscribe(listener: (event: CoreEvent) => void): () => void;
  /** Runs an import to its end (the CLI's way); progress goes to `onProgress` and subscribers. */
  importFiles(
    inputs: ImportInput[],
    options?: Omit<ImportRequest, 'importId' | 'inputs'>,
  ): Promise<ImportSummary>;
  /** Runs an export to its end (the CLI's way), with what it wrote; progress to `onProgress`. */
  exportAlbum(request: ExportRequest): Promise<ExportSummary>;
  /** The derivative file of a photo, or null for an unknown photo or size. */
  resolveMedia(photoId: number, size: string): Promise<MediaFile | null>;
  /** A place inside the library to stream an upload to, and its id for `startImport`. */
  stageUpload(originalName: string): Promise<StagedUpload>;
  /** Drops a staged upload that will not be imported. */
  discardUpload(uploadId: string): Promise<void>;
  /** The zip of a finished `download` export (for `GET /exports/<id>.zip`), or null. */
  resolveExportZip(exportId: string): Promise<{ path: string; fileName: string } | null>;
  /** Checks (and with `repair`, mends) the library. */
  verify(options?: VerifyOptions): Promise<VerifyReport>;
  /** The repositories, for tools that need more than the contract (the CLI, benchmarks). */
  readonly repositories: { photos: PhotoRepository; albums: AlbumRepository; db: LibraryDatabase };
  /** This process's lease on the library, for the temp files of exports run outside the core. */
  readonly writer: TempWriter;
  /** Cancels running imports, waits for them, stops the workers and closes the database. */
  close(): Promise<void>;
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
   * How often, in milliseconds, to check for commits by other processes while someone is
   * subscribed; defaults to 2000. Tests pass a few milliseconds.
   */
  externalChangePollMs?: number;
  /** What this process is, as other processes on the library show it (`shoebox import`). */
  program?: string;
}

// An hour: far longer than uploading a card's worth of photos takes before it is imported.
const UPLOAD_TTL_MS = 60 * 60 * 1000;

// A CLI import shows up in the app within about this long; each check is one pragma read of
// the open database, so checking this often costs nothing noticeable.
const EXTERNAL_CHANGE_POLL_MS = 2000;

// Listing pages larger than this would make one IPC message of several megabytes.
const DEFAULT_PAGE_SIZE = 200;

/** Opens the library at `libraryRoot`, creating it unless `create` is false; returns its core. */
export async function openCore(options: CoreOptions): Promise<ShoeboxCore> {
  const layout = libraryLayout(options.libraryRoot);
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
  let db: LibraryDatabase;
  try {
    db = openLibraryDatabase(layout.database);
  } catch (error) {
    throw await explainOpenFailure(layout, error);
  }
  const photos = new PhotoRepository(db, layout);
  const albums = new AlbumRepository(db);
  const leases = new LeaseRepository(db);
  const reservations = new ReservationRepository(db, leases);
  let lease: WriterLease | null = null;
  let closing: Promise<void> | null = null;
  // Opened on the first write that needs one (an import, a repair, an upload, a download), so
  // listing photos from the CLI, or checking a read-only library, writes nothing.
  const writerLease = (): WriterLease => {
    if (lease) return lease;
    try {
      // Crashed processes' leases (and what they held) go as this one starts.
      leases.reapDead();
      lease = openWriterLease(leases, options.program ?? 'Shoebox');
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN') {
        throw readOnlyLibrary(layout, 'EROFS');
      }
      throw error;
    }
    return lease;
  };
  const listeners = new Set<(event: CoreEvent) => void>();
  const running = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  const uploads = new Map<
    string,
    { path: string; originalName: string; stagedAt: number; importing: boolean }
  >();
  let pool: ImagingPool | null = null;
  // Workers start on the first import: listing photos from the CLI should not spawn threads.
  const writer = { leaseId: () => writerLease().id, isLive: (id: string) => leases.isLive(id) };
  const imaging = (): ImagingPool =>
    (pool ??= createImagingPool({ threads: options.imagingThreads, tempTag: writerLease().id }));
  const now = (): string => new Date().toISOString();

  function publish<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of listeners) listener({ event, payload } as CoreEvent);
  }

  const exports = createExportJobs({
    layout,
    photos,
    albums,
    publish: (payload) => publish('exportProgress', payload),
    writer,
  });

  function changed(reason: string): void {
    publish('libraryChanged', { reason });
  }

  // SQLite's data_version changes when another connection (the CLI, a second app) commits to
  // the library, never for this connection's own writes, which announce themselves. Other
  // processes also commit their heartbeats: only a moved change counter (photos, albums) is an
  // external change, and only a change in what they are doing is news about them.
  const dataVersion = (): number => db.pragma('data_version', { simple: true }) as number;
  const counterQuery = db.prepare<[], { counter: number }>('SELECT counter FROM library_changes');
  const changeCounter = (): number => counterQuery.get()!.counter;
  const othersDoing = (): string =>
    JSON.stringify(
      leases.others(lease?.id ?? null).map(({ id, program, activity }) => [id, program, activity]),
    );
  let externalWatch: {
    timer: NodeJS.Timeout;
    version: number;
    counter: number;
    others: string;
  } | null = null;

  function watchExternalChanges(): void {
    if (externalWatch !== null) return;
    const watch = {
      version: dataVersion(),
      counter: changeCounter(),
      others: othersDoing(),
      timer: setInterval(() => {
        let version: number;
        let counter: number;
        let others: string;
        try {
          version = dataVersion();
          if (version === watch.version) return;
          counter = changeCounter();
          others = othersDoing();
        } catch {
          // A database busy for a moment (another process recovering its WAL): next tick.
          return;
        }
        watch.version = version;
        if (others !== watch.others) {
          watch.others = others;
          changed('activity');
        }
        if (counter !== watch.counter) {
          watch.counter = counter;
          changed('external');
        }
      }, options.externalChangePollMs ?? EXTERNAL_CHANGE_POLL_MS),
    };
    // Watching never keeps the process alive: the CLI and tests exit when their work is done.
    watch.timer.unref();
    externalWatch = watch;
  }

  function unwatchExternalChanges(): void {
    if (externalWatch !== null) clearInterval(externalWatch.timer);
    externalWatch = null;
  }

  async function importFiles(
    inputs: ImportInput[],
    request: Omit<ImportRequest, 'importId' | 'inputs'> = {},
    importId: string = randomUUID(),
  ): Promise<ImportSummary> {
    const importLease = writerLease();
    await assertLibraryWritable(layout, importLease.id);
    return runImport(
      { layout, photos, albums, reservations, lease: importLease, imaging },
      {
        ...request,
        importId,
        inputs,
        onProgress: (event) => {
          request.onProgress?.(event);
          publish('importProgress', event);
        },
      },
    );
  }

  function inputsOf(source: ImportSource): ImportInput[] {
    if (source.kind === 'paths') return source.paths.map((p) => ({ path: p }));
    return source.uploadIds.map((uploadId) => {
      const upload = uploads.get(uploadId);
      if (!upload) throw new ShoeboxError('NOT_FOUND', `No upload with id ${uploadId} is waiting.`);
      upload.importing = true;
      return { path: upload.path, originalName: upload.originalName };
    });
  }

  function listingOf(input: {
    albumId?: number;
    trashed?: boolean;
    order?: 'asc' | 'desc';
  }): PhotoListing {
    const order = input.order ?? 'asc';
    if (input.trashed) return { kind: 'trash', order };
    if (input.albumId !== undefined) {
      albums.get(input.albumId);
      return { kind: 'album', albumId: input.albumId, order };
    }
    return { kind: 'timeline', order };
  }

  const handlers: CoreHandlers = {
    async getLibraryInfo() {
      const bytes = photos.storageBytes();
      return {
        path: layout.root,
        photoCount: photos.count({ kind: 'timeline', order: 'asc' }),
        albumCount: albums.list().length,
        trashCount: photos.count({ kind: 'trash', order: 'asc' }),
        originalsBytes: bytes.originals,
        derivativesBytes: bytes.derivatives,
        otherProcesses: leases
          .others(lease?.id ?? null)
          .map(({ program, pid, host, activity, startedAt }) => ({
            program,
            pid,
            host,
            activity,
            startedAt,
          })),
      };
    },
    async listAlbums() {
      return albums.list();
    },
    async createAlbum({ name }) {
      const album = albums.create(name, now());
      changed('albums');
      return album;
    },
    async renameAlbum({ albumId, name }) {
      const album = albums.rename(albumId, name);
      changed('albums');
      return album;
    },
    async deleteAlbum({ albumId }) {
      albums.delete(albumId);
      changed('albums');
      return { count: 1 };
    },
    async reorderAlbums({ albumIds }) {
      albums.reorder(albumIds);
      changed('albums');
      return { count: albumIds.length };
    },
    async listPhotos(input) {
      const listing = listingOf(input);
      if (input.fromDay !== undefined && (listing.kind !== 'timeline' || input.cursor)) {
        throw new ShoeboxError(
          'INVALID_INPUT',
          'fromDay starts a timeline page, without a cursor.',
        );
      }
      const cursor =
        input.fromDay !== undefined
          ? photos.cursorAtDay(input.fromDay, listing.order)
          : (input.cursor ?? null);
      const page = photos.page(listing, cursor, input.limit ?? DEFAULT_PAGE_SIZE);
      return {
        photos: photos.toPhotos(page.rows),
        nextCursor: page.nextCursor,
        total: input.cursor ? null : photos.count(listing),
      };
    },
    async getTimeline({ order }) {
      return photos.timelineDays(order ?? 'asc');
    },
    async getPhoto({ photoId }) {
      const row = photos.findById(photoId);
      if (!row) throw new ShoeboxError('NOT_FOUND', `There is no photo with id ${photoId}.`);
      return photos.toDetails(row);
    },
    async addPhotosToAlbum({ albumId, photoIds }) {
      const count = albums.addPhotos(albumId, photoIds, now());
      changed('albums');
      return { count };
    },
    async removePhotosFromAlbum({ albumId, photoIds }) {
      const count = albums.removePhotos(albumId, photoIds);
      changed('albums');
      return { count };
    },
    async movePhotosInAlbum({ albumId, photoIds, beforePhotoId }) {
      const count = albums.movePhotos(albumId, photoIds, beforePhotoId);
      changed('albums');
      return { count };
    },
    async trashPhotos({ photoIds }) {
      const count = photos.setTrashed(photoIds, now());
      changed('trash');
      return { count };
    },
    async restorePhotos({ photoIds }) {
      const count = photos.setTrashed(photoIds, null);
      changed('trash');
      return { count };
    },
    async deleteFromTrash({ photoIds }) {
      return { count: await deleteForever(photoIds) };
    },
    async emptyTrash() {
      return { count: await deleteForever(photos.trashedIds()) };
    },
    async startImport({ source, albumId }) {
      const inputs = inputsOf(source);
      if (albumId !== undefined) albums.get(albumId);
      const importId = randomUUID();
      const controller = new AbortController();
      const done = importFiles(inputs, { albumId, signal: controller.signal }, importId)
        .catch((error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          publish('importProgress', {
            type: 'finished',
            importId,
            totals: {
              files: 0,
              bytes: 0,
              processed: 0,
              processedBytes: 0,
              imported: 0,
              duplicates: 0,
              skipped: 0,
              failed: 0,
            },
            cancelled: controller.signal.aborted,
            error: { code: error instanceof ShoeboxError ? error.code : 'INTERNAL', message },
          });
        })
        .finally(async () => {
          running.delete(importId);
          if (source.kind === 'uploads') {
            await Promise.all(source.uploadIds.map((uploadId) => discardUpload(uploadId)));
          }
        });
      running.set(importId, { controller, done });
      return { importId };
    },
    async cancelImport({ importId }) {
      const entry = running.get(importId);
      if (!entry) throw new ShoeboxError('NOT_FOUND', `No import ${importId} is running.`);
      entry.controller.abort();
      return { count: 1 };
    },
    async startExport(input) {
      return exports.start(input);
    },
    async cancelExport({ exportId }) {
      return exports.cancel(exportId);
    },
  };

  /**
   * Rows first, then files: a crash in between leaves files that `verify --repair` records
   * again, so a photo is never half deleted into one that has a row but no original.
   */
  async function deleteForever(photoIds: number[]): Promise<number> {
    const leaseId = writerLease().id;
    // The names and contents stay reserved until the files are gone: an import of the same
    // photo meanwhile waits, rather than placing files that this removal would then delete.
    const { deleted, reserved } = db
      .transaction(() => {
        const rows = photos.deleteTrashed(photoIds);
        return { deleted: rows, reserved: reservations.reserveForRemoval(leaseId, rows) };
      })
      .immediate();
    try {
      await Promise.all(
        deleted.flatMap(({ files }) => files.map((file) => rm(file, { force: true }))),
      );
    } finally {
      reservations.release(reserved);
    }
    if (deleted.length > 0) changed('trash');
    return deleted.length;
  }

  async function discardUpload(uploadId: string): Promise<void> {
    const upload = uploads.get(uploadId);
    uploads.delete(uploadId);
    if (upload) await rm(upload.path, { force: true });
  }

  return {
    layout,
    handlers,
    repositories: { photos, albums, db },
    writer,
    subscribe(listener) {
      listeners.add(listener);
      watchExternalChanges();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) unwatchExternalChanges();
      };
    },
    importFiles: (inputs, request) => importFiles(inputs, request),
    exportAlbum: (request) => exportAlbum({ layout, photos, albums, writer }, request),
    async resolveMedia(photoId, size) {
      if (!Number.isSafeInteger(photoId) || !DERIVATIVE_SIZE_NAMES.includes(size as DerivativeSize))
        return null;
      const row = photos
        .derivativesOf([photoId])
        .get(photoId)
        ?.find((d) => d.size === size);
      if (!row) return null;
      // Stored paths come from a database file users can edit: the file must stay inside.
      const file = fromStoredPath(layout, row.stored_path);
      if (!file) return null;
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) return null;
      return { path: file, contentType: 'image/webp', bytes: info.size };
    },
    async stageUpload(originalName) {
      // Uploads a browser sent but never imported (a closed tab) go after a while instead of
      // filling the library's disk until the server stops.
      const expired = [...uploads].filter(
        ([, upload]) => !upload.importing && Date.now() - upload.stagedAt > UPLOAD_TTL_MS,
      );
      await Promise.all(expired.map(([uploadId]) => discardUpload(uploadId)));
      const uploadId = randomUUID();
      const dir = path.join(layout.staging, 'uploads');
      await mkdir(dir, { recursive: true });
      // The lease id in the name tells `verify --repair` whether the writer still runs; the
      // original extension tells the scanner a camera RAW from the TIFF it looks like.
      const extension = path.extname(sanitizeFileName(originalName)).toLowerCase();
      const file = path.join(dir, `upload-${writerLease().id}-${uploadId}${extension}`);
      uploads.set(uploadId, {
        path: file,
        originalName: path.basename(originalName) || 'upload',
        stagedAt: Date.now(),
        importing: false,
      });
      return { uploadId, path: file };
    },
    discardUpload,
    resolveExportZip: (exportId) => exports.resolveDownload(exportId),
    async verify(verifyOptions) {
      // A repair leaves what any live process (this one too) has in flight alone: it may run
      // beside imports.
      return verifyLibrary(
        { layout, photos, albums, leases, reservations, db, imaging, lease: writerLease },
        verifyOptions,
      );
    },
    close() {
      // Closing twice (a test's cleanup after its own close) waits for the first close and
      // never touches a closed database.
      closing ??= (async () => {
        unwatchExternalChanges();
        for (const entry of running.values()) entry.controller.abort();
        await Promise.all([...running.values()].map((entry) => entry.done));
        await exports.close();
        await Promise.all([...uploads.keys()].map((uploadId) => discardUpload(uploadId)));
        if (pool) await pool.destroy();
        lease?.close();
        db.close();
      })();
      return closing;
    },
  };
}
