/**
 * The contract's behaviour, end to end, through any transport: the same suite runs over
 * `shoebox serve`'s HTTP and over the Electron preload, each against a real core on a
 * temporary library. It knows only the ShoeboxApi interface and an event subscription.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type {
  EventEnvelope,
  ImportProgress,
  PhotoSummary,
  ShoeboxApi,
} from '../../common/contract';
import type { ErrorCode } from '../../common/errors';

/** One event as a transport delivers it. */
export type ContractEvent = EventEnvelope;

/** What a transport gives the suite: the contract, its events, and the library it runs on. */
export interface ContractClient {
  api: ShoeboxApi;
  /** Calls `listener` for every event; returns the function that unsubscribes it. */
  events: (listener: (event: ContractEvent) => void) => () => void;
  /** Closes the transport and its core. */
  close(): Promise<void>;
  /** The library folder the core was opened on. */
  libraryRoot: string;
}

// Three photos taken a day apart (EXIF capture times), in the order the timeline shows them.
const PHOTOS = [
  { name: 'IMG_0001.JPG', taken: '2021:05:01 10:00:00', size: [64, 48], colour: [200, 30, 30] },
  { name: 'IMG_0002.JPG', taken: '2021:05:02 10:00:00', size: [48, 64], colour: [30, 200, 30] },
  { name: 'IMG_0003.JPG', taken: '2021:05:03 10:00:00', size: [80, 60], colour: [30, 30, 200] },
] as const;

// What a listed photo holds: neither `path`, `hash` nor `derivatives` (their paths) among them.
const SUMMARY_KEYS = [
  'bytes',
  'cameraMake',
  'cameraModel',
  'durationSeconds',
  'flag',
  'format',
  'gps',
  'height',
  'id',
  'kind',
  'label',
  'large',
  'lens',
  'live',
  'mediaVersion',
  'originalName',
  'pair',
  'rating',
  'rotation',
  'source',
  'status',
  'takenAt',
  'width',
];

// Imports run real imaging on two shared cores: generous, and never a timing assertion.
const IMPORT_TIMEOUT_MS = 60_000;

