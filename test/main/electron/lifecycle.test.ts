import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { libraryFlag, setupLifecycle, setupSingleInstance } from '../../../main/electron/lifecycle';
import { createWindowRegistry, type WindowRegistry } from '../../../main/electron/window';
import { BrowserWindow, app, dialog, resetElectronFake } from '../../mocks/electron';

describe('lifecycle', () => {
  let windows: WindowRegistry;
  const names = ['SIGINT', 'SIGTERM'] as const;
  let signals: NodeJS.SignalsListener[][] = [];

  beforeEach(() => {
    resetElectronFake();
    windows = createWindowRegistry();
    signals = names.map((signal) => process.listeners(signal));
  });
  afterEach(() => {
    vi.useRealTimers();
    // The test process keeps its own signal handling.
    names.forEach((signal, i) =>
      process
        .listeners(signal)
        .filter((listener) => !signals[i]!.includes(listener))
        .forEach((listener) => process.off(signal, listener)),
    );
  });

  function open(): BrowserWindow {
    const window = new BrowserWindow();
    windows.add(window as unknown as Electron.BrowserWindow);
    return window;
  }

  function setup(options: { close?: () => Promise<void>; importing?: boolean } = {}) {
    const core = { close: vi.fn(options.close ?? (async () => {})) };
    const openWindow = vi.fn(() => void open());
    setupLifecycle({ core, windows, openWindow, importing: () => options.importing ?? false });
    return { core, openWindow };
  }

  const quitEvent = () => ({ preventDefault: vi.fn() });

  it('reads --library DIR and --library=DIR', () => {
    expect(libraryFlag(['electron', '.', '--library', '/photos'])).toBe('/photos');
    expect(libraryFlag(['Shoebox', '--library=/photos'])).toBe('/photos');
    expect(libraryFlag(['Shoebox'])).toBeUndefined();
  });

  it('lets one instance run; a second launch focuses its window, or opens one', () => {
    expect(setupSingleInstance()).toBe(true);
    app.requestSingleInstanceLock.mockReturnValueOnce(false);
    expect(setupSingleInstance()).toBe(false);

    const { openWindow } = setup();
    // macOS: the app runs on in the dock with no window.
    app.emit('second-instance');
    expect(openWindow).toHaveBeenCalledTimes(1);
    const [window] = windows.all() as unknown as BrowserWindow[];
    window!.minimized = true;
    app.emit('second-instance');
    expect(openWindow).toHaveBeenCalledTimes(1);
    expect(window!.isMinimized()).toBe(false);
    expect(BrowserWindow.getFocusedWindow()).toBe(window);
  });

  it('closes the core before the app quits, once', async () => {
    let finishClosing = () => {};
    const { core } = setup({
      close: () => new Promise<void>((resolve) => (finishClosing = resolve)),
    });
    const quitting = quitEvent();
    app.emit('before-quit', quitting);
    app.emit('before-quit', quitting);
    expect(quitting.preventDefault).toHaveBeenCalledTimes(2);
    expect(core.close).toHaveBeenCalledTimes(1);
    expect(app.quit).not.toHaveBeenCalled();

    finishClosing();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
    const final = quitEvent();
    app.emit('before-quit', final);
    expect(final.preventDefault).not.toHaveBeenCalled();
  });

  it('quits anyway when the core does not close within 10 s', async () => {
    vi.useFakeTimers();
    setup({ close: () => new Promise<void>(() => {}) });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    app.emit('before-quit', quitEvent());
    await vi.advanceTimersByTimeAsync(9_000);
    expect(app.quit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(app.quit).toHaveBeenCalledTimes(1);
  });

  it.runIf(process.platform !== 'darwin')(
    'asks before closing the last window stops an import, and keeps it open on "Keep Importing"',
    () => {
      setup({ importing: true });
      const window = open();
      dialog.showMessageBoxSync.mockReturnValueOnce(1);
      window.close();
      expect(dialog.showMessageBoxSync).toHaveBeenCalledWith(
        window,
        expect.objectContaining({ message: 'An import is running. Stop it and close?' }),
      );
      expect(window.isDestroyed()).toBe(false);

      // "Stop Import and Close": it closes, and the quit that follows does not ask again.
      window.close();
      expect(window.isDestroyed()).toBe(true);
      app.emit('before-quit', quitEvent());
      expect(dialog.showMessageBoxSync).toHaveBeenCalledTimes(2);
    },
  );

  it('a quit during an import asks first; without one it does not', () => {
    const { core } = setup({ importing: true });
    dialog.showMessageBoxSync.mockReturnValueOnce(1);
    const kept = quitEvent();
    app.emit('before-quit', kept);
    expect(kept.preventDefault).toHaveBeenCalled();
    expect(core.close).not.toHaveBeenCalled();
    app.emit('before-quit', quitEvent());
    expect(core.close).toHaveBeenCalledTimes(1);
  });

  it('closes windows without asking when nothing is importing', () => {
    setup();
    const window = open();
    window.close();
    expect(window.isDestroyed()).toBe(true);
    expect(dialog.showMessageBoxSync).not.toHaveBeenCalled();
  });
});
