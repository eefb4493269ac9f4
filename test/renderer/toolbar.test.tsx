import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { createFakeClient } from './fake-client';
import { FakeLibrary, samplePhotos } from './fake-library';
import { albumsNav, findGrid, renderApp, tileOf } from './render-app';

afterEach(cleanup);

/** The toolbar's buttons by name, in the order they stand. */
function toolbarButtons(): string[] {
  return within(screen.getByRole('banner'))
    .getAllByRole('button')
    .map((button) => button.getAttribute('aria-label') ?? button.textContent ?? '');
}

describe('the toolbar', () => {
  it('keeps every button in its place when a command empties the selection', async () => {
    const library = new FakeLibrary(samplePhotos(6));
    library.addAlbum('Trip', [1, 2, 3, 4]);
    const { user } = renderApp(createFakeClient(library));
    await user.click(await within(albumsNav()).findByRole('button', { name: 'Trip' }));
    await findGrid('Trip');
    const before = toolbarButtons();
    await user.click(tileOf('IMG_0002.JPG'));
    expect(toolbarButtons()).toEqual(before);
    const remove = screen.getByRole('button', { name: 'Remove from album' });
    expect(remove).toHaveProperty('disabled', false);

    await user.click(remove);
    await waitFor(() => expect(screen.queryByAltText('IMG_0002.JPG')).toBeNull());
    expect(toolbarButtons()).toEqual(before);
    expect(remove.isConnected && remove.hasAttribute('disabled')).toBe(true);
    // The album's own commands come first, apart from what acts on the selection.
    const order = toolbarButtons();
    expect(order.indexOf('Delete album')).toBeLessThan(order.indexOf('Add to album'));
    expect(
      within(screen.getByRole('group', { name: 'Album' })).getByRole('button', {
        name: 'Delete album',
      }),
    ).toBeTruthy();
  });

  it('keeps the Add to album menu to the window and its long names in tooltips', async () => {
    const library = new FakeLibrary(samplePhotos(6));
    const long = 'Family reunion at the lake house, summer 2024, with everyone who came';
    library.addAlbum(long);
    for (let index = 0; index < 30; index += 1) library.addAlbum(`Album ${index}`);
    const { user } = renderApp(createFakeClient(library));
    await findGrid();
    await user.click(tileOf('IMG_0002.JPG'));
    await user.click(screen.getByRole('button', { name: 'Add to album' }));
    const menu = screen.getByRole('menu', { name: 'Albums to add to' });
    expect(menu.classList.contains('context-menu')).toBe(true);
    expect(within(menu).getByRole('menuitem', { name: long }).getAttribute('title')).toBe(long);
    // Capped to the window, so many albums scroll inside the menu.
    expect(menu.style.maxHeight).toBe(`${window.innerHeight - 16}px`);
    await user.click(screen.getByRole('button', { name: 'Add to album' }));
    expect(screen.queryByRole('menu')).toBeNull();
  });
});
