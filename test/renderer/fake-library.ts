/**
 * An in-memory library that implements the whole contract (`ShoeboxApi`) plus its events: the
 * renderer tests' fake client and the screenshot harness's HTTP server both run on it, so the
 * UI is exercised against one typed stand-in that cannot drift from the contract.
 */
import type {
  Album,
  CameraCard,
  FolderEntry,
  EventName,
  EventPayload,
  ImportSource,
  MethodInput,
  MethodOutput,
  Photo,
  ShoeboxApi,
} from '../../common/contract';
import { NO_IMPORT_TOTALS } from '../../common/contract';
import { albumNameKey } from '../../common/album-name-key';
import { ShoeboxError } from '../../common/errors';
import { photoSummary } from '../../common/photo-summary';
import { parseQuery } from '../../common/search/parse-query';
import type { SearchSort } from '../../common/search/query-ast';
import { dayBuckets, facetsOf, matchesQuery } from './fake-search';
import {
  applyChanges,
  keywordTree,
  restoreSnapshot,
  rotate,
  snapshotOf,
} from './fake-descriptions';

/** What a test says about a photo; the rest is made up plausibly. */
export interface PhotoSeed {
  originalName: string;
  takenAt: string;
  width?: number;
  height?: number;
  cameraMake?: string | null;
  cameraModel?: string | null;
  lens?: string | null;
  gps?: { lat: number; lon: number } | null;
  bytes?: number;
  rating?: number;
  flag?: Photo['flag'];
  label?: Photo['label'];
  title?: string | null;
  caption?: string | null;
  keywords?: string[];
  format?: Photo['format'];
  kind?: Photo['kind'];
  durationSeconds?: number | null;
  /** Files beside the original: a RAW's JPEG pair, a Live Photo's motion file, sidecars. */
  companions?: Photo['files'];
  /** A photo left in an added folder (this is its absolute path there), not copied. */
  folderPath?: string;
  status?: Photo['status'];
}

/** One recorded contract call. */
export interface RecordedCall {
  method: keyof ShoeboxApi;
  input: unknown;
}

type Listener = (payload: never) => void;

/** Where a row sits in its listing, as a cursor holds it: its sort key, then its id. */
interface RowKey {
  sortKey: string | number;
  id: number;
}

/** A listing's photos in order, and the key that orders them. */
interface Listing {
  photos: Photo[];
  ascending: boolean;
  keyOf: (photo: Photo) => RowKey;
}

// Keyset cursors, as the core's photo repository makes them: the (sort key, id) of the last row
// of a page, and the next page starts strictly after it. So a photo added or removed before the
// cursor between two pages shifts nothing, as in the real core (an offset would skip or repeat
// a photo). The spelling is the core's, but only this fake reads it: cursors are opaque.
function encodeCursor({ sortKey, id }: RowKey): string {
  return `${typeof sortKey === 'number' ? 'n' : 's'}${sortKey}~${id}`;
}

function decodeCursor(cursor: string): RowKey {
  const separator = cursor.lastIndexOf('~');
  const id = Number(cursor.slice(separator + 1));
  const raw = cursor.slice(1, separator);
  const sortKey = cursor.startsWith('n') ? Number(raw) : raw;
  if (separator < 1 || !Number.isSafeInteger(id) || Number.isNaN(sortKey)) {
    throw new ShoeboxError('INVALID_INPUT', 'That page cursor is not one Shoebox made.');
  }
  return { sortKey, id };
}

/** Orders row keys by sort key, then id. */
function compareKeys(a: RowKey, b: RowKey): number {
  if (a.sortKey !== b.sortKey) return a.sortKey < b.sortKey ? -1 : 1;
  return a.id - b.id;
}

/**
 * The key just before the first photo of `day` in a timeline of `takenAt` keys: a bare day
 * sorts before each of its times, and `day~` after each of them ('~' after every digit and 'T').
 */
function dayStartKey(day: string, ascending: boolean): RowKey {
  return ascending ? { sortKey: day, id: 0 } : { sortKey: `${day}~`, id: 0 };
}

