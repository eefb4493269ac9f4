/** Folders added in place in the UI: the sidebar's list, adding, rescanning, locating, removing. */
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClient, type FakeClient } from './fake-client';
import { FakeLibrary, type PhotoSeed } from './fake-library';
import { findGrid, renderApp } from './render-app';

afterEach(cleanup);

const PICTURES = '/home/anna/Pictures';
const ARCHIVE = '/media/anna/Archive/2019';

// A version 4 UUID, as the renderer mints import ids.
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A photo left in `folder` as `name`. */
function inFolder(folder: string, name: string, status: PhotoSeed['status'] = 'ok'): PhotoSeed {
  return {
    originalName: name,
    takenAt: `2024-06-${String(10 + name.length).padStart(2, '0')}T10:00:00`,
    folderPath: `${folder}/${name}`,
    status,
  };
}

/**
 * A library with one photo of its own, Pictures (two photos, one missing) and an Archive on a
 * drive that is not connected (two photos, offline).
 */
function folderLibrary(): FakeLibrary {
  const library = new FakeLibrary([
    { originalName: 'OWN_0001.JPG', takenAt: '2024-06-30T10:00:00' },
    inFolder(PICTURES, 'DSC_0101.JPG'),
    inFolder(PICTURES, 'DSC_0102.JPG', 'missing'),
    inFolder(ARCHIVE, 'IMG_2019.JPG', 'offline'),
    inFolder(ARCHIVE, 'IMG_2020.JPG', 'offline'),
  ]);
  library.folders = [
    { id: 1, path: PICTURES, status: 'ok', photos: 2, missing: 1 },
    { id: 2, path: ARCHIVE, status: 'offline', photos: 2, missing: 0 },
  ];
  return library;
}

function foldersNav(): HTMLElement {
  return screen.getByRole('navigation', { name: 'Folders' });
}

function callsOf(client: FakeClient, method: string): unknown[] {
  return client.library.calls.filter((call) => call.method === method).map((call) => call.input);
}

/** Opens a folder's menu with its "⋯" button. */
async function openFolderMenu(name: string): Promise<HTMLElement> {
  const more = await within(foldersNav()).findByRole('button', {
    name: `Folder actions for ${name}`,
  });
  fireEvent.click(more, { clientX: 220, clientY: 300 });
  return screen.getByRole('menu', { name: `Folder “${name}”` });
}

