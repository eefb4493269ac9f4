import { beforeEach, describe, expect, it, vi } from 'vitest';
import { libraryFlag, setupLifecycle, setupSingleInstance } from '../../../main/electron/lifecycle';
import { createWindowRegistry, type WindowRegistry } from '../../../main/electron/window';
import { BrowserWindow, app, resetElectronFake } from '../../mocks/electron';

describe('lifecycle', () => {
  let windows: WindowRegistry;

  beforeEach(() => {
    resetElectronFake();
    windows = createWindowRegistry();
  });

  it('reads --library DIR and --library=DIR', () => {
    expect(libraryFlag(['electron', '.', '--library', '/photos'])).toBe('/photos');
    expect(libraryFlag(['Shoebox', '--library=/photos'])).toBe('/photos');
    expect(libraryFlag(['Shoebox'])).toBeUndefined();
  });

  it('lets one instance run; a second launch focuses its window', () => {
    const window = new BrowserWindow();
    window.minimized = true;
    windows.add(window as unknown as Electron.BrowserWindow);
    expect(setupSingleInstance(windows)).toBe(true);
    app.emit('second-instance');
    expect(window.isMinimized()).toBe(false);
    expect(BrowserWindow.getFocusedWindow()).toBe(window);

    app.requestSingleInstanceLock.mockReturnValueOnce(false);
    expect(setupSingleInstance(windows)).toBe(false);
  });

  it('closes the core before the app quits, once', async () => {
    let finishClosing = () => {};
    const core = {
      close: vi.fn(() => new Promise<void>((resolve) => (finishClosing = resolve))),
    };
    const names = ['SIGINT', 'SIGTERM'] as const;
    const signals = names.map((signal) => process.listeners(signal));
    setupLifecycle({ core, windows, openWindow: () => {} });

    const quitting = { defaultPrevented: false, preventDefault: vi.fn() };
    app.emit('before-quit', quitting);
    app.emit('before-quit', quitting);
    expect(quitting.preventDefault).toHaveBeenCalledTimes(2);
    expect(core.close).toHaveBeenCalledTimes(1);
    expect(app.quit).not.toHaveBeenCalled();

    finishClosing();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
    const final = { preventDefault: vi.fn() };
    app.emit('before-quit', final);
    expect(final.preventDefault).not.toHaveBeenCalled();

    // The test process keeps its own signal handling.
    names.forEach((signal, i) =>
      process
        .listeners(signal)
        .filter((listener) => !signals[i]!.includes(listener))
        .forEach((listener) => process.off(signal, listener)),
    );
  });
});