/** Photos named IMG_0001.JPG… taken `perDay` a day going back from `newest`. */
export function samplePhotos(count: number, perDay = 7, newest = '2024-06-30'): PhotoSeed[] {
  const start = new Date(`${newest}T18:00:00Z`).getTime();
  return Array.from({ length: count }, (_, index) => {
    const day = Math.floor(index / perDay);
    const minutes = (index % perDay) * 17;
    const takenAt = new Date(start - day * 86_400_000 - minutes * 60_000).toISOString();
    const portrait = index % 5 === 3;
    return {
      originalName: `IMG_${String(index + 1).padStart(4, '0')}.JPG`,
      takenAt: takenAt.replace('.000Z', ''),
      width: portrait ? 4000 : 6000,
      height: portrait ? 6000 : 4000,
      cameraMake: 'SONY',
      cameraModel: 'ILCE-6000',
      lens: 'E 16-50mm F3.5-5.6 OSS',
      gps: index % 4 === 0 ? { lat: 48.85837, lon: 2.29448 } : null,
      bytes: 5_000_000 + ((index * 7919) % 3_000_000),
    };
  });
}

/** How a fake import treats a file: names containing "broken" fail, "notes" are skipped. */
export function fakeImportOutcome(name: string): 'imported' | 'failed' | 'skipped' {
  if (name.includes('broken')) return 'failed';
  if (name.includes('notes')) return 'skipped';
  return 'imported';
}

/** The in-memory library. */
export class FakeLibrary {
  readonly calls: RecordedCall[] = [];
  /** Set to make imports wait: each file event is sent only when `releaseImport` is called. */
  holdImports = false;
  private photos: Photo[] = [];
  /** Each album and its photos' positions, the sort key of its listing (as in the core). */
  private albums: Array<{ album: Album; positions: Map<number, number> }> = [];
  private listeners = new Map<EventName, Set<Listener>>();
  private nextPhotoId = 1;
  private nextAlbumId = 1;
  private nextExportId = 1;
  /** The ids of imports that have not sent `finished` yet. */
  private runningImports = new Set<string>();
  private heldSteps: Array<() => void> = [];
  private cancelledImports = new Set<string>();
  private uploadNames = new Map<string, string>();
  /** The other processes `getLibraryInfo` reports; a test sets them, then emits 'activity'. */
  otherProcesses: MethodOutput<'getLibraryInfo'>['otherProcesses'] = [];
  /** The disk the library is on, as getLibraryInfo says (a share when a test sets it). */
  storage: MethodOutput<'getLibraryInfo'>['storage'] = {
    network: false,
    fileSystem: 'ext4',
    databaseLocal: false,
  };
  /**
   * The camera cards mounted, as a test sets them (then emits `cardsChanged`); `listCards`
   * counts a shot whose file name a photo of the library has as already imported.
   */
  cards: CameraCard[] = [];
  /** The folders added in place, as a test sets them; `listFolders` answers them. */
  folders: FolderEntry[] = [];
  /**
   * What `addFolder` finds in a folder, by its path: file names, imported in place (their
   * photos' source 'folder') under the call's import id. A path not here holds nothing.
   */
  folderContents: Record<string, string[]> = {};
  /** Set to refuse `addFolder` and `locateFolder` as `shoebox serve` beyond loopback does. */
  refuseFolderPaths = false;
  /** What `rescanFolders` answers. */
  rescanCounts: MethodOutput<'rescanFolders'> = {
    added: 0,
    changed: 0,
    moved: 0,
    missing: 0,
    returned: 0,
  };

  constructor(seeds: PhotoSeed[] = []) {
    for (const seed of seeds) this.addPhoto(seed);
  }

