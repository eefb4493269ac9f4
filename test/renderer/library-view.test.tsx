import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { ShoeboxError } from '../../common/errors';
import { createFakeClient } from './fake-client';
import { FakeLibrary, samplePhotos } from './fake-library';
import { albumsNav, findGrid, mediaPath, renderApp } from './render-app';

afterEach(cleanup);

describe('the library view', () => {
  it('greets a new library with a drop zone and one Import button', async () => {
    renderApp(createFakeClient());
    expect(await screen.findByRole('heading', { name: 'Drop photos here' })).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Import' })).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'New album' })).toBeTruthy();
    expect(albumsNav()).toBeTruthy();
  });

  it('shows the timeline with month and day headings and thumbnails named by file', async () => {
    renderApp(createFakeClient(samplePhotos(30, 7, '2024-06-30')));
    const grid = await findGrid();
    expect(within(grid).getByRole('heading', { name: 'June 2024' })).toBeTruthy();
    expect(within(grid).getByRole('heading', { name: 'Sunday, June 30' })).toBeTruthy();
    const first = within(grid).getByAltText('IMG_0001.JPG');
    expect(mediaPath(first.getAttribute('src'))).toBe('/media/1/thumb');
    expect(first.getAttribute('loading')).toBe('lazy');
    expect(first.getAttribute('decoding')).toBe('async');
    expect(screen.getByText('30 photos')).toBeTruthy();
  });

  it('lists albums by name with their counts, and opens one', async () => {
    const library = new FakeLibrary(samplePhotos(10));
    library.addAlbum('Holidays', [3, 4]);
    library.addAlbum('Empty one');
    const { user } = renderApp(createFakeClient(library));
    const holidays = await within(albumsNav()).findByRole('button', { name: 'Holidays' });
    expect(holidays.textContent).toContain('2');
    await user.click(holidays);
    const grid = await findGrid('Holidays');
    expect(
      within(grid)
        .getAllByRole('img')
        .map((img) => img.getAttribute('alt')),
    ).toEqual(['IMG_0003.JPG', 'IMG_0004.JPG']);
    await user.click(within(albumsNav()).getByRole('button', { name: 'Empty one' }));
    expect(await screen.findByRole('heading', { name: 'This album is empty' })).toBeTruthy();
  });

  it('shows trashed photos in the Trash and restores them', async () => {
    const library = new FakeLibrary(samplePhotos(4));
    await library.api.trashPhotos({ photoIds: [2] });
    const { user } = renderApp(createFakeClient(library));
    const trash = await screen.findByRole('button', { name: 'Trash' });
    await waitFor(() => expect(trash.textContent).toContain('1'));
    await user.click(trash);
    const grid = await findGrid('Trash');
    await user.click(within(grid).getByAltText('IMG_0002.JPG'));
    await user.click(screen.getByRole('button', { name: 'Restore' }));
    expect(await screen.findByRole('heading', { name: 'The Trash is empty' })).toBeTruthy();
    expect(screen.getByText('Restored 1 photo')).toBeTruthy();
  });

  it('keeps the photos on screen when a later page fails, and says why', async () => {
    const client = createFakeClient(samplePhotos(500, 40));
    const listPhotos = client.listPhotos;
    client.listPhotos = async (input) => {
      if (input?.cursor) throw new ShoeboxError('IO_ERROR', 'The library disk went away');
      return listPhotos(input);
    };
    const { user } = renderApp(client);
    const grid = await findGrid();
    grid.focus();
    await user.keyboard('{Control>}a{/Control}');
    expect(await screen.findByText('The library disk went away')).toBeTruthy();
    expect(
      within(screen.getByRole('grid', { name: 'All photos' })).getByAltText('IMG_0001.JPG'),
    ).toBeTruthy();
  });

  it('keeps the DOM small for a big library and loads pages as it needs them', async () => {
    const client = createFakeClient(samplePhotos(5000, 40));
    renderApp(client);
    const grid = await findGrid();
    expect(within(grid).getAllByRole('img').length).toBeLessThan(200);
    const listCalls = client.library.calls.filter((call) => call.method === 'listPhotos');
    expect(listCalls.length).toBeLessThanOrEqual(2);
    expect(client.library.calls.some((call) => call.method === 'getTimeline')).toBe(true);
  });
});
