import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL } from '../../../main/electron/schemes';
import { createMainWindow, createWindowRegistry } from '../../../main/electron/window';
import { dialog, resetElectronFake, shell, type BrowserWindow } from '../../mocks/electron';

describe('createMainWindow', () => {
  beforeEach(() => resetElectronFake());
  afterEach(() => vi.useRealTimers());

  function open(development = false): BrowserWindow {
    const registry = createWindowRegistry();
    const window = createMainWindow({
      registry,
      preloadPath: '/app/dist/preload.cjs',
      development,
    });
    return window as unknown as BrowserWindow;
  }

  it('isolates and sandboxes the page, without Node, webviews or (in production) DevTools', () => {
    const window = open();
    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/dist/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
    expect(open(true).options.webPreferences).toMatchObject({ devTools: true });
  });

  it('loads the app from app://, not file://', () => {
    expect(open().webContents.getURL()).toBe(APP_ENTRY_URL);
  });

  it('registers the window until it closes', () => {
    const registry = createWindowRegistry();
    const window = createMainWindow({ registry, preloadPath: 'p', development: false });
    expect(registry.has(window)).toBe(true);
    window.close();
    expect(registry.has(window)).toBe(false);
    expect(registry.all()).toEqual([]);
  });

  it('denies window.open, sending only https links to the system browser', () => {
    const contents = open().webContents;
    for (const url of ['https://example.com/', 'http://example.com/', 'file:///etc/passwd']) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(shell.openExternal.mock.calls).toEqual([['https://example.com/']]);
  });

  it('blocks navigations and redirects away from the app, in any frame', () => {
    const contents = open().webContents;
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(contents.emitNavigation(name, 'https://evil.example/').defaultPrevented).toBe(true);
      expect(contents.emitNavigation(name, 'file:///etc/passwd').defaultPrevented).toBe(true);
      expect(contents.emitNavigation(name, 'app://other/index.html').defaultPrevented).toBe(true);
      expect(contents.emitNavigation(name, `${APP_ENTRY_URL}#/album/1`).defaultPrevented).toBe(
        false,
      );
    }
    expect(contents.emitNavigation('will-attach-webview', APP_ENTRY_URL).defaultPrevented).toBe(
      true,
    );
  });

  it('shows the window on its first paint, or after 5 s when that never comes', () => {
    vi.useFakeTimers();
    const painted = open();
    painted.emit('ready-to-show');
    expect(painted.isVisible()).toBe(true);
    const unpainted = open();
    vi.advanceTimersByTime(4_900);
    expect(unpainted.isVisible()).toBe(false);
    vi.advanceTimersByTime(100);
    expect(unpainted.isVisible()).toBe(true);
  });

  it('reloads a crashed page, and says so in a dialog when it keeps crashing', () => {
    const window = open();
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const crash = { reason: 'crashed', exitCode: 139 };
    window.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(window.webContents.reloads).toBe(0);
    for (let i = 0; i < 3; i++) window.webContents.emit('render-process-gone', {}, crash);
    expect(window.webContents.reloads).toBe(3);
    expect(dialog.showErrorBox).not.toHaveBeenCalled();
    window.webContents.emit('render-process-gone', {}, crash);
    expect(window.webContents.reloads).toBe(3);
    expect(dialog.showErrorBox).toHaveBeenCalledWith('Shoebox', expect.stringContaining('crashed'));
  });
});