  /** Adds a photo as if imported; returns it. */
  addPhoto(seed: PhotoSeed): Photo {
    const id = this.nextPhotoId++;
    const width = seed.width ?? 6000;
    const height = seed.height ?? 4000;
    const derivative = (longEdge: number) => {
      const scale = Math.min(1, longEdge / Math.max(width, height));
      return {
        path: `/library/derivatives/${id}-${longEdge}.webp`,
        width: Math.round(width * scale),
        height: Math.round(height * scale),
        bytes: longEdge * 100,
      };
    };
    const originalPath = seed.folderPath ?? `/library/originals/${seed.originalName}`;
    const photo: Photo = {
      id,
      originalName: seed.originalName,
      path: originalPath,
      hash: `hash-${id}`,
      bytes: seed.bytes ?? 4_200_000,
      width,
      height,
      format: seed.format ?? 'jpeg',
      kind: seed.kind ?? 'photo',
      files: [
        {
          role: 'original',
          path: originalPath,
          bytes: seed.bytes ?? 4_200_000,
        },
        ...(seed.companions ?? []),
      ],
      source: seed.folderPath ? 'folder' : 'library',
      status: seed.status ?? 'ok',
      durationSeconds: seed.durationSeconds ?? null,
      takenAt: seed.takenAt,
      cameraMake: seed.cameraMake ?? null,
      cameraModel: seed.cameraModel ?? null,
      lens: seed.lens ?? null,
      gps: seed.gps ?? null,
      importedAt: '2024-07-01T10:00:00',
      trashedAt: null,
      rating: seed.rating ?? 0,
      flag: seed.flag ?? null,
      label: seed.label ?? null,
      title: seed.title ?? null,
      caption: seed.caption ?? null,
      keywords: seed.keywords ?? [],
      takenAtOriginal: null,
      rotation: 0,
      derivatives: { thumb: derivative(400), medium: derivative(1280), large: derivative(2048) },
    };
    this.photos.push(photo);
    return photo;
  }

  /** Adds an album holding these photos (a smart one with `query`); returns it. */
  addAlbum(name: string, photoIds: number[] = [], query: string | null = null): Album {
    const album: Album = {
      id: this.nextAlbumId++,
      name,
      photoCount: 0,
      coverPhotoId: null,
      createdAt: '2024-07-01T10:00:00',
      query,
    };
    const entry = { album, positions: new Map<number, number>() };
    this.albums.push(entry);
    this.appendToAlbum(entry, photoIds);
    return this.albumOut(album.id);
  }

  /** The ids of an album's photos, in album order. */
  albumPhotoIds(albumId: number): number[] {
    return this.albumOrder(this.entry(albumId));
  }

  /** Remembers the file name of an upload (for the HTTP harness). */
  registerUpload(name: string): string {
    const uploadId = `upload-${this.uploadNames.size + 1}`;
    this.uploadNames.set(uploadId, name);
    return uploadId;
  }

  /** Sends the next held import step; returns whether there was one. */
  releaseImport(): boolean {
    const step = this.heldSteps.shift();
    step?.();
    return step !== undefined;
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  }

