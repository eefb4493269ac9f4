import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createFakeClient } from './fake-client';
import { FakeLibrary, samplePhotos } from './fake-library';
import { albumsNav, fakeDataTransfer, findGrid, renderApp, tileOf } from './render-app';

afterEach(cleanup);

/** A library of 6 photos and the album "Trip" holding photos 1-4. */
function tripLibrary() {
  const library = new FakeLibrary(samplePhotos(6));
  library.addAlbum('Trip', [1, 2, 3, 4]);
  return library;
}

/** A drag event at `clientX` (happy-dom's DragEvent does not take mouse coordinates). */
function pointedDragEvent(type: string, dataTransfer: object, clientX: number): Event {
  const event = new Event(type, { bubbles: true, cancelable: true });
  Object.defineProperties(event, {
    dataTransfer: { value: dataTransfer },
    clientX: { value: clientX },
  });
  return event;
}

describe('albums', () => {
  it('creates an album from the sidebar, and says so when the name is taken', async () => {
    const client = createFakeClient(tripLibrary());
    const { user } = renderApp(client);
    await user.click(await screen.findByRole('button', { name: 'New album' }));
    await user.type(screen.getByRole('textbox', { name: 'New album name' }), 'Birthdays{Enter}');
    expect(await within(albumsNav()).findByRole('button', { name: 'Birthdays' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'New album' }));
    await user.type(screen.getByRole('textbox', { name: 'New album name' }), 'trip{Enter}');
    expect(await screen.findByText('An album named “trip” already exists')).toBeTruthy();
  });

  it('reorders albums by dragging one onto another', async () => {
    const library = tripLibrary();
    library.addAlbum('Family');
    renderApp(createFakeClient(library));
    const family = await within(albumsNav()).findByRole('button', { name: 'Family' });
    const transfer = fakeDataTransfer();
    fireEvent.dragStart(family, { dataTransfer: transfer });
    const trip = within(albumsNav()).getByRole('button', { name: 'Trip' });
    fireEvent.dragOver(trip, { dataTransfer: transfer });
    fireEvent.drop(trip, { dataTransfer: transfer });
    await waitFor(() =>
      expect(library.calls.find((call) => call.method === 'reorderAlbums')?.input).toEqual({
        albumIds: [2, 1],
      }),
    );
    const names = within(albumsNav())
      .getAllByRole('button')
      .map((button) => button.getAttribute('aria-label'));
    expect(names).toEqual(['Family', 'Trip']);
  });

  it('marks where a dragged album will go, and names cut-off albums in a tooltip', async () => {
    const library = tripLibrary();
    library.addAlbum('Family reunion at the lake house, summer 2024');
    renderApp(createFakeClient(library));
    const long = await within(albumsNav()).findByRole('button', {
      name: 'Family reunion at the lake house, summer 2024',
    });
    expect(long.getAttribute('title')).toBe('Family reunion at the lake house, summer 2024');
    const transfer = fakeDataTransfer();
    fireEvent.dragStart(long, { dataTransfer: transfer });
    const trip = within(albumsNav()).getByRole('button', { name: 'Trip' });
    fireEvent.dragOver(trip, { dataTransfer: transfer });
    expect(trip.classList.contains('is-insert-before')).toBe(true);
    fireEvent.dragLeave(trip, { dataTransfer: transfer });
    expect(trip.classList.contains('is-insert-before')).toBe(false);
  });

  it('moves the focused album with Alt+Up and Alt+Down, keeping focus on it', async () => {
    const library = tripLibrary();
    library.addAlbum('Family');
    library.addAlbum('Work');
    const { user } = renderApp(createFakeClient(library));
    const names = () =>
      within(albumsNav())
        .getAllByRole('button')
        .map((button) => button.getAttribute('aria-label'));
    (await within(albumsNav()).findByRole('button', { name: 'Trip' })).focus();
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}');
    await waitFor(() => expect(names()).toEqual(['Family', 'Trip', 'Work']));
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toBe('Trip'));
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}');
    await waitFor(() => expect(names()).toEqual(['Family', 'Work', 'Trip']));
    await user.keyboard('{Alt>}{ArrowUp}{/Alt}{Alt>}{ArrowUp}{/Alt}');
    await waitFor(() => expect(names()).toEqual(['Trip', 'Family', 'Work']));
  });

  it('keeps a new album typed and then clicked away from', async () => {
    const { user } = renderApp(createFakeClient(tripLibrary()));
    await user.click(await screen.findByRole('button', { name: 'New album' }));
    await user.type(screen.getByRole('textbox', { name: 'New album name' }), 'Birthdays');
    await user.click(screen.getByRole('button', { name: 'All photos' }));
    expect(await within(albumsNav()).findByRole('button', { name: 'Birthdays' })).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'New album name' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'New album' }));
    await user.type(screen.getByRole('textbox', { name: 'New album name' }), 'Drafts{Escape}');
    expect(within(albumsNav()).queryByRole('button', { name: 'Drafts' })).toBeNull();
  });

  it('renames and deletes an album (after confirming; photos stay)', async () => {
    const client = createFakeClient(tripLibrary());
    const { user } = renderApp(client);
    await user.click(await within(albumsNav()).findByRole('button', { name: 'Trip' }));
    await findGrid('Trip');
    await user.click(screen.getByRole('button', { name: 'Rename album' }));
    const field = screen.getByRole('textbox', { name: 'Album name' });
    await user.clear(field);
    await user.type(field, 'Road trip{Enter}');
    expect(await within(albumsNav()).findByRole('button', { name: 'Road trip' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Delete album' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete the album “Road trip”?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete album' }));
    await waitFor(() =>
      expect(within(albumsNav()).queryByRole('button', { name: 'Road trip' })).toBeNull(),
    );
    expect(await findGrid('All photos')).toBeTruthy();
    expect(screen.getByText('6 photos')).toBeTruthy();
  });

  it('adds the selection to an album from the menu and by dragging onto it', async () => {
    const library = tripLibrary();
    library.addAlbum('Best');
    const client = createFakeClient(library);
    const { user } = renderApp(client);
    await findGrid();
    await user.click(tileOf('IMG_0005.JPG'));
    await user.click(screen.getByRole('button', { name: 'Add to album' }));
    await user.click(screen.getByRole('menuitem', { name: 'Best' }));
    expect(await screen.findByText('Added 1 photo to “Best”')).toBeTruthy();
    expect(library.albumPhotoIds(2)).toEqual([5]);

    const best = within(albumsNav()).getByRole('button', { name: 'Best' });
    const transfer = fakeDataTransfer();
    fireEvent.dragStart(tileOf('IMG_0006.JPG'), { dataTransfer: transfer });
    fireEvent.dragOver(best, { dataTransfer: transfer });
    fireEvent.drop(best, { dataTransfer: transfer });
    await waitFor(() => expect(library.albumPhotoIds(2)).toEqual([5, 6]));
    await waitFor(() => expect(best.textContent).toContain('2'));
  });

  it('removes photos from an album and reorders them by dragging', async () => {
    const library = tripLibrary();
    const client = createFakeClient(library);
    const { user } = renderApp(client);
    await user.click(await within(albumsNav()).findByRole('button', { name: 'Trip' }));
    await findGrid('Trip');
    await user.click(tileOf('IMG_0002.JPG'));
    await user.click(screen.getByRole('button', { name: 'Remove from album' }));
    await waitFor(() => expect(library.albumPhotoIds(1)).toEqual([1, 3, 4]));
    expect(screen.queryByAltText('IMG_0002.JPG')).toBeNull();

    // Drag photo 4 onto the left half of photo 1: it goes first.
    const transfer = fakeDataTransfer();
    fireEvent.dragStart(tileOf('IMG_0004.JPG'), { dataTransfer: transfer });
    const target = tileOf('IMG_0001.JPG');
    vi.spyOn(target, 'getBoundingClientRect').mockReturnValue(new DOMRect(0, 0, 100, 100));
    fireEvent(target, pointedDragEvent('dragover', transfer, 10));
    fireEvent(target, pointedDragEvent('drop', transfer, 10));
    await waitFor(() =>
      expect(library.calls.find((call) => call.method === 'movePhotosInAlbum')?.input).toEqual({
        albumId: 1,
        photoIds: [4],
        beforePhotoId: 1,
      }),
    );
    await waitFor(() =>
      expect(
        within(screen.getByRole('grid', { name: 'Trip' }))
          .getAllByRole('img')
          .map((img) => img.getAttribute('alt')),
      ).toEqual(['IMG_0004.JPG', 'IMG_0001.JPG', 'IMG_0003.JPG']),
    );
  });

  it('asks how to export in a dialog, private by default, then exports to a folder picked natively', async () => {
    const library = tripLibrary();
    const client = createFakeClient(library);
    const { user } = renderApp(client);
    await user.click(await within(albumsNav()).findByRole('button', { name: 'Trip' }));
    await user.click(screen.getByRole('button', { name: 'Export album' }));
    const dialog = screen.getByRole('dialog', { name: 'Export album' });
    const title = within(dialog).getByRole('textbox', { name: 'Title' });
    const captions = within(dialog).getByRole('checkbox', { name: 'Show file names in captions' });
    const gps = within(dialog).getByRole('checkbox', { name: 'Include GPS locations' });
    expect(title).toHaveProperty('value', 'Trip');
    expect(document.activeElement).toBe(title);
    expect(captions).toHaveProperty('checked', true);
    expect(gps).toHaveProperty('checked', false);
    expect(gps.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(gps.getAttribute('aria-describedby')!)?.textContent).toMatch(
      /private/,
    );
    expect(library.calls.some((call) => call.method === 'startExport')).toBe(false);

    await user.clear(title);
    await user.type(title, 'Trip to the coast');
    await user.click(gps);
    await user.click(within(dialog).getByRole('button', { name: 'Export…' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() =>
      expect(library.calls.find((call) => call.method === 'startExport')?.input).toEqual({
        albumId: 1,
        destination: { kind: 'folder', path: '/home/me/Exports' },
        title: 'Trip to the coast',
        keepGps: true,
        captionFileNames: true,
      }),
    );
    const card = await screen.findByRole('article', { name: 'Export' });
    expect(await within(card).findByRole('heading', { name: 'Exported “Trip”' })).toBeTruthy();
    expect(within(card).getByText('/home/me/Exports')).toBeTruthy();
    expect(client.downloads).toEqual([]);

    // The dialog remembers the last choices for this album.
    await user.click(screen.getByRole('button', { name: 'Export album' }));
    const again = screen.getByRole('dialog', { name: 'Export album' });
    expect(within(again).getByRole('textbox', { name: 'Title' })).toHaveProperty(
      'value',
      'Trip to the coast',
    );
    expect(within(again).getByRole('checkbox', { name: 'Include GPS locations' })).toHaveProperty(
      'checked',
      true,
    );
  });

  it('keeps focus in the export dialog and cancels it with Escape', async () => {
    const library = tripLibrary();
    const client = createFakeClient(library);
    const { user } = renderApp(client);
    await user.click(await within(albumsNav()).findByRole('button', { name: 'Trip' }));
    const exportButton = screen.getByRole('button', { name: 'Export album' });
    await user.click(exportButton);
    const dialog = screen.getByRole('dialog', { name: 'Export album' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();

    await user.click(exportButton);
    const primary = within(screen.getByRole('dialog')).getByRole('button', { name: 'Export…' });
    primary.focus();
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Title' }));
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(primary);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(exportButton);
    expect(library.calls.some((call) => call.method === 'pickExportFolder')).toBe(false);
    expect(library.calls.some((call) => call.method === 'startExport')).toBe(false);
  });

  it('exports as a zip download in a browser and downloads it when it is ready', async () => {
    const library = tripLibrary();
    const client = createFakeClient(library, {
      nativeDialogs: false,
      zipDownload: true,
      filePaths: false,
    });
    const { user } = renderApp(client);
    await user.click(await within(albumsNav()).findByRole('button', { name: 'Trip' }));
    await user.click(screen.getByRole('button', { name: 'Export album' }));
    const dialog = screen.getByRole('dialog', { name: 'Export album' });
    expect(within(dialog).queryByRole('button', { name: 'Export…' })).toBeNull();
    await user.click(within(dialog).getByRole('checkbox', { name: 'Show file names in captions' }));
    await user.click(within(dialog).getByRole('button', { name: 'Download zip' }));
    await waitFor(() => expect(client.downloads).toEqual(['/exports/export-1.zip']));
    expect(library.calls.find((call) => call.method === 'startExport')?.input).toEqual({
      albumId: 1,
      destination: { kind: 'download' },
      title: 'Trip',
      keepGps: false,
      captionFileNames: false,
    });
    expect(library.calls.some((call) => call.method === 'pickExportFolder')).toBe(false);
  });
});
