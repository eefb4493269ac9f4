import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { createFakeClient } from './fake-client';
import { FakeLibrary, samplePhotos } from './fake-library';
import { albumsNav, findGrid, renderApp, selectedNames, tileOf } from './render-app';

afterEach(cleanup);

/** The sidebar entry "All photos" (its count is its description). */
function allPhotosEntry(): HTMLElement {
  return screen.getByRole('button', { name: 'All photos' });
}

/** How many times the app called `method` so far. */
function callsOf(library: FakeLibrary, method: string): number {
  return library.calls.filter((call) => call.method === method).length;
}

describe('changes made elsewhere (the CLI, another window)', () => {
  it('shows new albums, counts and photos, keeping the selection', async () => {
    const library = new FakeLibrary(samplePhotos(6));
    const { user } = renderApp(createFakeClient(library));
    await findGrid();
    await user.click(tileOf('IMG_0003.JPG'));
    expect(allPhotosEntry().textContent).toContain('6');

    // What `shoebox import --album "From the card"` in a terminal would have written.
    const photo = library.addPhoto({
      originalName: 'CARD_0001.JPG',
      takenAt: '2024-07-04T12:00:00',
    });
    library.addAlbum('From the card', [photo.id]);
    library.emit('libraryChanged', { reason: 'external' });

    const album = await within(albumsNav()).findByRole('button', { name: 'From the card' });
    expect(album.textContent).toContain('1');
    await waitFor(() => expect(allPhotosEntry().textContent).toContain('7'));
    expect(await screen.findByAltText('CARD_0001.JPG')).toBeTruthy();
    expect(selectedNames()).toEqual(['IMG_0003.JPG']);
  });

  it('shows that another process is importing, and stops when it is done', async () => {
    const library = new FakeLibrary(samplePhotos(3));
    renderApp(createFakeClient(library));
    await findGrid();
    const pagesBefore = callsOf(library, 'listPhotos');

    library.otherProcesses = [
      {
        program: 'shoebox import',
        pid: 4242,
        host: 'this-machine',
        activity: 'importing',
        startedAt: '2026-12-02T06:00:00.000Z',
      },
    ];
    library.emit('libraryChanged', { reason: 'activity' });
    const card = await screen.findByRole('article', { name: 'Another Shoebox process' });
    expect(card.textContent).toContain('shoebox import is importing');
    expect(card.textContent).toContain('pid 4242');
    expect(within(card).getByRole('progressbar')).toBeTruthy();
    // What others are doing changes no listing: the photos are not fetched again for it.
    expect(callsOf(library, 'listPhotos')).toBe(pagesBefore);

    library.otherProcesses = [{ ...library.otherProcesses[0]!, activity: null }];
    library.emit('libraryChanged', { reason: 'activity' });
    await waitFor(() =>
      expect(screen.queryByRole('article', { name: 'Another Shoebox process' })).toBeNull(),
    );
  });

  it('folds a burst of changes into at most one refresh after the one running', async () => {
    const library = new FakeLibrary(samplePhotos(6));
    renderApp(createFakeClient(library));
    await findGrid();
    const before = {
      albums: callsOf(library, 'listAlbums'),
      pages: callsOf(library, 'listPhotos'),
    };

    for (let n = 1; n <= 10; n += 1) {
      library.addAlbum(`Album ${n}`);
      library.emit('libraryChanged', { reason: 'external' });
    }

    expect(await within(albumsNav()).findByRole('button', { name: 'Album 10' })).toBeTruthy();
    await waitFor(() => expect(callsOf(library, 'listPhotos')).toBeGreaterThan(before.pages));
    expect(callsOf(library, 'listAlbums') - before.albums).toBeLessThanOrEqual(2);
    expect(callsOf(library, 'listPhotos') - before.pages).toBeLessThanOrEqual(2);
  });

  it('refreshes the sidebar but not the timeline when only albums changed', async () => {
    const library = new FakeLibrary(samplePhotos(6));
    renderApp(createFakeClient(library));
    await findGrid();
    const pages = callsOf(library, 'listPhotos');

    library.addAlbum('Renamed elsewhere');
    library.emit('libraryChanged', { reason: 'albums' });

    expect(
      await within(albumsNav()).findByRole('button', { name: 'Renamed elsewhere' }),
    ).toBeTruthy();
    expect(callsOf(library, 'listPhotos')).toBe(pages);
  });

  it('goes back to All photos when the album on screen was deleted elsewhere', async () => {
    const library = new FakeLibrary(samplePhotos(6));
    const trip = library.addAlbum('Trip', [1, 2]);
    const client = createFakeClient(library);
    const { user } = renderApp(client);
    await user.click(await within(albumsNav()).findByRole('button', { name: 'Trip' }));
    await findGrid('Trip');

    await client.deleteAlbum({ albumId: trip.id });
    library.emit('libraryChanged', { reason: 'albums' });

    expect(await findGrid('All photos')).toBeTruthy();
    expect(within(albumsNav()).queryByRole('button', { name: 'Trip' })).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('the viewer and the selection across changes made elsewhere', () => {
  it('keeps showing the same photo when photos are added before it, and moves on when it goes', async () => {
    const library = new FakeLibrary(samplePhotos(6));
    const { user } = renderApp(createFakeClient(library));
    await user.dblClick(within(await findGrid()).getByAltText('IMG_0003.JPG'));
    await screen.findByRole('dialog', { name: 'IMG_0003.JPG' });
    expect(screen.getByText('3 of 6')).toBeTruthy();

    // `shoebox import` of newer photos: they list before the one on screen.
    library.addPhoto({ originalName: 'CLI_0001.JPG', takenAt: '2024-07-04T12:00:00' });
    library.addPhoto({ originalName: 'CLI_0002.JPG', takenAt: '2024-07-04T13:00:00' });
    library.emit('libraryChanged', { reason: 'external' });

    await waitFor(() => expect(screen.getByText('5 of 8')).toBeTruthy());
    const viewer = screen.getByRole('dialog', { name: 'IMG_0003.JPG' });
    expect(within(viewer).getByAltText('IMG_0003.JPG')).toBeTruthy();
    expect(viewer.querySelector('.viewer-title')?.textContent).toBe('IMG_0003.JPG');

    // Trashed from the command line: the viewer goes on to the next photo.
    await library.api.trashPhotos({ photoIds: [3] });
    library.emit('libraryChanged', { reason: 'external' });
    await screen.findByRole('dialog', { name: 'IMG_0004.JPG' });
    expect(screen.getByText('5 of 7')).toBeTruthy();
  });

  it('drops photos deleted elsewhere from the selection', async () => {
    const library = new FakeLibrary(samplePhotos(6));
    const { user } = renderApp(createFakeClient(library));
    await findGrid();
    await user.click(tileOf('IMG_0003.JPG'));
    await user.keyboard('{Control>}');
    await user.click(tileOf('IMG_0004.JPG'));
    await user.keyboard('{/Control}');
    expect(screen.getByText('2 selected')).toBeTruthy();

    await library.api.trashPhotos({ photoIds: [3] });
    await library.api.deleteFromTrash({ photoIds: [3] });
    library.emit('libraryChanged', { reason: 'external' });

    await waitFor(() => expect(screen.getByText('1 selected')).toBeTruthy());
    expect(selectedNames()).toEqual(['IMG_0004.JPG']);
  });

  it('keeps selected photos the reload did not bring back when they are still there', async () => {
    const library = new FakeLibrary(samplePhotos(250));
    const { user } = renderApp(createFakeClient(library));
    await findGrid();
    await user.click(tileOf('IMG_0003.JPG'));
    await user.keyboard('{Control>}');
    await user.click(tileOf('IMG_0004.JPG'));
    await user.keyboard('{/Control}');

    // Enough newer photos that the reload's first page stops before the selected ones.
    for (let n = 1; n <= 250; n += 1) {
      library.addPhoto({ originalName: `CLI_${n}.JPG`, takenAt: '2024-08-01T12:00:00' });
    }
    await library.api.trashPhotos({ photoIds: [4] });
    library.emit('libraryChanged', { reason: 'external' });

    await waitFor(() => expect(screen.getByText('1 selected')).toBeTruthy());
    const asked = library.calls.filter((call) => call.method === 'getPhoto');
    expect(asked.map((call) => call.input)).toEqual([{ photoId: 3 }, { photoId: 4 }]);
  });

  it('finds the viewer photo again when the reload did not bring it back', async () => {
    const library = new FakeLibrary(samplePhotos(250));
    const { user } = renderApp(createFakeClient(library));
    await user.dblClick(within(await findGrid()).getByAltText('IMG_0003.JPG'));
    await screen.findByRole('dialog', { name: 'IMG_0003.JPG' });

    for (let n = 1; n <= 250; n += 1) {
      library.addPhoto({ originalName: `CLI_${n}.JPG`, takenAt: '2024-08-01T12:00:00' });
    }
    library.emit('libraryChanged', { reason: 'external' });

    await waitFor(() => expect(screen.getByText('253 of 500')).toBeTruthy());
    const viewer = screen.getByRole('dialog', { name: 'IMG_0003.JPG' });
    expect(within(viewer).getByAltText('IMG_0003.JPG')).toBeTruthy();
  });
});

describe('menu commands', () => {
  it('File > New Album opens the sidebar field to name the album', async () => {
    const library = new FakeLibrary(samplePhotos(3));
    const { user } = renderApp(createFakeClient(library));
    await findGrid();

    library.emit('menuCommand', { command: 'new-album' });

    const field = await screen.findByRole('textbox', { name: 'New album name' });
    expect(document.activeElement).toBe(field);
    await user.type(field, 'Birthdays{Enter}');
    expect(await within(albumsNav()).findByRole('button', { name: 'Birthdays' })).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'New album name' })).toBeNull();
  });
});