  /** Sends an event to every listener. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) {
      (listener as (payload: EventPayload<E>) => void)(payload);
    }
  }

  /** The contract, recording every call. */
  readonly api: ShoeboxApi = {
    getLibraryInfo: async (input) => {
      this.record('getLibraryInfo', input);
      return {
        path: '/library',
        photoCount: this.live().length,
        albumCount: this.albums.length,
        trashCount: this.photos.length - this.live().length,
        originalsBytes: this.photos.reduce((sum, photo) => sum + photo.bytes, 0),
        derivativesBytes: this.photos.length * 120_000,
        otherProcesses: this.otherProcesses,
        storage: this.storage,
      };
    },
    listAlbums: async (input) => {
      this.record('listAlbums', input);
      return this.albums.map(({ album }) => this.albumOut(album.id));
    },
    findAlbum: async (input) => {
      this.record('findAlbum', input);
      const found = this.albums.find(
        ({ album }) => albumNameKey(album.name) === albumNameKey(input.name),
      );
      return found ? this.albumOut(found.album.id) : null;
    },
    createAlbum: async (input) => {
      this.record('createAlbum', input);
      this.ensureUniqueName(input.name);
      if (input.query !== undefined) parseQuery(input.query);
      return this.addAlbum(input.name.trim(), [], input.query ?? null);
    },
    setAlbumQuery: async (input) => {
      this.record('setAlbumQuery', input);
      const { album } = this.entry(input.albumId);
      if (album.query === null) throw new ShoeboxError('CONFLICT', 'Not a smart album.');
      parseQuery(input.query);
      album.query = input.query;
      return this.albumOut(input.albumId);
    },
    search: async (input) => {
      this.record('search', input);
      const found = this.searchResult(input.query, input.sort ?? 'taken', input.order ?? 'asc');
      // Offsets for cursors: the fake's listing is never edited while a test pages through it.
      const start = input.cursor
        ? Number(input.cursor)
        : input.fromDay === undefined
          ? 0
          : Math.max(
              0,
              found.findIndex((photo) =>
                input.order === 'desc'
                  ? photo.takenAt.slice(0, 10) <= input.fromDay!
                  : photo.takenAt.slice(0, 10) >= input.fromDay!,
              ),
            );
      const page = found.slice(start, start + (input.limit ?? 100));
      const end = start + page.length;
      return {
        photos: page.map(photoSummary),
        nextCursor: end < found.length ? String(end) : null,
        total: input.cursor ? null : found.length,
      };
    },
    searchTimeline: async (input) => {
      this.record('searchTimeline', input);
      return dayBuckets(this.searchResult(input.query, 'taken', input.order ?? 'asc'));
    },
    searchFacets: async (input) => {
      this.record('searchFacets', input);
      return facetsOf(this.searchResult(input.query, 'taken', 'asc'));
    },
    renameAlbum: async (input) => {
      this.record('renameAlbum', input);
      this.ensureUniqueName(input.name, input.albumId);
      this.entry(input.albumId).album.name = input.name.trim();
      return this.albumOut(input.albumId);
    },
    deleteAlbum: async (input) => {
      this.record('deleteAlbum', input);
      this.entry(input.albumId);
      this.albums = this.albums.filter(({ album }) => album.id !== input.albumId);
      return { count: 1 };
    },
    reorderAlbums: async (input) => {
      this.record('reorderAlbums', input);
      this.albums.sort(
        (a, b) => input.albumIds.indexOf(a.album.id) - input.albumIds.indexOf(b.album.id),
      );
      return { count: this.albums.length };
    },
    listPhotos: async (input = {}) => {
      this.record('listPhotos', input);
      const listing = this.listing(input);
      if (
        input.fromDay !== undefined &&
        (input.albumId !== undefined || input.trashed || input.cursor)
      ) {
        throw new ShoeboxError(
          'INVALID_INPUT',
          'fromDay starts a timeline page, without a cursor.',
        );
      }
      const after =
        input.fromDay !== undefined
          ? dayStartKey(input.fromDay, listing.ascending)
          : input.cursor
            ? decodeCursor(input.cursor)
            : null;
      const rest =
        after === null
          ? listing.photos
          : listing.photos.filter((photo) => {
              const order = compareKeys(listing.keyOf(photo), after);
              return listing.ascending ? order > 0 : order < 0;
            });
      const photos = rest.slice(0, input.limit ?? 100);
      const last = photos.at(-1);
      return {
        photos: photos.map(photoSummary),
        // Null once nothing is left, as the contract says. (The core's repository also gives a
        // cursor after a last page that is exactly full; the page after it is empty.)
        nextCursor:
          last !== undefined && rest.length > photos.length
            ? encodeCursor(listing.keyOf(last))
            : null,
        total: input.cursor ? null : listing.photos.length,
      };
    },
    getTimeline: async (input) => {
      this.record('getTimeline', input);
      const days: Array<{ day: string; count: number }> = [];
      for (const photo of this.listing({ order: input?.order ?? 'desc' }).photos) {
        const day = photo.takenAt.slice(0, 10);
        if (days.at(-1)?.day === day) days[days.length - 1].count += 1;
        else days.push({ day, count: 1 });
      }
      return days;
    },
    getPhoto: async (input) => {
      this.record('getPhoto', input);
      const photo = this.photo(input.photoId);
      return {
        ...photo,
        exposure: { exposureTime: 1 / 250, fNumber: 5.6, iso: 100, focalLength: 35 },
        albums: this.albums
          .filter(({ positions }) => positions.has(photo.id))
          .map(({ album }) => ({ id: album.id, name: album.name })),
      };
    },
    addPhotosToAlbum: async (input) => {
      this.record('addPhotosToAlbum', input);
      const addedPhotoIds = this.appendToAlbum(this.entry(input.albumId), input.photoIds);
      return { count: addedPhotoIds.length, addedPhotoIds };
    },
    removePhotosFromAlbum: async (input) => {
      this.record('removePhotosFromAlbum', input);
      const entry = this.entry(input.albumId);
      for (const id of input.photoIds) entry.positions.delete(id);
      return { count: input.photoIds.length };
    },
    movePhotosInAlbum: async (input) => {
      this.record('movePhotosInAlbum', input);
      const entry = this.entry(input.albumId);
      const rest = this.albumOrder(entry).filter((id) => !input.photoIds.includes(id));
      const at = input.beforePhotoId === null ? rest.length : rest.indexOf(input.beforePhotoId);
      rest.splice(at < 0 ? rest.length : at, 0, ...input.photoIds);
      // Numbered afresh from 1, as the core does after a move.
      entry.positions = new Map(rest.map((id, index) => [id, index + 1]));
      return { count: input.photoIds.length };
    },
    trashPhotos: async (input) => {
      this.record('trashPhotos', input);
      for (const id of input.photoIds) this.photo(id).trashedAt = '2024-07-02T09:00:00';
      return { count: input.photoIds.length };
    },
    restorePhotos: async (input) => {
      this.record('restorePhotos', input);
      for (const id of input.photoIds) this.photo(id).trashedAt = null;
      return { count: input.photoIds.length };
    },
    deleteFromTrash: async (input) => {
      this.record('deleteFromTrash', input);
      return { count: this.deleteForever(input.photoIds) };
    },
    emptyTrash: async (input) => {
      this.record('emptyTrash', input);
      const trashed = this.photos.filter((photo) => photo.trashedAt !== null);
      return { count: this.deleteForever(trashed.map((photo) => photo.id)) };
    },
    updatePhotos: async (input) => {
      this.record('updatePhotos', input);
      const photos = input.photoIds.map((id) => this.photo(id));
      const previous = photos.map(snapshotOf);
      for (const photo of photos) applyChanges(photo, input.changes);
      return { count: photos.length, previous };
    },
    restoreDescriptions: async (input) => {
      this.record('restoreDescriptions', input);
      for (const snapshot of input.snapshots)
        restoreSnapshot(this.photo(snapshot.photoId), snapshot);
      return { count: input.snapshots.length };
    },
    rotatePhotos: async (input) => {
      this.record('rotatePhotos', input);
      for (const id of input.photoIds) rotate(this.photo(id), input.direction);
      return { count: input.photoIds.length };
    },
    listKeywords: async (input) => {
      this.record('listKeywords', input);
      return keywordTree(this.live());
    },
    startImport: async (input) => {
      this.record('startImport', input);
      const { importId } = input;
      if (this.runningImports.has(importId)) {
        throw new ShoeboxError('CONFLICT', `An import ${importId} is running already.`);
      }
      this.runningImports.add(importId);
      this.runImport(importId, this.sourceNames(input.source), input.albumId);
      return { importId };
    },
    cancelImport: async (input) => {
      this.record('cancelImport', input);
      this.cancelledImports.add(input.importId);
      return { count: 1 };
    },
    startExport: async (input) => {
      this.record('startExport', input);
      const exportId = `export-${this.nextExportId++}`;
      const total = this.entry(input.albumId).positions.size;
      setTimeout(() => {
        this.emit('exportProgress', {
          type: 'progress',
          exportId,
          done: total,
          total,
          fraction: 1,
        });
        this.emit('exportProgress', {
          type: 'finished',
          exportId,
          cancelled: false,
          location:
            input.destination.kind === 'download'
              ? `/exports/${exportId}.zip`
              : input.destination.path,
          error: null,
          failed: [],
        });
      }, 0);
      return { exportId };
    },
    cancelExport: async (input) => {
      this.record('cancelExport', input);
      return { count: 1 };
    },
    listCards: async (input) => {
      this.record('listCards', input);
      return this.cards.map((card) => this.countCard(card));
    },
    ejectCard: async (input) => {
      this.record('ejectCard', input);
      if (!this.cards.some((card) => card.path === input.path)) {
        throw new ShoeboxError('NOT_FOUND', `No camera card is mounted at ${input.path}.`);
      }
      this.cards = this.cards.filter((card) => card.path !== input.path);
      this.emit('cardsChanged', this.cards);
      return { count: 1 };
    },
    listFolders: async (input) => {
      this.record('listFolders', input);
      return this.folders.map((folder) => ({ ...folder }));
    },
    addFolder: async (input) => {
      this.record('addFolder', input);
      this.refusePathsIfAsked('Adding a folder');
      if (this.folders.some((folder) => folder.path === input.path)) {
        throw new ShoeboxError('CONFLICT', `${input.path} is already added`);
      }
      const folder: FolderEntry = {
        id: Math.max(0, ...this.folders.map((entry) => entry.id)) + 1,
        path: input.path,
        status: 'ok',
        photos: 0,
        missing: 0,
      };
      this.folders.push(folder);
      const names = this.folderContents[input.path] ?? [];
      this.runningImports.add(input.importId);
      this.runImport(
        input.importId,
        names.map((name) => `${input.path}/${name}`),
        undefined,
        () => {
          folder.photos = this.live().filter((photo) =>
            photo.path.startsWith(`${input.path}/`),
          ).length;
        },
        true,
      );
      return { folder: { ...folder }, importId: input.importId };
    },
    rescanFolders: async (input) => {
      this.record('rescanFolders', input);
      return { ...this.rescanCounts };
    },
    locateFolder: async (input) => {
      this.record('locateFolder', input);
      this.refusePathsIfAsked('Locating a folder');
      const folder = this.folders.find((entry) => entry.id === input.folderId);
      if (!folder) throw new ShoeboxError('NOT_FOUND', `No added folder has id ${input.folderId}`);
      folder.path = input.path;
      folder.status = 'ok';
      return { ...folder };
    },
    deleteFromDisk: async (input) => {
      this.record('deleteFromDisk', input);
      const photos = input.photoIds.map((photoId) => this.photos.find((p) => p.id === photoId));
      if (photos.some((photo) => photo?.source !== 'folder')) {
        throw new ShoeboxError('INVALID_INPUT', 'a photo of the library goes through the trash');
      }
      for (const photo of photos) photo!.trashedAt = '2024-07-02T10:00:00';
      return { count: this.deleteForever(input.photoIds) };
    },
    locateFile: async (input) => {
      this.record('locateFile', input);
      this.refusePathsIfAsked('Locating a file');
      const photo = this.photos.find((p) => p.id === input.photoId);
      if (!photo) throw new ShoeboxError('NOT_FOUND', `No photo has id ${input.photoId}`);
      if (photo.source !== 'folder') {
        throw new ShoeboxError('INVALID_INPUT', 'a photo of the library has no file to locate');
      }
      photo.path = input.path;
      photo.files[0] = { ...photo.files[0], path: input.path };
      photo.status = 'ok';
      return { count: 1 };
    },
    removeFolder: async (input) => {
      this.record('removeFolder', input);
      const folder = this.folders.find((entry) => entry.id === input.folderId);
      if (!folder) throw new ShoeboxError('NOT_FOUND', `No added folder has id ${input.folderId}`);
      this.folders = this.folders.filter((entry) => entry !== folder);
      // Its photos leave the library (the files stay where they are).
      const gone = this.photos.filter((photo) => photo.path.startsWith(`${folder.path}/`));
      for (const photo of gone) photo.trashedAt = '2024-07-02T10:00:00';
      this.deleteForever(gone.map((photo) => photo.id));
      return { count: 1 };
    },
    pickImportPaths: async (input) => {
      this.record('pickImportPaths', input);
      return ['/home/me/Pictures/DCIM'];
    },
    pickExportFolder: async (input) => {
      this.record('pickExportFolder', input);
      return '/home/me/Exports';
    },
  };

