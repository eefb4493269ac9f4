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
