/**
 * The contract methods over the library's own records: its counts, albums, photo listings and
 * the trash. Each change is announced with a `libraryChanged` reason.
 */
import { rmSync } from 'node:fs';
import type {
  LibraryChangeReason,
  ParsedInput,
  Photo,
  PhotoPage,
  ShoeboxHandlers,
} from '../../../common/contract';
import { ShoeboxError } from '../../../common/errors';
import { photoSummary } from '../../../common/photo-summary';
import type { AlbumRepository } from './album-repository';
import type { LibraryDatabase } from './database';
import type { LeaseRepository } from './lease-repository';
import type { LibraryStorage } from './library-storage';
import type { LibraryLayout } from './library-paths';
import type { PhotoListing, PhotoRepository } from './photo-repository';
import type { ReservationRepository } from './reservation-repository';
import type { SearchService } from '../search/search-service';

/** The library methods of the contract. */
export type LibraryHandlers = Pick<
  ShoeboxHandlers,
  | 'getLibraryInfo'
  | 'listAlbums'
  | 'findAlbum'
  | 'createAlbum'
  | 'renameAlbum'
  | 'deleteAlbum'
  | 'reorderAlbums'
  | 'listPhotos'
  | 'getTimeline'
  | 'getPhoto'
  | 'addPhotosToAlbum'
  | 'removePhotosFromAlbum'
  | 'movePhotosInAlbum'
  | 'trashPhotos'
  | 'restorePhotos'
  | 'deleteFromTrash'
  | 'emptyTrash'
>;

/** What the library methods work with. */
export interface LibraryHandlerDependencies {
  layout: LibraryLayout;
  db: LibraryDatabase;
  photos: PhotoRepository;
  albums: AlbumRepository;
  leases: LeaseRepository;
  reservations: ReservationRepository;
  /** Searches: smart albums list, count and check their queries through it. */
  search: SearchService;
  /** This process's lease id, opened on first use (deleting files for good needs one). */
  leaseId: () => string;
  /** This process's lease id if it has one yet (its own lease is not "another process"). */
  ownLeaseId: () => string | null;
  /** Announces a change this process made, with its `libraryChanged` reason. */
  changed: (reason: Extract<LibraryChangeReason, 'albums' | 'trash'>) => void;
  /** The disk the library is on (asked of the OS once). */
  storage: () => Promise<LibraryStorage>;
}

// Pages larger than this make one IPC message or HTTP answer large enough to stall the UI.
const DEFAULT_PAGE_SIZE = 200;

// Photos whose files are removed between two turns of the event loop when deleting for good.
const REMOVAL_BATCH = 50;

/** A `listPhotos` page with each photo's full record (paths, hash) instead of its summary. */
export type PhotoRecordPage = Omit<PhotoPage, 'photos'> & { photos: Photo[] };

/** The listing a `listPhotos` input names; NOT_FOUND for an unknown album. */
function listingOf(
  albums: AlbumRepository,
  input: { albumId?: number; trashed?: boolean; order?: 'asc' | 'desc' },
): PhotoListing {
  const order = input.order ?? 'asc';
  if (input.trashed) return { kind: 'trash', order };
  if (input.albumId !== undefined) {
    albums.get(input.albumId);
    return { kind: 'album', albumId: input.albumId, order };
  }
  return { kind: 'timeline', order };
}

/**
 * A page of `listPhotos` with full `Photo` records: what `listPhotos` summarises, and what the
 * CLI's `shoebox photos --json` prints. Not part of the contract: paths and hashes stay off
 * the listings the UI pages through.
 */