  /** A card as counted against the library: shots imported since are new no more. */
  private countCard(card: CameraCard): CameraCard {
    const names = new Set(this.photos.map((photo) => photo.originalName));
    const stem = (path: string) => path.replace(/\.[^./]*$/, '');
    const days = card.days.map((day) => {
      const paths = day.paths.filter((path) => !names.has(path.split('/').pop() ?? path));
      const stems = new Set(paths.map(stem));
      const importPaths = day.importPaths.filter((path) => stems.has(stem(path)));
      return { ...day, newFiles: paths.length, paths, importPaths };
    });
    const newFiles = days.reduce((total, day) => total + day.newFiles, 0);
    const bytesPerShot = card.newFiles === 0 ? 0 : card.newBytes / card.newFiles;
    return { ...card, days, newFiles, newBytes: Math.round(newFiles * bytesPerShot) };
  }

  /** Refuses a path as `shoebox serve` does beyond loopback, when the test asked for it. */
  private refusePathsIfAsked(what: string): void {
    if (!this.refuseFolderPaths) return;
    throw new ShoeboxError(
      'FORBIDDEN',
      `${what} on the server is allowed only from this machine (the server listens beyond loopback); upload files and download zips instead.`,
    );
  }

  private record(method: keyof ShoeboxApi, input: unknown): void {
    this.calls.push({ method, input });
  }

