/** The application menu: File (import, new album), Edit (undo, redo), View, Window. */
import { randomUUID } from 'node:crypto';
import { BrowserWindow, Menu, dialog, type MenuItemConstructorOptions } from 'electron';
import { EVENT_CHANNEL } from '../../common/channels';
import type { EventPayload, MenuCommand } from '../../common/contract';
import type { ShoeboxCore } from '../core/shoebox-core';
import type { DialogHandlers } from './dialogs';
import type { WindowRegistry } from './window';
import { errorMessage } from '../../common/errors';

/** What the File and Edit menus do. */
export interface MenuActions {
  importPhotos(): void;
  importFolder(): void;
  newAlbum(): void;
  undo(): void;
  redo(): void;
}

/** The menu for `platform`; reload and DevTools only in `development`. */
export function menuTemplate(options: {
  development: boolean;
  platform: NodeJS.Platform;
  actions: MenuActions;
}): MenuItemConstructorOptions[] {
  const { actions, development, platform } = options;
  const mac = platform === 'darwin';
  const developer: MenuItemConstructorOptions[] = development
    ? [
        { role: 'reload' },
        { role: 'forceReload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
      ]
    : [];
  return [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Import Photos…', accelerator: 'CmdOrCtrl+I', click: actions.importPhotos },
        // Not Shift+I: that is DevTools' accelerator on Linux and Windows.
        { label: 'Import Folder…', accelerator: 'CmdOrCtrl+Shift+O', click: actions.importFolder },
        { type: 'separator' },
        { label: 'New Album', accelerator: 'CmdOrCtrl+N', click: actions.newAlbum },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      // Not the undo/redo roles: those only reach text fields. The UI undoes library changes
      // (stars, albums, the Trash) and hands the field's own undo to a focused text field.
      // Key presses reach the page first; the page stops those it handled, so these
      // accelerators fire only for keys it left alone, and for clicks.
      submenu: [
        { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: actions.undo },
        { label: 'Redo', accelerator: 'CmdOrCtrl+Shift+Z', click: actions.redo },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        ...developer,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}

/** Options of `setupMenu`. */
export interface MenuOptions {
  core: Pick<ShoeboxCore, 'handlers'>;
  dialogs: DialogHandlers;
  windows: WindowRegistry;
  development: boolean;
}

/**
 * Builds the actions and installs the menu. Menu imports go straight to the core: the UI
 * follows them through the `importProgress` events, as it does its own imports. New Album goes
 * to the UI as a `menuCommand` event, on the channel core events take: the user names the
 * album in the sidebar, as with its own button. Undo and Redo go to the UI the same way: its
 * history knows what was done.
 */
export function setupMenu({ core, dialogs, windows, development }: MenuOptions): void {
  function target(): BrowserWindow | undefined {
    const focused = BrowserWindow.getFocusedWindow();
    return focused && windows.has(focused) ? focused : windows.all()[0];
  }
  function run(work: (window: BrowserWindow) => Promise<unknown>): () => void {
    return () => {
      const window = target();
      if (!window) return;
      work(window).catch((error: unknown) => dialog.showErrorBox('Shoebox', errorMessage(error)));
    };
  }
  function sendCommand(command: MenuCommand): void {
    const window = target();
    if (!window) return;
    const payload: EventPayload<'menuCommand'> = { command };
    window.webContents.send(EVENT_CHANNEL, { event: 'menuCommand', payload });
  }
  async function importFrom(paths: string[]): Promise<void> {
    // The menu mints the id as any caller does; the windows follow the import by its events.
    if (paths.length === 0) return;
    await core.handlers.startImport({ importId: randomUUID(), source: { kind: 'paths', paths } });
  }
  const actions: MenuActions = {
    importPhotos: run(async (window) => importFrom(await dialogs.pickImportPaths(window))),
    importFolder: run(async (window) => importFrom(await dialogs.pickImportFolder(window))),
    newAlbum: () => sendCommand('new-album'),
    undo: () => sendCommand('undo'),
    redo: () => sendCommand('redo'),
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(menuTemplate({ development, platform: process.platform, actions })),
  );
}
