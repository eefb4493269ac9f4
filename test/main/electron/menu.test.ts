import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import type { DialogHandlers } from '../../../main/electron/dialogs';
import { EVENT_CHANNEL } from '../../../common/channels';
import { menuTemplate, setupMenu } from '../../../main/electron/menu';
import { createWindowRegistry } from '../../../main/electron/window';
import {
  BrowserWindow,
  Menu,
  attachRenderer,
  ipcRenderer,
  resetElectronFake,
} from '../../mocks/electron';

const noActions = { importPhotos() {}, importFolder() {}, newAlbum() {}, undo() {}, redo() {} };

// A version 4 UUID, as node:crypto's randomUUID mints them.
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function roles(template: MenuItemConstructorOptions[]): string[] {
  return template.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

function item(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const found = template
    .flatMap((entry) => (Array.isArray(entry.submenu) ? entry.submenu : []))
    .find((entry) => entry.label === label);
  if (!found) throw new Error(`no menu item ${label}`);
  return found;
}

describe('menu', () => {
  beforeEach(() => resetElectronFake());

  it('offers reload and DevTools only in development', () => {
    const production = roles(
      menuTemplate({ development: false, platform: 'linux', actions: noActions }),
    );
    expect(production).not.toContain('toggleDevTools');
    expect(production).not.toContain('reload');
    expect(production).toEqual(
      expect.arrayContaining(['copy', 'paste', 'zoomIn', 'togglefullscreen']),
    );
    const development = roles(
      menuTemplate({ development: true, platform: 'linux', actions: noActions }),
    );
    expect(development).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('gives every File item its own accelerator, none of them DevTools’ Ctrl+Shift+I', () => {
    const template = menuTemplate({ development: true, platform: 'linux', actions: noActions });
    const accelerators = ['Import Photos…', 'Import Folder…', 'New Album'].map(
      (label) => item(template, label).accelerator,
    );
    expect(new Set(accelerators).size).toBe(3);
    // toggleDevTools' default accelerator on Linux and Windows.
    expect(accelerators).not.toContain('CmdOrCtrl+Shift+I');
  });

  it('imports what the user picks through the core, and asks the UI to name a new album', async () => {
    const startImport = vi.fn(async ({ importId }: { importId: string }) => ({ importId }));
    const createAlbum = vi.fn(async () => ({}));
    const core = { handlers: { startImport, createAlbum } };
    const dialogs = {
      pickImportPaths: vi.fn(async () => ['/card/DCIM']),
      pickImportFolder: vi.fn(async () => []),
      pickExportFolder: vi.fn(async () => null),
    };
    const windows = createWindowRegistry();
    const window = new BrowserWindow();
    windows.add(window as unknown as Electron.BrowserWindow);
    const received: unknown[] = [];
    attachRenderer(window.webContents);
    ipcRenderer.on(EVENT_CHANNEL, (_event, message) => received.push(message));
    setupMenu({
      core: core as never,
      dialogs: dialogs as unknown as DialogHandlers,
      windows,
      development: false,
    });
    const template = Menu.applicationMenu?.template as MenuItemConstructorOptions[];
    const click = (label: string) => (item(template, label).click as () => void)();

    click('Import Photos…');
    click('Import Folder…');
    click('New Album');
    click('Undo');
    click('Redo');
    // The album is named in the sidebar, and the UI's history undoes: the menu only asks.
    expect(received).toEqual(
      ['new-album', 'undo', 'redo'].map((command) => ({
        event: 'menuCommand',
        payload: { command },
      })),
    );
    expect(createAlbum).not.toHaveBeenCalled();
    await vi.waitFor(() => {
      expect(dialogs.pickImportFolder).toHaveBeenCalledWith(window);
      // A cancelled dialog (the folder one) starts nothing.
      expect(startImport.mock.calls).toEqual([
        // The menu mints the id, as every caller of startImport does.
        [
          {
            importId: expect.stringMatching(UUID_V4),
            source: { kind: 'paths', paths: ['/card/DCIM'] },
          },
        ],
      ]);
    });
  });

  it('sends New Album to the focused window, and to none when there is no window', () => {
    const windows = createWindowRegistry();
    const [first, second] = [new BrowserWindow(), new BrowserWindow()];
    for (const window of [first, second]) windows.add(window as unknown as Electron.BrowserWindow);
    setupMenu({
      core: { handlers: {} } as never,
      dialogs: {} as never,
      windows,
      development: false,
    });
    const template = Menu.applicationMenu?.template as MenuItemConstructorOptions[];
    const newAlbum = item(template, 'New Album').click as () => void;
    const received: unknown[] = [];
    ipcRenderer.on(EVENT_CHANNEL, (_event, message) => received.push(message));

    attachRenderer(first.webContents);
    second.focus();
    newAlbum();
    expect(received).toEqual([]);
    attachRenderer(second.webContents);
    newAlbum();
    expect(received).toHaveLength(1);

    second.close();
    first.close();
    newAlbum();
    expect(received).toHaveLength(1);
  });
});