  private live(): Photo[] {
    return this.photos.filter((photo) => photo.trashedAt === null);
  }

  private photo(photoId: number): Photo {
    const photo = this.photos.find((candidate) => candidate.id === photoId);
    if (photo === undefined) throw new ShoeboxError('NOT_FOUND', `No photo ${photoId}`);
    return photo;
  }

  private entry(albumId: number) {
    const entry = this.albums.find(({ album }) => album.id === albumId);
    if (entry === undefined) throw new ShoeboxError('NOT_FOUND', `No album ${albumId}`);
    return entry;
  }

  /** An album's photo ids in album order: by position, then id. */
  private albumOrder(entry: { positions: Map<number, number> }): number[] {
    return [...entry.positions].sort(([idA, a], [idB, b]) => a - b || idA - idB).map(([id]) => id);
  }

  /**
   * Puts photos at the end of an album, after its last position as the core does (positions of
   * photos removed since stay unused); photos already there stay put. Returns the ids it added.
   */
  private appendToAlbum(entry: { positions: Map<number, number> }, photoIds: number[]): number[] {
    let position = Math.max(0, ...entry.positions.values());
    const added: number[] = [];
    for (const id of photoIds) {
      if (entry.positions.has(id)) continue;
      entry.positions.set(id, ++position);
      added.push(id);
    }
    return added;
  }