describe('the sidebar’s folders', () => {
  it('lists the added folders with their counts, the offline one and missing files marked', async () => {
    renderApp(createFakeClient(folderLibrary()));
    const pictures = await within(foldersNav()).findByRole('button', { name: 'Pictures' });
    expect(pictures.title).toBe(PICTURES);
    expect(pictures.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(pictures.getAttribute('aria-describedby')!)?.textContent).toBe(
      '2 photos, 1 missing',
    );
    expect(pictures.textContent).not.toContain('Offline');

    const archive = within(foldersNav()).getByRole('button', { name: '2019' });
    expect(archive.title).toBe(`${ARCHIVE} (offline: its drive is not connected)`);
    expect(archive.textContent).toContain('Offline');
    expect(document.getElementById(archive.getAttribute('aria-describedby')!)?.textContent).toBe(
      '2 photos, offline: its drive is not connected',
    );
    // Apart from the albums.
    expect(
      within(screen.getByRole('navigation', { name: 'Albums' })).queryByText('Pictures'),
    ).toBeNull();
  });

  it('shows a folder’s photos on a click, as its search, and marks it current', async () => {
    const client = createFakeClient(folderLibrary());
    const { user } = renderApp(client);
    const grid = await findGrid();
    expect(within(grid).getByAltText('OWN_0001.JPG')).toBeTruthy();
    const pictures = await within(foldersNav()).findByRole('button', { name: 'Pictures' });
    expect(pictures.getAttribute('aria-current')).toBeNull();

    await user.click(pictures);
    const results = await findGrid('Search results');
    await waitFor(() => expect(within(results).queryByAltText('OWN_0001.JPG')).toBeNull());
    expect(within(results).getByAltText('DSC_0101.JPG')).toBeTruthy();
    expect(within(results).getByAltText('DSC_0102.JPG')).toBeTruthy();
    expect(within(results).queryByAltText('IMG_2019.JPG')).toBeNull();
    expect(
      (screen.getByRole('searchbox', { name: 'Search photos' }) as HTMLInputElement).value,
    ).toBe(`folder:"${PICTURES}"`);
    expect(pictures.getAttribute('aria-current')).toBe('page');
    expect(screen.queryByRole('menu')).toBeNull();

    // The offline folder's photos show too; Pictures is no longer current.
    const archive = within(foldersNav()).getByRole('button', { name: '2019' });
    await user.click(archive);
    expect(await screen.findByAltText('IMG_2019.JPG')).toBeTruthy();
    const archiveResults = await findGrid('Search results');
    expect(within(archiveResults).queryByAltText('DSC_0101.JPG')).toBeNull();
    expect(within(archiveResults).queryByAltText('OWN_0001.JPG')).toBeNull();
    expect(within(archiveResults).getByAltText('IMG_2020.JPG')).toBeTruthy();
    expect(archive.getAttribute('aria-current')).toBe('page');
    expect(pictures.getAttribute('aria-current')).toBeNull();
  });

  it('opens a folder’s menu on a right-click and on Shift+F10', async () => {
    renderApp(createFakeClient(folderLibrary()));
    await findGrid();
    const pictures = await within(foldersNav()).findByRole('button', { name: 'Pictures' });
    fireEvent.contextMenu(pictures, { clientX: 40, clientY: 300 });
    const menu = screen.getByRole('menu', { name: 'Folder “Pictures”' });
    expect(within(menu).getByRole('menuitem', { name: 'Locate…' })).toBeTruthy();
    fireEvent.keyDown(menu, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
    fireEvent.keyDown(pictures, { key: 'F10', shiftKey: true });
    expect(screen.getByRole('menu', { name: 'Folder “Pictures”' })).toBeTruthy();
  });

  it('opens the menu on a click on a folder whose path has a quote in it', async () => {
    const library = folderLibrary();
    library.folders = [
      { id: 3, path: '/home/anna/The "Best"', status: 'ok', photos: 0, missing: 0 },
    ];
    renderApp(createFakeClient(library));
    await findGrid();
    const entry = await within(foldersNav()).findByRole('button', { name: 'The "Best"' });
    fireEvent.click(entry, { clientX: 40, clientY: 300 });
    expect(screen.getByRole('menu', { name: 'Folder “The "Best"”' })).toBeTruthy();
  });

  it('adds a folder typed in a browser’s dialog, and its import shows in the import panel', async () => {
    const library = folderLibrary();
    library.folderContents['/srv/photos/Trip'] = ['TRIP_001.JPG', 'TRIP_002.JPG'];
    library.holdImports = true;
    const client = createFakeClient(library, { nativeDialogs: false, filePaths: false });
    const { user } = renderApp(client);
    await findGrid();

    await user.click(screen.getByRole('button', { name: 'Add folder…' }));
    const dialog = screen.getByRole('dialog', { name: 'Add folder' });
    const watch = within(dialog).getByRole('checkbox', { name: 'Watch for changes' });
    const xmp = within(dialog).getByRole('checkbox', { name: 'Write XMP sidecars' });
    expect((watch as HTMLInputElement).checked).toBe(true);
    expect((xmp as HTMLInputElement).checked).toBe(false);
    expect(
      within(dialog).getByText(/Shoebox never writes to this folder unless this is on/),
    ).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: 'Choose…' })).toBeNull();
    await user.type(within(dialog).getByRole('textbox', { name: 'Folder' }), '/srv/photos/Trip');
    await user.click(within(dialog).getByRole('button', { name: 'Add folder' }));

    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Add folder' })).toBeNull());
    expect(callsOf(client, 'addFolder')).toEqual([
      {
        path: '/srv/photos/Trip',
        importId: expect.stringMatching(UUID_V4),
        watch: true,
        writeXmp: false,
      },
    ]);
    expect(await within(foldersNav()).findByRole('button', { name: 'Trip' })).toBeTruthy();

    act(() => {
      for (let step = 0; step < 2; step += 1) library.releaseImport();
    });
    const panel = screen.getByRole('article', { name: 'Import' });
    expect(within(panel).getByRole('heading', { name: 'Importing 1 of 2…' })).toBeTruthy();
    expect(within(await findGrid()).getByAltText('TRIP_001.JPG')).toBeTruthy();
    act(() => {
      while (library.releaseImport());
    });
    expect(await within(panel).findByRole('heading', { name: 'Imported 2 photos' })).toBeTruthy();
    // Once it has ended, the folder's count is the core's.
    const trip = within(foldersNav()).getByRole('button', { name: 'Trip' });
    await waitFor(() =>
      expect(document.getElementById(trip.getAttribute('aria-describedby')!)?.textContent).toBe(
        '2 photos',
      ),
    );
  });

  it('says in the dialog why a server beyond loopback refuses a folder path', async () => {
    const library = folderLibrary();
    library.refuseFolderPaths = true;
    const client = createFakeClient(library, { nativeDialogs: false, filePaths: false });
    const { user } = renderApp(client);
    await findGrid();
    await user.click(screen.getByRole('button', { name: 'Add folder…' }));
    const dialog = screen.getByRole('dialog', { name: 'Add folder' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Folder' }), '/srv/photos');
    await user.click(within(dialog).getByRole('checkbox', { name: 'Write XMP sidecars' }));
    await user.click(within(dialog).getByRole('button', { name: 'Add folder' }));

    expect((await within(dialog).findByRole('alert')).textContent).toMatch(
      /allowed only from this machine/,
    );
    expect(callsOf(client, 'addFolder')).toMatchObject([{ path: '/srv/photos', writeXmp: true }]);
    // Nothing started: no import run is left behind.
    expect(screen.queryByRole('article', { name: 'Import' })).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog', { name: 'Add folder' })).toBeNull();
  });

  it('on the desktop picks the folder with the native dialog first', async () => {
    const client = createFakeClient(folderLibrary());
    const { user } = renderApp(client);
    await findGrid();
    await user.click(screen.getByRole('button', { name: 'Add folder…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add folder' });
    expect(callsOf(client, 'pickImportPaths')).toEqual([{ folders: true }]);
    expect(
      (within(dialog).getByRole('textbox', { name: 'Folder' }) as HTMLInputElement).value,
    ).toBe('/home/me/Pictures/DCIM');
    await user.click(within(dialog).getByRole('checkbox', { name: 'Watch for changes' }));
    await user.click(within(dialog).getByRole('button', { name: 'Add folder' }));
    await waitFor(() =>
      expect(callsOf(client, 'addFolder')).toMatchObject([
        { path: '/home/me/Pictures/DCIM', watch: false, writeXmp: false },
      ]),
    );
  });

  it('rescans a folder and says what it found in a toast', async () => {
    const library = folderLibrary();
    library.rescanCounts = { added: 3, changed: 0, moved: 2, missing: 1, returned: 0 };
    const client = createFakeClient(library);
    const { user } = renderApp(client);
    await findGrid();
    const menu = await openFolderMenu('Pictures');
    await user.click(within(menu).getByRole('menuitem', { name: 'Rescan' }));
    expect(callsOf(client, 'rescanFolders')).toEqual([{ folderId: 1 }]);
    const toasts = screen.getByRole('status', { name: 'Notifications' });
    expect(
      await within(toasts).findByText('Rescanned Pictures: 3 new, 2 moved, 1 missing'),
    ).toBeTruthy();
    expect(within(toasts).queryByText('Rescanning Pictures…')).toBeNull();
  });

  it('says a rescanned folder is offline rather than unchanged', async () => {
    const client = createFakeClient(folderLibrary());
    const { user } = renderApp(client);
    await findGrid();
    const menu = await openFolderMenu('2019');
    await user.click(within(menu).getByRole('menuitem', { name: 'Rescan' }));
    const toasts = screen.getByRole('status', { name: 'Notifications' });
    expect(
      await within(toasts).findByText(
        '2019 is offline: its drive is not connected. Connect it, or Locate… it.',
      ),
    ).toBeTruthy();
  });

  it('locates an offline folder at its new place', async () => {
    const client = createFakeClient(folderLibrary(), { nativeDialogs: false });
    const { user } = renderApp(client);
    await findGrid();
    const menu = await openFolderMenu('2019');
    await user.click(within(menu).getByRole('menuitem', { name: 'Locate…' }));
    const dialog = screen.getByRole('dialog', { name: 'Locate “2019”' });
    expect(within(dialog).getByText(/on a drive that is not connected now/)).toBeTruthy();
    const field = within(dialog).getByRole('textbox', { name: 'New place' });
    await user.clear(field);
    await user.type(field, '/media/anna/ARCHIVE2/2019');
    await user.click(within(dialog).getByRole('button', { name: 'Locate' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(callsOf(client, 'locateFolder')).toEqual([
      { folderId: 2, path: '/media/anna/ARCHIVE2/2019' },
    ]);
    const archive = await within(foldersNav()).findByRole('button', { name: '2019' });
    await waitFor(() => expect(archive.title).toBe('/media/anna/ARCHIVE2/2019'));
    expect(archive.textContent).not.toContain('Offline');
  });

  it('removes a folder from the library once confirmed: its photos go, its files stay', async () => {
    const client = createFakeClient(folderLibrary());
    const { user } = renderApp(client);
    const grid = await findGrid();
    expect(within(grid).getByAltText('DSC_0101.JPG')).toBeTruthy();
    const menu = await openFolderMenu('Pictures');
    await user.click(within(menu).getByRole('menuitem', { name: 'Remove from library…' }));

    const confirm = screen.getByRole('alertdialog', {
      name: 'Remove “Pictures” from the library?',
    });
    expect(confirm.textContent).toContain(
      'Its 2 photos leave Shoebox, with their ratings, keywords and albums; the files stay on disk.',
    );
    // Cancel is the safe choice, and the focused one.
    expect(document.activeElement?.textContent).toBe('Cancel');
    await user.click(within(confirm).getByRole('button', { name: 'Remove folder' }));

    await waitFor(() => expect(callsOf(client, 'removeFolder')).toEqual([{ folderId: 1 }]));
    await waitFor(() =>
      expect(within(foldersNav()).queryByRole('button', { name: 'Pictures' })).toBeNull(),
    );
    await waitFor(() => expect(within(grid).queryByAltText('DSC_0101.JPG')).toBeNull());
    expect(within(grid).getByAltText('OWN_0001.JPG')).toBeTruthy();
  });

  it('refetches the folders when another process changed the library', async () => {
    const library = folderLibrary();
    renderApp(createFakeClient(library));
    const archive = await within(foldersNav()).findByRole('button', { name: '2019' });
    expect(archive.textContent).toContain('Offline');
    library.folders[1] = { ...library.folders[1], status: 'ok' };
    act(() => library.emit('libraryChanged', { reason: 'external' }));
    await waitFor(() => expect(archive.textContent).not.toContain('Offline'));
  });
});
