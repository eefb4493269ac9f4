import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import type { DialogHandlers } from '../../../main/electron/dialogs';
import { menuTemplate, setupMenu, unusedAlbumName } from '../../../main/electron/menu';
import { createWindowRegistry } from '../../../main/electron/window';
import { BrowserWindow, Menu, resetElectronFake } from '../../mocks/electron';

vi.mock('electron', () => import('../../mocks/electron'));

const noActions = { importPhotos() {}, importFolder() {}, newAlbum() {} };

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
    expect(production).toEqual(expect.arrayContaining(['editMenu', 'zoomIn', 'togglefullscreen']));
    const development = roles(
      menuTemplate({ development: true, platform: 'linux', actions: noActions }),
    );
    expect(development).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('names new albums so they never collide', () => {
    expect(unusedAlbumName([])).toBe('New Album');
    expect(unusedAlbumName(['new album', 'New Album 2'])).toBe('New Album 3');
  });

  it('imports what the user picks, and creates albums, through the core', async () => {
    const startImport = vi.fn(async () => ({ importId: 'i1' }));
    const createAlbum = vi.fn(async () => ({}));
    const core = {
      handlers: { startImport, createAlbum, listAlbums: async () => [{ name: 'New Album' }] },
    };
    const dialogs = {
      pickImportPaths: vi.fn(async () => ['/card/DCIM']),
      pickImportFolder: vi.fn(async () => []),
      pickExportFolder: vi.fn(async () => null),
    };
    const windows = createWindowRegistry();
    const window = new BrowserWindow();
    windows.add(window as unknown as Electron.BrowserWindow);
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
    await vi.waitFor(() => {
      expect(createAlbum).toHaveBeenCalledWith({ name: 'New Album 2' });
      expect(dialogs.pickImportFolder).toHaveBeenCalledWith(window);
      // A cancelled dialog (the folder one) starts nothing.
      expect(startImport.mock.calls).toEqual([
        [{ source: { kind: 'paths', paths: ['/card/DCIM'] } }],
      ]);
    });
  });
});