  /** The live photos a query finds, in a sort and order. */
  private searchResult(query: string, sort: SearchSort, order: 'asc' | 'desc'): Photo[] {
    const tree = parseQuery(query);
    const albumNamed = (name: string) => {
      const entry = this.albums.find(
        ({ album }) => albumNameKey(album.name) === albumNameKey(name),
      );
      if (entry === undefined) return undefined;
      const ids =
        entry.album.query === null
          ? this.albumOrder(entry)
          : this.searchResult(entry.album.query, 'taken', 'asc').map((photo) => photo.id);
      return { album: entry.album, photoIds: new Set(ids) };
    };
    const keyOf = {
      taken: (photo: Photo) => photo.takenAt,
      added: (photo: Photo) => photo.importedAt,
      name: (photo: Photo) => photo.originalName.toLowerCase(),
      rating: (photo: Photo) => `${photo.rating}${photo.takenAt}`,
    }[sort];
    const found = this.live()
      .filter((photo) => matchesQuery(photo, tree, albumNamed))
      .sort((a, b) =>
        compareKeys({ sortKey: keyOf(a), id: a.id }, { sortKey: keyOf(b), id: b.id }),
      );
    return order === 'asc' ? found : found.reverse();
  }

  private albumOut(albumId: number): Album {
    const entry = this.entry(albumId);
    if (entry.album.query !== null) {
      const found = this.searchResult(entry.album.query, 'taken', 'desc');
      return { ...entry.album, photoCount: found.length, coverPhotoId: found[0]?.id ?? null };
    }
    const live = this.albumOrder(entry).filter((id) => this.photo(id).trashedAt === null);
    const { album } = entry;
    return { ...album, photoCount: live.length, coverPhotoId: live[0] ?? null };
  }

  private ensureUniqueName(name: string, exceptId?: number): void {
    const taken = this.albums.some(
      ({ album }) =>
        album.id !== exceptId && album.name.toLowerCase() === name.trim().toLowerCase(),
    );
    if (taken) throw new ShoeboxError('CONFLICT', `An album named “${name.trim()}” already exists`);
  }

