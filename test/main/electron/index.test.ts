import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { METHOD_CHANNELS } from '../../../common/channels';
import { APP_ENTRY_URL } from '../../../main/electron/schemes';
import { makeTempDir } from '../../helpers/temp-dir';
import {
  BrowserWindow,
  Menu,
  app,
  ipcMain,
  protocol,
  resetElectronFake,
  session,
} from '../../mocks/electron';

describe('the main process entry', () => {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = signals.map((signal) => process.listeners(signal));
  afterAll(() => {
    vi.unstubAllEnvs();
    // The entry traps SIGINT/SIGTERM to quit cleanly; the test process keeps its own.
    signals.forEach((signal, i) =>
      process
        .listeners(signal)
        .filter((listener) => !before[i]!.includes(listener))
        .forEach((listener) => process.off(signal, listener)),
    );
  });

  it('sets up every concern on a library from SHOEBOX_LIBRARY, and closes it on quit', async () => {
    resetElectronFake();
    const library = path.join(await makeTempDir(), 'library');
    vi.stubEnv('SHOEBOX_LIBRARY', library);
    await import('../../../main/electron/index');

    // Before ready: sandbox for every renderer, privileged schemes.
    expect(app.enableSandbox).toHaveBeenCalled();
    expect(protocol.privilegedSchemes.map((scheme) => scheme.scheme)).toEqual([
      'app',
      'shoebox-media',
    ]);
    await vi.waitFor(() => expect(BrowserWindow.getAllWindows()).toHaveLength(1));
    const [window] = BrowserWindow.getAllWindows();
    expect(window!.webContents.getURL()).toBe(APP_ENTRY_URL);
    expect(window!.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true });
    expect(existsSync(path.join(library, 'library.db'))).toBe(true);
    expect(ipcMain.channels().sort()).toEqual([...METHOD_CHANNELS].sort());
    expect(session.defaultSession.permissionRequestHandler).not.toBeNull();
    expect(Menu.applicationMenu).not.toBeNull();
    expect((await protocol.fetch('shoebox-media://photo/1/thumb')).status).toBe(404);

    const quitting = { preventDefault: vi.fn() };
    app.emit('before-quit', quitting);
    expect(quitting.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
  });
});
