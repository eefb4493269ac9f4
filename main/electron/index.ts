/**
 * The Electron main process. It only orchestrates: each concern (schemes, permissions,
 * protocols, dialogs, ipc, menu, lifecycle, windows) has its own setup function and file.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, session } from 'electron';
import { sizeLibuvThreadPool } from '../core/imaging/libuv-threads';
import { resolveLibraryRoot } from '../core/library/library-paths';
import { openCore } from '../core/shoebox-core';
import { setupAppProtocol } from './app-protocol';
import { setupDialogs } from './dialogs';
import { setupIpc } from './ipc';
import { libraryFlag, setupLifecycle, setupSingleInstance } from './lifecycle';
import { setupMediaProtocol } from './media-protocol';
import { setupMenu } from './menu';
import { setupPermissions } from './permissions';
import { trackRunningImports } from './running-imports';
import { registerPrivilegedSchemes } from './schemes';
import { createMainWindow, createWindowRegistry } from './window';
import { errorMessage } from '../../common/errors';

sizeLibuvThreadPool();

// This file is bundled to dist/electron-main.js, beside preload.cjs and renderer/.
const distDir = path.dirname(fileURLToPath(import.meta.url));
const development = !app.isPackaged;
const windows = createWindowRegistry();
const openWindow = (): void => {
  createMainWindow({
    registry: windows,
    preloadPath: path.join(distDir, 'preload.cjs'),
    development,
  });
};

// Both before the app is ready, as Electron requires: every renderer sandboxed whatever its
// preferences say, and the custom schemes privileged.
app.enableSandbox();
registerPrivilegedSchemes();

if (setupSingleInstance()) {
  app.whenReady().then(start).catch(fail);
} else {
  app.quit();
}

async function start(): Promise<void> {
  // The app's own library: on first run it does not exist yet, and opening it creates it.
  const core = await openCore({
    libraryRoot: resolveLibraryRoot(libraryFlag(process.argv)),
    create: true,
    program: 'Shoebox app',
    finishLeftovers: true,
    // Linux: Electron's binary links the system GLib, which clashes with sharp's own (sharp#4522):
    // imaging runs in a child Node process there. macOS and Windows keep threads in-process.
    imaging: process.platform === 'linux' ? 'process' : 'threads',
  });
  setupPermissions(session.defaultSession);
  setupAppProtocol(path.join(distDir, 'renderer'));
  setupMediaProtocol(core);
  const dialogs = setupDialogs();
  // IPC and the menu start imports through these handlers, so closing the app knows to ask.
  const imports = trackRunningImports(core);
  const tracked = { handlers: imports.handlers, subscribe: core.subscribe };
  setupIpc({ core: tracked, dialogs, windows });
  setupMenu({ core: tracked, dialogs, windows, development });
  setupLifecycle({ core, windows, openWindow, importing: imports.any });
  openWindow();
}

// Most often the library cannot be opened (a folder without write access, a database another
// program locked): say so in a dialog rather than leave a process without a window.
function fail(error: unknown): void {
  const message = errorMessage(error);
  dialog.showErrorBox('Shoebox could not start', message);
  app.exit(1);
}
