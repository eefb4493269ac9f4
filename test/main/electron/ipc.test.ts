import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, METHOD_CHANNELS, methodChannel } from '../../../common/channels';
import type { MethodName } from '../../../common/contract';
import { METHOD_NAMES } from '../../../common/method-names';
import { ShoeboxError } from '../../../common/errors';
import { setupIpc, type IpcCore } from '../../../main/electron/ipc';
import { APP_ENTRY_URL } from '../../../main/electron/schemes';
import { createWindowRegistry, type WindowRegistry } from '../../../main/electron/window';
import type { CoreEvent } from '../../../main/core/shoebox-core';
import {
  BrowserWindow,
  FakeWebFrameMain,
  attachRenderer,
  ipcMain,
  ipcRenderer,
  resetElectronFake,
} from '../../mocks/electron';

/** A core whose every handler is a spy answering `{ count: 1 }`. */
function spyCore() {
  const handlers = Object.fromEntries(
    METHOD_NAMES.map((method) => [method, vi.fn(async (_input: unknown) => ({ count: 1 }))]),
  ) as unknown as Record<MethodName, ReturnType<typeof vi.fn>>;
  const listeners = new Set<(event: CoreEvent) => void>();
  const core = {
    handlers,
    subscribe(listener: (event: CoreEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const publish = (event: CoreEvent) => listeners.forEach((listener) => listener(event));
  return { core: core as unknown as IpcCore, handlers, publish, listeners };
}

function appWindow(registry: WindowRegistry, url = APP_ENTRY_URL): BrowserWindow {
  const window = new BrowserWindow();
  registry.add(window as unknown as Electron.BrowserWindow);
  window.webContents.mainFrame.url = url;
  return window;
}

describe('setupIpc', () => {
  let registry: WindowRegistry;
  let spy: ReturnType<typeof spyCore>;
  let window: BrowserWindow;
  const dialogs = {
    pickImportPaths: vi.fn(async (_window: unknown) => ['/photos/a.jpg']),
    pickImportFolder: vi.fn(async (_window: unknown) => ['/media/card/DCIM']),
    pickExportFolder: vi.fn(async (_window: unknown) => null),
  };
  const fromMainFrame = () => ({
    webContents: window.webContents,
    frame: window.webContents.mainFrame,
  });

  beforeEach(() => {
    resetElectronFake();
    registry = createWindowRegistry();
    spy = spyCore();
    window = appWindow(registry);
    setupIpc({ core: spy.core, dialogs, windows: registry });
  });
  afterEach(() => vi.restoreAllMocks());

  it('registers exactly one handler per contract method', () => {
    expect(ipcMain.channels().sort()).toEqual([...METHOD_CHANNELS].sort());
  });

  it('hands parsed input to the core and answers the value as data', async () => {
    const result = await ipcMain.invokeAs(fromMainFrame(), methodChannel('createAlbum'), {
      name: '  Trips ',
    });
    expect(result).toEqual({ ok: true, value: { count: 1 } });
    // The schema trims: the core sees what zod produced, not what the page sent.
    expect(spy.handlers.createAlbum).toHaveBeenCalledWith({ name: 'Trips' });
  });

  it('lets methods without input be called with none', async () => {
    await ipcMain.invokeAs(fromMainFrame(), methodChannel('listAlbums'));
    expect(spy.handlers.listAlbums).toHaveBeenCalledWith({});
  });

  describe('refuses foreign senders with FORBIDDEN, without calling the core', () => {
    const cases: [string, () => { webContents: unknown; frame: unknown }][] = [
      [
        'a subframe of our window',
        () => ({
          webContents: window.webContents,
          frame: new FakeWebFrameMain(
            window.webContents.id,
            APP_ENTRY_URL,
            window.webContents.mainFrame,
          ),
        }),
      ],
      [
        'a frame that is not the main frame (another token)',
        () => ({
          webContents: window.webContents,
          frame: new FakeWebFrameMain(window.webContents.id, APP_ENTRY_URL),
        }),
      ],
      [
        'another window we did not create',
        () => {
          const other = new BrowserWindow();
          other.webContents.mainFrame.url = APP_ENTRY_URL;
          return { webContents: other.webContents, frame: other.webContents.mainFrame };
        },
      ],
      [
        'our window navigated to a remote page',
        () => {
          window.webContents.mainFrame.url = 'https://evil.example/';
          return fromMainFrame();
        },
      ],
      [
        'our window on a file:// page',
        () => {
          window.webContents.mainFrame.url = 'file:///tmp/index.html';
          return fromMainFrame();
        },
      ],
      [
        'another app:// host',
        () => {
          window.webContents.mainFrame.url = 'app://elsewhere/index.html';
          return fromMainFrame();
        },
      ],
      ['a frame that is gone', () => ({ webContents: window.webContents, frame: null })],
    ];
    it.each(cases)('%s', async (_name, sender) => {
      const result = await ipcMain.invokeAs(sender(), methodChannel('trashPhotos'), {
        photoIds: [1],
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(spy.handlers.trashPhotos).not.toHaveBeenCalled();
    });
  });

  it.each([
    ['createAlbum', { name: '' }],
    ['createAlbum', undefined],
    ['getPhoto', { photoId: '1' }],
    ['getPhoto', { photoId: -3 }],
    ['getLibraryInfo', { unexpected: true }],
    ['startImport', { importId: randomUUID(), source: { kind: 'paths', paths: [] } }],
    ['startImport', { importId: 'import-1', source: { kind: 'paths', paths: ['/card'] } }],
  ] as [MethodName, unknown][])('answers INVALID_INPUT to %s(%j)', async (method, input) => {
    const result = await ipcMain.invokeAs(fromMainFrame(), methodChannel(method), input);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(spy.handlers[method]).not.toHaveBeenCalled();
  });

  it('answers the core’s errors as data and never throws across IPC', async () => {
    spy.handlers.getPhoto.mockRejectedValueOnce(new ShoeboxError('NOT_FOUND', 'No photo 7.'));
    expect(
      await ipcMain.invokeAs(fromMainFrame(), methodChannel('getPhoto'), { photoId: 7 }),
    ).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No photo 7.' } });

    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    spy.handlers.getPhoto.mockRejectedValueOnce(new TypeError('boom'));
    expect(
      await ipcMain.invokeAs(fromMainFrame(), methodChannel('getPhoto'), { photoId: 7 }),
    ).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'boom' } });
    expect(logged).toHaveBeenCalled();
  });

  it('runs the dialogs modal to the window that asked', async () => {
    expect(await ipcMain.invokeAs(fromMainFrame(), methodChannel('pickImportPaths'))).toEqual({
      ok: true,
      value: ['/photos/a.jpg'],
    });
    expect(dialogs.pickImportPaths).toHaveBeenCalledWith(window);
    expect(
      await ipcMain.invokeAs(fromMainFrame(), methodChannel('pickImportPaths'), { folders: true }),
    ).toEqual({ ok: true, value: ['/media/card/DCIM'] });
    expect(dialogs.pickImportFolder).toHaveBeenCalledWith(window);
    expect(await ipcMain.invokeAs(fromMainFrame(), methodChannel('pickExportFolder'))).toEqual({
      ok: true,
      value: null,
    });
    expect(dialogs.pickExportFolder).toHaveBeenCalledWith(window);
  });

  it('sends core events to our app windows only', () => {
    const received: unknown[] = [];
    ipcRenderer.on(EVENT_CHANNEL, (_event, message) => received.push(message));
    const event: CoreEvent = { event: 'libraryChanged', payload: { reason: 'albums' } };

    attachRenderer(window.webContents);
    spy.publish(event);
    const stranger = new BrowserWindow();
    stranger.webContents.mainFrame.url = APP_ENTRY_URL;
    attachRenderer(stranger.webContents);
    spy.publish(event);
    const navigatedAway = appWindow(registry, 'https://evil.example/');
    attachRenderer(navigatedAway.webContents);
    spy.publish(event);

    expect(received).toEqual([event]);
  });

  it('still sends to the other windows when one cannot take the event', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const closing = appWindow(registry);
    closing.webContents.send = () => {
      throw new TypeError('Object has been destroyed');
    };
    const received: unknown[] = [];
    ipcRenderer.on(EVENT_CHANNEL, (_event, message) => received.push(message));
    attachRenderer(window.webContents);
    const event: CoreEvent = { event: 'libraryChanged', payload: { reason: 'trash' } };
    expect(() => spy.publish(event)).not.toThrow();
    expect(received).toEqual([event]);
    expect(errors).toHaveBeenCalledWith(
      'an event could not reach a window:',
      expect.any(TypeError),
    );
    errors.mockRestore();
  });

  it('undoes itself: no handlers, no subscription', () => {
    resetElectronFake();
    const fresh = spyCore();
    const dispose = setupIpc({ core: fresh.core, dialogs, windows: registry });
    dispose();
    expect(ipcMain.channels()).toEqual([]);
    expect(fresh.listeners.size).toBe(0);
  });
});
