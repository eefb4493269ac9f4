import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopMediaUrl, type PreloadBridge } from '../../common/bridge';
import { EVENT_CHANNEL } from '../../common/channels';
import {
  contract,
  type EventPayload,
  type MethodInput,
  type MethodName,
  type MethodOutput,
} from '../../common/contract';
import { METHOD_NAMES } from '../../common/method-names';
import { ERROR_CODES, type WireResult } from '../../common/errors';
import { setupMediaProtocol } from '../../main/electron/media-protocol';
import { setupMenu } from '../../main/electron/menu';
import { createWindowRegistry } from '../../main/electron/window';
import { fakePhotoRecord, insertPhotoRecords } from '../helpers/photo-records';
import {
  FakeWebFrameMain,
  Menu,
  attachRenderer,
  dialog,
  exposedInMainWorld,
  ipcMain,
  ipcRenderer,
  protocol,
} from '../mocks/electron';
import { openPreloadTransport, runPreload, type PreloadTransport } from './preload-harness';

describe('the preload bundle', () => {
  let base: string;
  let transport: PreloadTransport;
  let bridge: PreloadBridge;
  const covered = new Set<MethodName>();

  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'shoebox-preload-'));
    // Cards are looked for under the test's folder, where none is mounted: whatever this
    // machine has mounted under /media stays out of the answers.
    process.env.SHOEBOX_CARD_ROOTS = base;
    transport = await openPreloadTransport(path.join(base, 'library'));
    bridge = transport.bridge;
  });
  afterAll(async () => {
    await transport.close();
    delete process.env.SHOEBOX_CARD_ROOTS;
    await rm(base, { recursive: true, force: true });
  });

  /** Calls `method` through the page's bridge; checks a value against the contract's output. */
  async function call<M extends MethodName>(
    method: M,
    input?: MethodInput<M>,
  ): Promise<WireResult<unknown>> {
    covered.add(method);
    const result = await (bridge[method] as (input?: unknown) => Promise<WireResult<unknown>>)(
      input,
    );
    if (result.ok) contract[method].output.parse(result.value);
    else expect(ERROR_CODES).toContain(result.error.code);
    return result;
  }

  async function value<M extends MethodName>(
    method: M,
    input?: MethodInput<M>,
  ): Promise<MethodOutput<M>> {
    const result = await call(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
    return result.value as MethodOutput<M>;
  }

  /** The next `finished` event of imports or exports, as the page's listener receives it. */
  function whenFinished<E extends 'importProgress' | 'exportProgress'>(
    event: E,
  ): Promise<EventPayload<E>> {
    return new Promise((resolve) => {
      const off = bridge.subscribe(event, (payload: EventPayload<E>) => {
        if (payload.type === 'finished') {
          off();
          resolve(payload);
        }
      });
    });
  }

  it('requires nothing but electron, so it runs sandboxed', () => {
    expect(new Set(transport.required)).toEqual(new Set(['electron']));
  });

  it('exposes one function per contract method, subscribe and getPathForFile, nothing else', () => {
    expect(Object.keys(exposedInMainWorld)).toEqual(['shoebox']);
    expect(Object.keys(bridge).sort()).toEqual(
      [...METHOD_NAMES, 'subscribe', 'getPathForFile'].sort(),
    );
    for (const member of Object.values(bridge)) expect(typeof member).toBe('function');
    expect(bridge).not.toHaveProperty('ipcRenderer');
    expect(bridge).not.toHaveProperty('invoke');
  });

  it('gives dropped files their paths through webUtils', () => {
    expect(bridge.getPathForFile({ path: '/card/DCIM/IMG_0001.JPG' })).toBe(
      '/card/DCIM/IMG_0001.JPG',
    );
    expect(bridge.getPathForFile({})).toBe('');
  });

  it('subscribes to known events only, hands listeners the payload alone, and unsubscribes', () => {
    const calls: unknown[][] = [];
    const unsubscribe = bridge.subscribe('libraryChanged', (...args: unknown[]) =>
      calls.push(args),
    );
    transport.window.webContents.send(EVENT_CHANNEL, {
      event: 'libraryChanged',
      payload: { reason: 'albums' },
    });
    transport.window.webContents.send(EVENT_CHANNEL, {
      event: 'exportProgress',
      payload: { type: 'progress', exportId: 'e', done: 0, total: 1 },
    });
    unsubscribe();
    transport.window.webContents.send(EVENT_CHANNEL, {
      event: 'libraryChanged',
      payload: { reason: 'trash' },
    });
    expect(calls).toEqual([[{ reason: 'albums' }]]);
    // Thrown in the preload's realm: matched by message, not by class.
    expect(() => bridge.subscribe('nope' as 'libraryChanged', () => {})).toThrow(
      /no Shoebox event/,
    );
    // One ipcRenderer listener serves every subscription.
    expect(ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(1);
  });

  it('hands File > New Album to the page as a menuCommand, which it may subscribe to', () => {
    const windows = createWindowRegistry();
    windows.add(transport.window as unknown as Electron.BrowserWindow);
    setupMenu({ core: transport.core, dialogs: {} as never, windows, development: false });
    const template = Menu.applicationMenu?.template as MenuItemConstructorOptions[];
    const file = template.find((entry) => entry.label === 'File');
    const newAlbum = (file?.submenu as MenuItemConstructorOptions[]).find(
      (entry) => entry.label === 'New Album',
    );
    const commands: EventPayload<'menuCommand'>[] = [];
    const stop = bridge.subscribe('menuCommand', (payload) => commands.push(payload));
    (newAlbum?.click as () => void)();
    stop();
    expect(commands).toEqual([{ command: 'new-album' }]);
  });

  it('drives every contract method end to end into the core', async () => {
    const ids = insertPhotoRecords(
      transport.core.layout.root,
      [1, 2, 3].map((i) => fakePhotoRecord(i)),
    );
    const [a, b, c] = ids as [number, number, number];
    const changes: EventPayload<'libraryChanged'>[] = [];
    const stop = bridge.subscribe('libraryChanged', (payload) => changes.push(payload));

    expect(await value('getLibraryInfo')).toMatchObject({ photoCount: 3, albumCount: 0 });
    const trip = await value('createAlbum', { name: ' Trip ' });
    expect(trip.name).toBe('Trip');
    expect(await call('createAlbum', { name: 'TRIP' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    const other = await value('createAlbum', { name: 'Other' });
    expect(await value('renameAlbum', { albumId: other.id, name: 'Family' })).toMatchObject({
      name: 'Family',
    });
    await value('reorderAlbums', { albumIds: [other.id, trip.id] });
    expect((await value('listAlbums')).map((album: { id: number }) => album.id)).toEqual([
      other.id,
      trip.id,
    ]);
    expect(await value('findAlbum', { name: 'FAMILY' })).toMatchObject({ id: other.id });
    await value('deleteAlbum', { albumId: other.id });

    const page = await value('listPhotos', { limit: 2 });
    expect(page).toMatchObject({ total: 3 });
    const rest = await value('listPhotos', { limit: 2, cursor: page.nextCursor });
    expect([...page.photos, ...rest.photos].map((photo: { id: number }) => photo.id)).toEqual(ids);
    // fakePhotoRecord spaces photos 17 minutes apart: one day.
    expect(await value('getTimeline', { order: 'desc' })).toEqual([
      { day: '2020-01-01', count: 3 },
    ]);
    expect(await value('getPhoto', { photoId: b })).toMatchObject({ id: b, albums: [] });
    expect(await call('getPhoto', { photoId: 9999 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });

    await value('addPhotosToAlbum', { albumId: trip.id, photoIds: [a, b, c] });
    await value('movePhotosInAlbum', { albumId: trip.id, photoIds: [c], beforePhotoId: a });
    await value('removePhotosFromAlbum', { albumId: trip.id, photoIds: [b] });
    const inTrip = await value('listPhotos', { albumId: trip.id });
    expect(inTrip.photos.map((photo: { id: number }) => photo.id)).toEqual([c, a]);
    expect(await value('trashPhotos', { photoIds: [a] })).toEqual({ count: 1 });
    expect(await value('restorePhotos', { photoIds: [a] })).toEqual({ count: 1 });

    // Describing: stars and a keyword, undone from the snapshot the update answered.
    const described = await value('updatePhotos', {
      photoIds: [a, b],
      changes: { rating: 3, addKeywords: [' Places / Paris '] },
    });
    expect(described.count).toBe(2);
    expect(await value('getPhoto', { photoId: a })).toMatchObject({
      rating: 3,
      keywords: ['Places/Paris'],
    });
    expect(await value('listKeywords')).toMatchObject([
      { path: 'Places', total: 2, children: [{ path: 'Places/Paris', count: 2 }] },
    ]);
    expect(await call('updatePhotos', { photoIds: [a], changes: { rating: 9 } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await value('restoreDescriptions', { snapshots: described.previous })).toEqual({
      count: 2,
    });
    expect(await value('getPhoto', { photoId: a })).toMatchObject({ rating: 0, keywords: [] });
    // These photos have no files: turning one fails as data, and nothing is turned.
    expect(await call('rotatePhotos', { photoIds: [a], direction: 'left' })).toMatchObject({
      ok: false,
    });
    expect(await value('getPhoto', { photoId: a })).toMatchObject({ rotation: 0 });

    // Searching and smart albums.
    expect(await value('search', { query: 'rating>=3' })).toMatchObject({ photos: [], total: 0 });
    expect(await call('search', { query: 'rating>=' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await value('searchTimeline', { query: '2020' })).toEqual([
      { day: '2020-01-01', count: 3 },
    ]);
    expect((await value('searchFacets', { query: '' })).rating).toEqual([{ value: 0, count: 3 }]);
    const smart = await value('createAlbum', { name: 'Starred', query: 'rating>=1' });
    expect(smart).toMatchObject({ query: 'rating>=1', photoCount: 0 });
    expect(await value('setAlbumQuery', { albumId: smart.id, query: '2020' })).toMatchObject({
      photoCount: 3,
    });

    // An import of a file that is not a photo: its events come back through the bridge.
    const notes = path.join(base, 'notes.txt');
    await writeFile(notes, 'not a photo');
    const finished = whenFinished('importProgress');
    const importId = randomUUID();
    expect(
      await value('startImport', { importId, source: { kind: 'paths', paths: [notes] } }),
    ).toEqual({ importId });
    expect(await finished).toMatchObject({
      importId,
      totals: { files: 1, processed: 1, imported: 0 },
    });
    expect(await call('cancelImport', { importId: 'no-such-import' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });

    // An export of an album whose photos have no files on disk: it ends, with an error as data,
    // and its events come back through the bridge.
    const exported = whenFinished('exportProgress');
    const { exportId } = await value('startExport', {
      albumId: trip.id,
      destination: { kind: 'folder', path: path.join(base, 'export') },
    });
    expect(await exported).toMatchObject({ exportId });
    expect(await call('cancelExport', { exportId: 'no-such-export' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });

    // Deleting for good: only photos in the trash go, and the trash is then empty.
    await value('trashPhotos', { photoIds: [b] });
    expect(await value('deleteFromTrash', { photoIds: [b, c] })).toEqual({ count: 1 });
    expect(await call('getPhoto', { photoId: b })).toMatchObject({ ok: false });
    expect(await value('emptyTrash')).toEqual({ count: 0 });

    // No card is mounted under the test's folder, and a folder that is no card is not ejected.
    expect(await value('listCards')).toEqual([]);
    expect(await call('ejectCard', { path: base })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });

    // Folders in place: none added; a folder that is no folder, an unknown one, and a photo
    // of the library (not of a folder) are refused as data.
    expect(await value('listFolders')).toEqual([]);
    expect(
      await call('addFolder', { path: path.join(base, 'nowhere'), importId: randomUUID() }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await value('rescanFolders', {})).toEqual({
      added: 0,
      changed: 0,
      moved: 0,
      missing: 0,
      returned: 0,
    });
    for (const [method, input] of [
      ['locateFolder', { folderId: 999, path: base }],
      ['removeFolder', { folderId: 999 }],
    ] as const) {
      expect(await call(method, input)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    expect(await call('locateFile', { photoId: a, path: notes })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await call('deleteFromDisk', { photoIds: [a] })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });

    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/card/DCIM'] });
    expect(await value('pickImportPaths')).toEqual(['/card/DCIM']);
    expect(dialog.showOpenDialog).toHaveBeenLastCalledWith(transport.window, expect.anything());
    expect(await value('pickExportFolder')).toBeNull();

    stop();
    expect(changes.length).toBeGreaterThan(0);
    expect([...covered].sort()).toEqual([...METHOD_NAMES].sort());
  });

  it('imports a real photo whose thumbnail shoebox-media:// then serves as WebP', async () => {
    const photo = path.join(base, 'tiny.png');
    await sharp({ create: { width: 32, height: 24, channels: 3, background: '#c83' } })
      .png()
      .toFile(photo);
    const finished = whenFinished('importProgress');
    await value('startImport', {
      importId: randomUUID(),
      source: { kind: 'paths', paths: [photo] },
    });
    expect(await finished).toMatchObject({ totals: { imported: 1 } });
    const [imported] = (await value('listPhotos', { order: 'desc', limit: 1 })).photos;

    setupMediaProtocol(transport.core);
    const response = await protocol.fetch(desktopMediaUrl(imported.id, 'thumb'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(8, 12).toString('latin1')).toBe('WEBP');
    const { derivatives } = await value('getPhoto', { photoId: imported.id });
    expect(bytes.length).toBe(derivatives.thumb.bytes);
  });

  it('answers bad input with INVALID_INPUT before the core sees it', async () => {
    const before = (await value('listAlbums')).length;
    expect(
      await call('createAlbum', { name: 'x'.repeat(500) } as MethodInput<'createAlbum'>),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await value('listAlbums')).length).toBe(before);
  });

  it('is refused when a subframe of the page calls, and the core does nothing', async () => {
    const { webContents } = transport.window;
    attachRenderer(
      webContents,
      new FakeWebFrameMain(webContents.id, 'app://shoebox/index.html', webContents.mainFrame),
    );
    try {
      expect(await bridge.createAlbum({ name: 'From an iframe' })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    } finally {
      attachRenderer(webContents);
    }
    const names = (await value('listAlbums')).map((album: { name: string }) => album.name);
    expect(names).not.toContain('From an iframe');
  });

  it('turns a failed invoke into error data too', async () => {
    ipcMain.removeHandler('shoebox:getLibraryInfo');
    expect(await bridge.getLibraryInfo()).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('loads again in a fresh page the same way', async () => {
    for (const key of Object.keys(exposedInMainWorld)) delete exposedInMainWorld[key];
    expect(await runPreload()).toEqual(['electron']);
    expect(Object.keys(exposedInMainWorld)).toEqual(['shoebox']);
  });
});