  /** Removes trashed photos (and their album links) for good; returns how many. */
  private deleteForever(photoIds: number[]): number {
    const doomed = new Set(
      this.photos.filter((p) => p.trashedAt !== null && photoIds.includes(p.id)).map((p) => p.id),
    );
    this.photos = this.photos.filter((photo) => !doomed.has(photo.id));
    for (const { positions } of this.albums) for (const id of doomed) positions.delete(id);
    return doomed.size;
  }

  /**
   * The photos a listPhotos input lists, in order: an album's by position (whatever `order`
   * says), else by capture time and id, newest first unless `order` is 'asc'.
   */
  private listing(input: MethodInput<'listPhotos'>): Listing {
    const smart = input.albumId === undefined ? null : this.entry(input.albumId).album.query;
    if (smart !== null) {
      const ascending = input.order === 'asc';
      return {
        photos: this.searchResult(smart, 'taken', ascending ? 'asc' : 'desc'),
        ascending,
        keyOf: (photo) => ({ sortKey: photo.takenAt, id: photo.id }),
      };
    }
    if (input.albumId !== undefined) {
      const entry = this.entry(input.albumId);
      return {
        photos: this.albumOrder(entry)
          .map((id) => this.photo(id))
          .filter((photo) => photo.trashedAt === null),
        ascending: true,
        keyOf: (photo) => ({ sortKey: entry.positions.get(photo.id) ?? 0, id: photo.id }),
      };
    }
    const pool = input.trashed
      ? this.photos.filter((photo) => photo.trashedAt !== null)
      : this.live();
    const ascending = input.order === 'asc';
    const keyOf = (photo: Photo): RowKey => ({ sortKey: photo.takenAt, id: photo.id });
    const sorted = [...pool].sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
    return { photos: ascending ? sorted : sorted.reverse(), ascending, keyOf };
  }

  private sourceNames(source: ImportSource): string[] {
    if (source.kind === 'paths') return source.paths;
    return source.uploadIds.map((id) => this.uploadNames.get(id) ?? id);
  }

  /** Plays an import as events, one file at a time (held until released if asked). */
  private runImport(
    importId: string,
    paths: string[],
    albumId: number | undefined,
    beforeFinished: () => void = () => {},
    inPlace = false,
  ): void {
    const totals = {
      ...NO_IMPORT_TOTALS,
      files: paths.length,
      bytes: paths.length * 5_000_000,
    };
    const steps: Array<() => void> = [
      () =>
        this.emit('importProgress', {
          type: 'queued',
          importId,
          files: paths.map((path) => ({ path, bytes: 5_000_000 })),
          totals: { ...totals },
        }),
    ];
    paths.forEach((path, index) =>
      steps.push(() => {
        if (this.cancelledImports.has(importId)) return;
        const name = path.split('/').pop() ?? path;
        totals.processed += 1;
        totals.processedBytes += 5_000_000;
        const kind = fakeImportOutcome(name);
        if (kind === 'failed') {
          totals.failed += 1;
          this.emit('importProgress', {
            type: 'file',
            importId,
            outcome: { status: 'failed', path, error: 'Not an image: the file is damaged' },
            totals: { ...totals },
          });
          return;
        }
        if (kind === 'skipped') {
          totals.skipped += 1;
          this.emit('importProgress', {
            type: 'file',
            importId,
            outcome: { status: 'skipped', path, reason: 'Not a photo (text file)' },
            totals: { ...totals },
          });
          return;
        }
        const photo = this.addPhoto({
          originalName: name,
          takenAt: `2024-07-0${1 + (index % 3)}T12:00:0${index % 10}`,
          folderPath: inPlace ? path : undefined,
        });
        if (albumId !== undefined) this.appendToAlbum(this.entry(albumId), [photo.id]);
        totals.imported += 1;
        this.emit('importProgress', {
          type: 'file',
          importId,
          outcome: { status: 'imported', path, photo: photoSummary(photo) },
          totals: { ...totals },
        });
      }),
    );
    steps.push(() => {
      beforeFinished();
      this.runningImports.delete(importId);
      this.emit('importProgress', {
        type: 'finished',
        importId,
        totals: { ...totals },
        cancelled: this.cancelledImports.has(importId),
        error: null,
      });
    });
    if (this.holdImports) {
      this.heldSteps.push(...steps);
      return;
    }
    let next = 0;
    const tick = () => {
      steps[next++]();
      if (next < steps.length) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
  }
}