/** Defines the contract suite against the transport `makeClient` opens. */
export function describeContract(name: string, makeClient: () => Promise<ContractClient>): void {
  describe(`contract over ${name}`, () => {
    let client: ContractClient;
    let api: ShoeboxApi;
    let sourceDir: string;
    const received: ContractEvent[] = [];
    let stopListening: (() => void) | undefined;
    let firstImport: Promise<{ importId: string; ids: number[] }> | undefined;

    beforeAll(async () => {
      sourceDir = await mkdtemp(path.join(tmpdir(), 'shoebox-contract-source-'));
      const cardDir = path.join(sourceDir, 'DCIM', '100TEST');
      await mkdir(cardDir, { recursive: true });
      await Promise.all([
        ...PHOTOS.map(async (photo) =>
          writeFile(path.join(cardDir, photo.name), await jpeg(photo)),
        ),
        writeFile(path.join(cardDir, 'notes.txt'), 'not a photo\n'),
      ]);
      client = await makeClient();
      api = client.api;
      stopListening = client.events((event) => received.push(event));
    });

    afterAll(async () => {
      stopListening?.();
      await client?.close();
      await rm(sourceDir, { recursive: true, force: true });
    });

    /** The first event received (before or after the call) that fits `predicate`. */
    function eventWhere<T extends ContractEvent>(
      predicate: (event: ContractEvent) => event is T,
    ): Promise<T> {
      return vi.waitFor(
        () => {
          const found = received.find(predicate);
          if (!found) throw new Error('no such event yet');
          return found;
        },
        { timeout: IMPORT_TIMEOUT_MS, interval: 20 },
      );
    }

    function finished(importId: string) {
      return eventWhere(
        (
          event,
        ): event is { event: 'importProgress'; payload: ImportProgress & { type: 'finished' } } =>
          event.event === 'importProgress' &&
          event.payload.type === 'finished' &&
          event.payload.importId === importId,
      );
    }

    function progressOf(importId: string): ImportProgress[] {
      return received
        .filter((event) => event.event === 'importProgress')
        .map((event) => event.payload as ImportProgress)
        .filter((payload) => payload.importId === importId);
    }

    /**
     * Expects listed photos to be summaries: no file path (of the server, under `shoebox serve`)
     * nor hash anywhere in them, only what a tile and the viewer's first paint read.
     */
    function expectSummaries(photos: PhotoSummary[]): void {
      expect(photos.length).toBeGreaterThan(0);
      for (const photo of photos) {
        expect(Object.keys(photo).sort()).toEqual(SUMMARY_KEYS);
        expect(JSON.stringify(photo)).not.toContain(path.resolve(client.libraryRoot));
      }
    }

    /** Imports the card once (whichever test comes first): its id and the photo ids in order. */
    function importCard(): Promise<{ importId: string; ids: number[] }> {
      firstImport ??= (async () => {
        const { importId } = await api.startImport({
          importId: randomUUID(),
          source: { kind: 'paths', paths: [path.join(sourceDir, 'DCIM')] },
        });
        await finished(importId);
        const page = await api.listPhotos({ order: 'asc' });
        return { importId, ids: page.photos.map((photo) => photo.id) };
      })();
      return firstImport;
    }

    async function importedPhotoIds(): Promise<number[]> {
      return (await importCard()).ids;
    }

    it('describes an empty library', async () => {
      const info = await api.getLibraryInfo();
      expect(info).toMatchObject({
        path: path.resolve(client.libraryRoot),
        photoCount: 0,
        albumCount: 0,
        trashCount: 0,
        // The tests' libraries are in the system's temporary folder, a local disk.
        storage: { network: false, fileSystem: expect.any(String) },
      });
      expect(await api.listAlbums()).toEqual([]);
    });

    it('creates, renames, reorders and deletes albums, with name conflicts as CONFLICT', async () => {
      const holidays = await api.createAlbum({ name: 'Holidays' });
      const family = await api.createAlbum({ name: '  Family  ' });
      expect(family.name).toBe('Family');
      expect(holidays).toMatchObject({ name: 'Holidays', photoCount: 0, coverPhotoId: null });
      await expectError(api.createAlbum({ name: 'HOLIDAYS' }), 'CONFLICT');
      expect(await api.findAlbum({ name: 'hOLIDAYS' })).toMatchObject({ id: holidays.id });
      expect(await api.findAlbum({ name: 'Nowhere' })).toBeNull();
      await expectError(api.createAlbum({ name: '   ' }), 'INVALID_INPUT');

      const renamed = await api.renameAlbum({ albumId: family.id, name: 'Family 2021' });
      expect(renamed).toMatchObject({ id: family.id, name: 'Family 2021' });
      await expectError(api.renameAlbum({ albumId: family.id, name: 'holidays' }), 'CONFLICT');
      await expectError(api.renameAlbum({ albumId: 999_999, name: 'Nowhere' }), 'NOT_FOUND');

      await api.reorderAlbums({ albumIds: [family.id, holidays.id] });
      expect((await api.listAlbums()).map((album) => album.name)).toEqual([
        'Family 2021',
        'Holidays',
      ]);
      await expectError(api.reorderAlbums({ albumIds: [family.id] }), 'INVALID_INPUT');

      expect(await api.deleteAlbum({ albumId: family.id })).toEqual({ count: 1 });
      await expectError(api.deleteAlbum({ albumId: family.id }), 'NOT_FOUND');
      expect((await api.listAlbums()).map((album) => album.id)).toEqual([holidays.id]);
      await api.deleteAlbum({ albumId: holidays.id });

      const reasons = received.flatMap((event) =>
        event.event === 'libraryChanged' ? [event.payload.reason] : [],
      );
      expect(reasons.length).toBeGreaterThan(0);
      // This process's own album edits say so, whichever transport carried them.
      expect(new Set(reasons)).toEqual(new Set(['albums']));
    });

    it('imports files by path, with progress events through the transport', async () => {
      const { importId, ids } = await importCard();
      expect(ids).toHaveLength(3);
      const progress = progressOf(importId);
      expect(progress[0]).toMatchObject({ type: 'queued', totals: { files: 4 } });
      const outcomes = progress.flatMap((event) => (event.type === 'file' ? [event.outcome] : []));
      const imported = outcomes.filter((outcome) => outcome.status === 'imported');
      expect(imported).toHaveLength(3);
      // Events go to every window and browser: no library path or hash rides along.
      for (const outcome of imported) {
        expect(Object.keys(outcome.photo)).not.toContain('path');
        expect(Object.keys(outcome.photo)).not.toContain('hash');
      }
      expect(outcomes.filter((outcome) => outcome.status === 'skipped')).toHaveLength(1);
      expect(progress.at(-1)).toMatchObject({
        type: 'finished',
        cancelled: false,
        error: null,
        totals: { files: 4, processed: 4, imported: 3, skipped: 1, duplicates: 0, failed: 0 },
      });
      expect(await api.getLibraryInfo()).toMatchObject({ photoCount: 3, trashCount: 0 });
    });

    it('lists photos by capture time in keyset pages', async () => {
      const ids = await importedPhotoIds();
      const all = await api.listPhotos({});
      expect(all.total).toBe(3);
      expectSummaries(all.photos);
      expect(all.nextCursor).toBeNull();
      expect(all.photos.map((photo) => photo.originalName)).toEqual(PHOTOS.map((p) => p.name));
      const descending = await api.listPhotos({ order: 'desc' });
      expect(descending.photos.map((photo) => photo.id)).toEqual([...ids].reverse());

      const paged: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await api.listPhotos({ limit: 1, cursor });
        expect(page.total).toBe(pages === 0 ? 3 : null);
        paged.push(...page.photos.map((photo) => photo.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== null && pages < 10);
      expect(paged).toEqual(ids);

      const days = await api.getTimeline({});
      expect(days.map((day) => day.count)).toEqual([1, 1, 1]);
      await expectError(api.listPhotos({ limit: 0 }), 'INVALID_INPUT');
    });

    it('answers one photo with its details, NOT_FOUND for an unknown id', async () => {
      const [first] = await importedPhotoIds();
      const photo = await api.getPhoto({ photoId: first! });
      expect(photo).toMatchObject({
        id: first,
        originalName: 'IMG_0001.JPG',
        format: 'jpeg',
        width: 64,
        height: 48,
        cameraMake: 'Shoebox',
        trashedAt: null,
        albums: [],
      });
      expect(photo.takenAt.startsWith('2021-05-01')).toBe(true);
      expect(photo.derivatives.thumb).toMatchObject({ width: 64, height: 48 });
      // The details keep what listings leave out: where the files are, and the content's hash.
      expect(photo.path.startsWith(path.resolve(client.libraryRoot))).toBe(true);
      expect(photo.hash).toMatch(/^[0-9a-f]{64}$/);
      await expectError(api.getPhoto({ photoId: 999_999 }), 'NOT_FOUND');
      await expectError(api.getPhoto({ photoId: 0 }), 'INVALID_INPUT');
      await expectError(
        api.getPhoto({ photoId: 'one' } as unknown as { photoId: number }),
        'INVALID_INPUT',
      );
    });

    it('adds, moves and removes photos in an album', async () => {
      const [a, b, c] = (await importedPhotoIds()) as [number, number, number];
      const trip = await api.createAlbum({ name: 'Trip' });
      const albumOrder = async () =>
        (await api.listPhotos({ albumId: trip.id })).photos.map((photo) => photo.id);

      expect(await api.addPhotosToAlbum({ albumId: trip.id, photoIds: [c, a, b] })).toEqual({
        count: 3,
        addedPhotoIds: [c, a, b],
      });
      expect(await albumOrder()).toEqual([c, a, b]);
      expectSummaries((await api.listPhotos({ albumId: trip.id })).photos);
      expect(await api.addPhotosToAlbum({ albumId: trip.id, photoIds: [a] })).toEqual({
        count: 0,
        addedPhotoIds: [],
      });

      await api.movePhotosInAlbum({ albumId: trip.id, photoIds: [b], beforePhotoId: c });
      expect(await albumOrder()).toEqual([b, c, a]);
      await api.movePhotosInAlbum({ albumId: trip.id, photoIds: [b], beforePhotoId: null });
      expect(await albumOrder()).toEqual([c, a, b]);

      expect(await api.removePhotosFromAlbum({ albumId: trip.id, photoIds: [a] })).toEqual({
        count: 1,
      });
      expect(await albumOrder()).toEqual([c, b]);
      const [listed] = await api.listAlbums();
      expect(listed).toMatchObject({ id: trip.id, photoCount: 2 });
      expect((await api.getPhoto({ photoId: c })).albums).toEqual([{ id: trip.id, name: 'Trip' }]);
      await expectError(api.listPhotos({ albumId: 999_999 }), 'NOT_FOUND');
      await expectError(api.addPhotosToAlbum({ albumId: trip.id, photoIds: [] }), 'INVALID_INPUT');
    });

    it('moves photos to the trash and back', async () => {
      const [a] = await importedPhotoIds();
      expect(await api.trashPhotos({ photoIds: [a!] })).toEqual({ count: 1 });
      expect((await api.listPhotos({})).photos.map((photo) => photo.id)).not.toContain(a);
      const trash = await api.listPhotos({ trashed: true });
      expect(trash.photos.map((photo) => photo.id)).toEqual([a]);
      expectSummaries(trash.photos);
      expect((await api.getPhoto({ photoId: a! })).trashedAt).not.toBeNull();
      expect(await api.getLibraryInfo()).toMatchObject({ photoCount: 2, trashCount: 1 });

      expect(await api.restorePhotos({ photoIds: [a!] })).toEqual({ count: 1 });
      expect((await api.listPhotos({})).total).toBe(3);
      expect(await api.getLibraryInfo()).toMatchObject({ photoCount: 3, trashCount: 0 });
    });

    it('reports a second import of the same files as duplicates', async () => {
      const ids = await importedPhotoIds();
      const importId = randomUUID();
      // The answer is the id the caller gave; the events carry it too.
      expect(
        await api.startImport({
          importId,
          source: {
            kind: 'paths',
            paths: [path.join(sourceDir, 'DCIM', '100TEST', PHOTOS[1].name)],
          },
        }),
      ).toEqual({ importId });
      const end = await finished(importId);
      expect(end.payload.totals).toMatchObject({ files: 1, imported: 0, duplicates: 1 });
      const outcome = progressOf(importId).find((event) => event.type === 'file');
      expect(outcome).toMatchObject({ outcome: { status: 'duplicate', photoId: ids[1] } });
    });

    it('returns errors as typed data', async () => {
      await expectError(
        api.startImport({
          importId: randomUUID(),
          source: { kind: 'uploads', uploadIds: ['no-such-upload'] },
        }),
        'NOT_FOUND',
      );
      await expectError(
        api.startImport({ importId: randomUUID(), source: { kind: 'paths', paths: [] } }),
        'INVALID_INPUT',
      );
      // The caller mints the id, and it must be a UUID.
      await expectError(
        api.startImport({ importId: 'import-1', source: { kind: 'paths', paths: [sourceDir] } }),
        'INVALID_INPUT',
      );
      await expectError(
        api.startImport({ source: { kind: 'paths', paths: [sourceDir] } } as never),
        'INVALID_INPUT',
      );
      await expectError(api.cancelImport({ importId: 'no-such-import' }), 'NOT_FOUND');
      await expectError(api.createAlbum({ name: 'tab\there' }), 'INVALID_INPUT');
      await expectError(
        api.listAlbums({ unexpected: true } as unknown as Record<string, never>),
        'INVALID_INPUT',
      );
    });

    it('starts a timeline page at a day', async () => {
      const days = await api.getTimeline({ order: 'asc' });
      const last = days.at(-1)!;
      const page = await api.listPhotos({ fromDay: last.day, order: 'asc' });
      expect(page.photos).toHaveLength(last.count);
      expect(page.photos.every((photo) => photo.takenAt.startsWith(last.day))).toBe(true);
      await expectError(api.listPhotos({ fromDay: '1 March' }), 'INVALID_INPUT');
    });

    // Last: it deletes photos the tests above share.
    it('adds a folder in place, imports it with progress, rescans and removes it', async () => {
      await importedPhotoIds();
      const folder = path.join(sourceDir, 'in place');
      await mkdir(folder, { recursive: true });
      await writeFile(
        path.join(folder, 'kept.jpg'),
        await jpeg({ taken: '2020:01:01 10:00:00', size: [40, 30], colour: [90, 90, 20] }),
      );
      const { folder: added, importId } = await api.addFolder({
        path: folder,
        importId: randomUUID(),
      });
      expect(added).toMatchObject({ path: folder, status: 'ok' });
      expect(await finished(importId)).toMatchObject({
        payload: { totals: { imported: 1, failed: 0 } },
      });
      const page = await api.listPhotos({ order: 'asc' });
      expect(page.photos[0]).toMatchObject({ originalName: 'kept.jpg', source: 'folder' });
      expect(page.photos.filter((photo) => photo.source === 'library')).toHaveLength(3);
      expect(await api.listFolders()).toEqual([{ ...added, photos: 1 }]);
      expect(await api.rescanFolders({})).toEqual({
        added: 0,
        changed: 0,
        moved: 0,
        missing: 0,
        returned: 0,
      });
      await expectError(api.addFolder({ path: folder, importId: randomUUID() }), 'CONFLICT');
      expect(await api.removeFolder({ folderId: added.id })).toEqual({ count: 1 });
      expect(await api.listFolders()).toEqual([]);
      expect((await api.listPhotos({})).photos).toHaveLength(3);
    });

    it('deletes photos in the trash for good, and empties the trash', async () => {
      const [a, b, c] = await importedPhotoIds();
      await api.trashPhotos({ photoIds: [a!, b!] });
      expect(await api.deleteFromTrash({ photoIds: [a!, c!] })).toEqual({ count: 1 });
      await expectError(api.getPhoto({ photoId: a! }), 'NOT_FOUND');
      expect(await api.emptyTrash()).toEqual({ count: 1 });
      expect(await api.getLibraryInfo()).toMatchObject({ photoCount: 1, trashCount: 0 });
    });
  });
}

/** Expects `promise` to reject with an error that carries `code` and a message. */
async function expectError(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error, `expected ${code}`).toMatchObject({ name: 'ShoeboxError', code });
  expect((error as Error).message).toEqual(expect.any(String));
  expect((error as Error).message.length).toBeGreaterThan(0);
}

async function jpeg(photo: {
  size: readonly number[];
  colour: readonly number[];
  taken: string;
}): Promise<Buffer> {
  const [width, height] = photo.size;
  const [r, g, b] = photo.colour;
  return sharp({ create: { width, height, channels: 3, background: { r, g, b } } })
    .withExif({
      IFD0: { Make: 'Shoebox', Model: 'Contract Test' },
      IFD2: { DateTimeOriginal: photo.taken },
    })
    .jpeg({ quality: 90 })
    .toBuffer();
}
