import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createFakeClient, type FakeClient } from './fake-client';
import { FakeLibrary, samplePhotos } from './fake-library';
import { albumsNav, findGrid, renderApp, selectedNames, tileOf } from './render-app';

afterEach(cleanup);

/** A library of 6 photos and the album "Trip" holding photos 1-4. */
function tripLibrary() {
  const library = new FakeLibrary(samplePhotos(6));
  library.addAlbum('Trip', [1, 2, 3, 4]);
  return library;
}

/** The calls of one method the UI made, by input. */
function callsOf(client: FakeClient, method: string): unknown[] {
  return client.library.calls.filter((call) => call.method === method).map((call) => call.input);
}

describe('the tile menu', () => {
  it('rates the selection from Rating ▸ 3 stars', async () => {
    const client = createFakeClient(tripLibrary());
    const { user } = renderApp(client);
    await findGrid();
    await user.click(tileOf('IMG_0002.JPG'));
    await user.keyboard('{Control>}');
    await user.click(tileOf('IMG_0004.JPG'));
    await user.keyboard('{/Control}');

    // Right-clicking a selected photo keeps the selection.
    fireEvent.contextMenu(tileOf('IMG_0004.JPG'), { clientX: 200, clientY: 200 });
    const menu = screen.getByRole('menu', { name: '2 photos' });
    expect(selectedNames()).toEqual(['IMG_0002.JPG', 'IMG_0004.JPG']);
    // Opened by the pointer, no item is picked yet; the keys work from the menu itself.
    expect(document.activeElement).toBe(menu);
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement?.textContent).toContain('Open');
    await user.hover(within(menu).getByRole('menuitem', { name: 'Rating' }));
    const rating = screen.getByRole('menu', { name: 'Rating' });
    await user.click(within(rating).getByRole('menuitemradio', { name: '3 stars' }));

    expect(screen.queryByRole('menu')).toBeNull();
    await waitFor(() =>
      expect(callsOf(client, 'updatePhotos')).toEqual([
        { photoIds: [2, 4], changes: { rating: 3 } },
      ]),
    );
  });

  it('selects only an unselected photo it is opened on, and trashes it', async () => {
    const client = createFakeClient(tripLibrary());
    const { user } = renderApp(client);
    await findGrid();
    await user.click(tileOf('IMG_0002.JPG'));
    fireEvent.contextMenu(tileOf('IMG_0005.JPG'), { clientX: 10, clientY: 10 });
    expect(selectedNames()).toEqual(['IMG_0005.JPG']);
    await user.click(screen.getByRole('menuitem', { name: 'Move to Trash' }));
    await waitFor(() => expect(callsOf(client, 'trashPhotos')).toEqual([{ photoIds: [5] }]));
  });

  it('works from the keyboard: Shift+F10, arrows, → into a submenu, ← and Escape', async () => {
    const client = createFakeClient(tripLibrary());
    const { user } = renderApp(client);
    const grid = await findGrid();
    grid.focus();
    await user.keyboard('{Control>}{ArrowRight}{/Control}');
    await user.keyboard('{Shift>}{F10}{/Shift}');
    const menu = screen.getByRole('menu', { name: 'Photo' });
    // The photo under the keyboard cursor is the one the menu is for.
    expect(selectedNames()).toEqual(['IMG_0002.JPG']);
    expect(document.activeElement?.textContent).toContain('Open');

    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(document.activeElement?.textContent).toContain('Flag');
    await user.keyboard('{ArrowRight}');
    const flags = screen.getByRole('menu', { name: 'Flag' });
    expect(document.activeElement).toBe(within(flags).getByRole('menuitemradio', { name: 'Pick' }));
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement?.textContent).toContain('None');
    await user.keyboard('{ArrowLeft}');
    expect(screen.queryByRole('menu', { name: 'Flag' })).toBeNull();
    expect(document.activeElement?.textContent).toContain('Flag');

    // Up from the top wraps to the last item; a letter jumps to the next item starting with it.
    await user.keyboard('{Home}{ArrowUp}');
    expect(document.activeElement?.textContent).toContain('Move to Trash');
    await user.keyboard('r');
    expect(document.activeElement?.textContent).toContain('Rating');
    await user.keyboard('r');
    expect(document.activeElement?.textContent).toContain('Rotate left');

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(grid);
    expect(menu.isConnected).toBe(false);

    // Enter runs the focused command.
    await user.keyboard('{Shift>}{F10}{/Shift}');
    await user.keyboard('{ArrowDown}{Enter}');
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    await waitFor(() =>
      expect(callsOf(client, 'updatePhotos')).toEqual([{ photoIds: [2], changes: { rating: 2 } }]),
    );
  });

  it('closes on a press outside and on a scroll', async () => {
    const { user } = renderApp(createFakeClient(tripLibrary()));
    const grid = await findGrid();
    fireEvent.contextMenu(tileOf('IMG_0001.JPG'), { clientX: 10, clientY: 10 });
    expect(screen.getByRole('menu')).toBeTruthy();
    await user.click(screen.getByRole('heading', { name: 'All photos' }));
    expect(screen.queryByRole('menu')).toBeNull();

    fireEvent.contextMenu(tileOf('IMG_0001.JPG'), { clientX: 10, clientY: 10 });
    fireEvent.scroll(grid);
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('offers Remove from album in an album, and Restore / Delete forever in the Trash', async () => {
    const client = createFakeClient(tripLibrary());
    const { user } = renderApp(client);
    await user.click(await within(albumsNav()).findByRole('button', { name: 'Trip' }));
    await findGrid('Trip');
    fireEvent.contextMenu(tileOf('IMG_0003.JPG'), { clientX: 10, clientY: 10 });
    await user.click(screen.getByRole('menuitem', { name: 'Remove from album' }));
    await waitFor(() =>
      expect(callsOf(client, 'removePhotosFromAlbum')).toEqual([{ albumId: 1, photoIds: [3] }]),
    );

    await user.click(screen.getByRole('button', { name: 'Trash' }));
    client.library.calls.length = 0;
    await user.click(screen.getByRole('button', { name: 'All photos' }));
    await findGrid();
    fireEvent.contextMenu(tileOf('IMG_0006.JPG'), { clientX: 10, clientY: 10 });
    await user.click(screen.getByRole('menuitem', { name: 'Move to Trash' }));
    await user.click(screen.getByRole('button', { name: 'Trash' }));
    await findGrid('Trash');
    fireEvent.contextMenu(tileOf('IMG_0006.JPG'), { clientX: 10, clientY: 10 });
    expect(screen.queryByRole('menuitem', { name: 'Move to Trash' })).toBeNull();
    expect(screen.getByRole('menuitem', { name: 'Delete forever…' })).toBeTruthy();
    await user.click(screen.getByRole('menuitem', { name: 'Restore' }));
    await waitFor(() => expect(callsOf(client, 'restorePhotos')).toEqual([{ photoIds: [6] }]));
  });
});

describe('the album menu', () => {
  it('renames from Rename…, and asks before Delete…', async () => {
    const { user } = renderApp(createFakeClient(tripLibrary()));
    const trip = await within(albumsNav()).findByRole('button', { name: 'Trip' });
    fireEvent.contextMenu(trip, { clientX: 40, clientY: 300 });
    const menu = screen.getByRole('menu', { name: 'Album “Trip”' });
    await user.click(within(menu).getByRole('menuitem', { name: 'Rename…' }));
    const field = screen.getByRole('textbox', { name: 'Album name' });
    expect(document.activeElement).toBe(field);
    await user.type(field, '{Escape}');

    const again = within(albumsNav()).getByRole('button', { name: 'Trip' });
    again.focus();
    await user.keyboard('{Shift>}{F10}{/Shift}');
    expect(screen.getByRole('menu', { name: 'Album “Trip”' })).toBeTruthy();
    await user.keyboard('{End}{Enter}');
    expect(screen.getByRole('alertdialog', { name: 'Delete the album “Trip”?' })).toBeTruthy();
  });
});
