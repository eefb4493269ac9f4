/**
 * An in-memory library that implements the whole contract (`ShoeboxApi`) plus its events: the
 * renderer tests' fake client and the screenshot harness's HTTP server both run on it, so the
 * UI is exercised against one typed stand-in that cannot drift from the contract.
 */
import type {
  Album,
  EventName,
  EventPayload,
  ImportSource,
  MethodInput,
  MethodOutput,
  Photo,
  ShoeboxApi,
} from '../../common/contract';
import { ShoeboxError } from '../../common/errors';

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
}

/** One recorded contract call. */
export interface RecordedCall {
  method: keyof ShoeboxApi;
  input: unknown;
}

type Listener = (payload: never) => void;

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
  private albums: Array<{ album: Album; photoIds: number[] }> = [];
  private listeners = new Map<EventName, Set<Listener>>();
  private nextPhotoId = 1;
  private nextAlbumId = 1;
  private nextImportId = 1;
  private heldSteps: Array<() => void> = [];
  private cancelledImports = new Set<string>();
  private uploadNames = new Map<string, string>();
  /** The other processes `getLibraryInfo` reports; a test sets them, then emits 'activity'. */
  otherProcesses: MethodOutput<'getLibraryInfo'>['otherProcesses'] = [];

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
    const photo: Photo = {
      id,
      originalName: seed.originalName,
      path: `/library/originals/${seed.originalName}`,
      hash: `hash-${id}`,
      bytes: seed.bytes ?? 4_200_000,
      width,
      height,
      format: 'jpeg',
      takenAt: seed.takenAt,
      cameraMake: seed.cameraMake ?? null,
      cameraModel: seed.cameraModel ?? null,
      lens: seed.lens ?? null,
      gps: seed.gps ?? null,
      importedAt: '2024-07-01T10:00:00',
      trashedAt: null,
      derivatives: { thumb: derivative(400), medium: derivative(1280), large: derivative(2048) },
    };
    this.photos.push(photo);
    return photo;
  }

  /** Adds an album holding these photos; returns it. */
  addAlbum(name: string, photoIds: number[] = []): Album {
    const album: Album = {
      id: this.nextAlbumId++,
      name,
      photoCount: 0,
      coverPhotoId: null,
      createdAt: '2024-07-01T10:00:00',
    };
    this.albums.push({ album, photoIds: [...photoIds] });
    return this.albumOut(album.id);
  }

  /** The ids of an album's photos, in album order. */
  albumPhotoIds(albumId: number): number[] {
    return [...this.entry(albumId).photoIds];
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
      };
    },
    listAlbums: async (input) => {
      this.record('listAlbums', input);
      return this.albums.map(({ album }) => this.albumOut(album.id));
    },
    createAlbum: async (input) => {
      this.record('createAlbum', input);
      this.ensureUniqueName(input.name);
      return this.addAlbum(input.name.trim());
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
      const all = this.listing(input);
      if (input.fromDay !== undefined && (input.albumId !== undefined || input.trashed)) {
        throw new ShoeboxError('INVALID_INPUT', 'fromDay starts a timeline page');
      }
      const offset =
        input.fromDay !== undefined ? this.dayOffset(all, input) : Number(input.cursor ?? 0);
      const limit = input.limit ?? 100;
      const photos = all.slice(offset, offset + limit);
      const end = offset + photos.length;
      return {
        photos,
        nextCursor: end < all.length ? String(end) : null,
        total: input.cursor ? null : all.length,
      };
    },
    getTimeline: async (input) => {
      this.record('getTimeline', input);
      const days: Array<{ day: string; count: number }> = [];
      for (const photo of this.listing({ order: input?.order ?? 'desc' })) {
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
          .filter(({ photoIds }) => photoIds.includes(photo.id))
          .map(({ album }) => ({ id: album.id, name: album.name })),
      };
    },
    addPhotosToAlbum: async (input) => {
      this.record('addPhotosToAlbum', input);
      const entry = this.entry(input.albumId);
      const added = input.photoIds.filter((id) => !entry.photoIds.includes(id));
      entry.photoIds.push(...added);
      return { count: added.length };
    },
    removePhotosFromAlbum: async (input) => {
      this.record('removePhotosFromAlbum', input);
      const entry = this.entry(input.albumId);
      entry.photoIds = entry.photoIds.filter((id) => !input.photoIds.includes(id));
      return { count: input.photoIds.length };
    },
    movePhotosInAlbum: async (input) => {
      this.record('movePhotosInAlbum', input);
      const entry = this.entry(input.albumId);
      const rest = entry.photoIds.filter((id) => !input.photoIds.includes(id));
      const at = input.beforePhotoId === null ? rest.length : rest.indexOf(input.beforePhotoId);
      rest.splice(at < 0 ? rest.length : at, 0, ...input.photoIds);
      entry.photoIds = rest;
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
    startImport: async (input) => {
      this.record('startImport', input);
      const importId = `import-${this.nextImportId++}`;
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
      const exportId = `export-${this.nextImportId++}`;
      const total = this.entry(input.albumId).photoIds.length;
      setTimeout(() => {
        this.emit('exportProgress', { type: 'progress', exportId, done: total, total });
        this.emit('exportProgress', {
          type: 'finished',
          exportId,
          cancelled: false,
          location:
            input.destination.kind === 'download'
              ? `/exports/${exportId}.zip`
              : input.destination.path,
          error: null,
        });
      }, 0);
      return { exportId };
    },
    cancelExport: async (input) => {
      this.record('cancelExport', input);
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

  private albumOut(albumId: number): Album {
    const { album, photoIds } = this.entry(albumId);
    const live = photoIds.filter((id) => this.photo(id).trashedAt === null);
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
    for (const entry of this.albums)
      entry.photoIds = entry.photoIds.filter((id) => !doomed.has(id));
    return doomed.size;
  }

  /** Where the page from `fromDay` starts: that day's first photo, or where it would be. */
  private dayOffset(listing: Photo[], input: MethodInput<'listPhotos'>): number {
    const day = input.fromDay ?? '';
    const at = listing.findIndex((photo) =>
      input.order === 'asc' ? photo.takenAt.slice(0, 10) >= day : photo.takenAt.slice(0, 10) <= day,
    );
    return at < 0 ? listing.length : at;
  }

  private listing(input: MethodInput<'listPhotos'>): Photo[] {
    if (input.albumId !== undefined) {
      return this.entry(input.albumId)
        .photoIds.map((id) => this.photo(id))
        .filter((photo) => photo.trashedAt === null);
    }
    const pool = input.trashed
      ? this.photos.filter((photo) => photo.trashedAt !== null)
      : this.live();
    const sorted = [...pool].sort((a, b) =>
      a.takenAt === b.takenAt ? b.id - a.id : a.takenAt < b.takenAt ? 1 : -1,
    );
    return input.order === 'asc' ? sorted.reverse() : sorted;
  }

  private sourceNames(source: ImportSource): string[] {
    if (source.kind === 'paths') return source.paths;
    return source.uploadIds.map((id) => this.uploadNames.get(id) ?? id);
  }

  /** Plays an import as events, one file at a time (held until released if asked). */
  private runImport(importId: string, paths: string[], albumId: number | undefined): void {
    const totals = {
      files: paths.length,
      bytes: paths.length * 5_000_000,
      processed: 0,
      processedBytes: 0,
      imported: 0,
      duplicates: 0,
      skipped: 0,
      failed: 0,
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
        });
        if (albumId !== undefined) this.entry(albumId).photoIds.push(photo.id);
        totals.imported += 1;
        this.emit('importProgress', {
          type: 'file',
          importId,
          outcome: { status: 'imported', path, photo },
          totals: { ...totals },
        });
      }),
    );
    steps.push(() =>
      this.emit('importProgress', {
        type: 'finished',
        importId,
        totals: { ...totals },
        cancelled: this.cancelledImports.has(importId),
        error: null,
      }),
    );
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