export function listPhotoRecords(
  { photos, albums, search }: Pick<LibraryHandlerDependencies, 'photos' | 'albums' | 'search'>,
  input: ParsedInput<'listPhotos'>,
): PhotoRecordPage {
  const listing = listingOf(albums, input);
  if (listing.kind === 'album') {
    // A smart album lists what its search finds now, newest or oldest first like the timeline.
    const { query } = albums.get(listing.albumId);
    if (query !== null) {
      return search.page({
        ...input,
        query,
        sort: 'taken',
        limit: input.limit ?? DEFAULT_PAGE_SIZE,
      });
    }
  }
  if (input.fromDay !== undefined && (listing.kind !== 'timeline' || input.cursor)) {
    throw new ShoeboxError('INVALID_INPUT', 'fromDay starts a timeline page, without a cursor.');
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
}

/** Creates the library methods of one core. */
export function createLibraryHandlers(deps: LibraryHandlerDependencies): LibraryHandlers {
  const { photos, albums, changed } = deps;
  const now = (): string => new Date().toISOString();

  /**
   * Rows first, then files: a crash in between leaves files that `verify --repair` records
   * again, so a photo is never half deleted into one that has a row but no original.
   */
  async function deleteForever(photoIds: number[]): Promise<number> {
    const leaseId = deps.leaseId();
    // The names and contents stay reserved until the files are gone: an import of the same
    // photo meanwhile waits, rather than placing files that this removal would then delete.
    const { deleted, reserved } = deps.db
      .transaction(() => {
        const rows = photos.deleteTrashed(photoIds);
        return { deleted: rows, reserved: deps.reservations.reserveForRemoval(leaseId, rows) };
      })
      .immediate();
    // Each photo's files go in one transaction with the check that its reservation is still
    // ours: if another process took this one for dead meanwhile, it may have placed or recorded
    // files at those names, and they stay (a stray for repair, at worst).
    for (let start = 0; start < deleted.length; start += REMOVAL_BATCH) {
      deleted.slice(start, start + REMOVAL_BATCH).forEach(({ files }, offset) => {
        deps.reservations.fenced(reserved[start + offset]!, leaseId, () => {
          for (const file of files) rmSync(file, { force: true });
        });
      });
      // Give the event loop a turn between batches: emptying a large trash keeps the app alive.
      await new Promise((resolve) => setImmediate(resolve));
    }
    deps.reservations.release(reserved, leaseId);
    if (deleted.length > 0) changed('trash');
    return deleted.length;
  }

  return {
    async getLibraryInfo() {
      const bytes = photos.storageBytes();
      return {
        path: deps.layout.root,
        photoCount: photos.count({ kind: 'timeline', order: 'asc' }),
        albumCount: albums.list().length,
        trashCount: photos.count({ kind: 'trash', order: 'asc' }),
        originalsBytes: bytes.originals,
        derivativesBytes: bytes.derivatives,
        otherProcesses: deps.leases
          .others(deps.ownLeaseId())
          .map(({ program, pid, host, activity, startedAt }) => ({
            program,
            pid,
            host,
            activity,
            startedAt,
          })),
        storage: await deps.storage(),
      };
    },
    async listAlbums() {
      return albums.list().map((album) => deps.search.present(album));
    },
    async findAlbum({ name }) {
      const album = albums.findByName(name);
      return album ? deps.search.present(album) : null;
    },
    async createAlbum({ name, query }) {
      // A smart album's query must parse now: a typo is an error, not an empty album.
      if (query !== undefined) deps.search.compile(query);
      const album = albums.create(name, now(), query ?? null);
      changed('albums');
      return deps.search.present(album);
    },
    async renameAlbum({ albumId, name }) {
      const album = albums.rename(albumId, name);
      changed('albums');
      return deps.search.present(album);
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
      const page = listPhotoRecords(deps, input);
      return { ...page, photos: page.photos.map(photoSummary) };
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
      albums.assertManual(albumId);
      const addedPhotoIds = albums.addPhotos(albumId, photoIds, now());
      changed('albums');
      return { count: addedPhotoIds.length, addedPhotoIds };
    },
    async removePhotosFromAlbum({ albumId, photoIds }) {
      albums.assertManual(albumId);
      const count = albums.removePhotos(albumId, photoIds);
      changed('albums');
      return { count };
    },
    async movePhotosInAlbum({ albumId, photoIds, beforePhotoId }) {
      albums.assertManual(albumId);
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
  };
}
