import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { MAX_HISTORY_STEPS } from '../../renderer/store/history-slice';
import { createFakeClient, type FakeClient } from './fake-client';
import { FakeLibrary, samplePhotos } from './fake-library';
import { albumsNav, findGrid, renderApp, tileOf } from './render-app';

afterEach(cleanup);

/** The photo as the library now has it (not as the screen shows it). */
async function stored(client: FakeClient, photoId: number) {
  return client.getPhoto({ photoId });
}

/** The calls of one method the UI made, by input. */
function callsOf(client: FakeClient, method: string): unknown[] {
  return client.library.calls.filter((call) => call.method === method).map((call) => call.input);
}

async function openLibrary(count = 6) {
  const client = createFakeClient(samplePhotos(count));
  const session = renderApp(client);
  const grid = await findGrid();
  return { client, grid, ...session };
}

describe('culling with the keyboard', () => {
  it('rates, flags and labels the selection with Lightroom’s keys', async () => {
    const { client, user } = await openLibrary();
    await user.click(tileOf('IMG_0002.JPG'));
    await user.keyboard('{Control>}');
    await user.click(tileOf('IMG_0004.JPG'));
    await user.keyboard('{/Control}');

    await user.keyboard('4');
    await user.keyboard('p');
    await user.keyboard('8');
    await waitFor(() => expect(callsOf(client, 'updatePhotos')).toHaveLength(3));
    for (const id of [2, 4]) {
      expect(await stored(client, id)).toMatchObject({ rating: 4, flag: 'pick', label: 'green' });
    }
    // Photos outside the selection are left alone.
    expect(await stored(client, 3)).toMatchObject({ rating: 0, flag: null, label: null });
    expect(screen.getByText('Pick: 2 photos')).toBeTruthy();

    // The same label key again takes the label off; U unflags, 0 clears the stars.
    await user.keyboard('8');
    await user.keyboard('u');
    await user.keyboard('0');
    await waitFor(async () =>
      expect(await stored(client, 4)).toMatchObject({ rating: 0, flag: null, label: null }),
    );
  });

  it('acts on the tile under the keyboard cursor when nothing is selected', async () => {
    const { client, grid, user } = await openLibrary();
    grid.focus();
    await user.keyboard('{Control>}{ArrowRight}{/Control}');
    await user.keyboard('x');
    await waitFor(async () => expect((await stored(client, 2)).flag).toBe('reject'));
  });

  it('in the viewer, acts on the shown photo and moves on with Shift', async () => {
    const { client, user } = await openLibrary();
    await user.dblClick(tileOf('IMG_0002.JPG'));
    await screen.findByRole('dialog', { name: 'IMG_0002.JPG' });
    await user.keyboard('3');
    await user.keyboard('{Shift>}X{/Shift}');
    await screen.findByRole('dialog', { name: 'IMG_0003.JPG' });
    expect(screen.getByText('3 of 6')).toBeTruthy();
    await waitFor(async () =>
      expect(await stored(client, 2)).toMatchObject({ rating: 3, flag: 'reject' }),
    );
    expect((await stored(client, 3)).flag).toBeNull();
  });

  it('goes on to the next tile after each key with Auto advance', async () => {
    const { client, user } = await openLibrary();
    await user.click(screen.getByRole('checkbox', { name: 'Auto advance' }));
    await user.click(tileOf('IMG_0001.JPG'));
    await user.keyboard('5');
    await waitFor(() => expect(tileOf('IMG_0002.JPG').getAttribute('aria-selected')).toBe('true'));
    await user.keyboard('1');
    await waitFor(() => expect(tileOf('IMG_0003.JPG').getAttribute('aria-selected')).toBe('true'));
    expect((await stored(client, 1)).rating).toBe(5);
    expect((await stored(client, 2)).rating).toBe(1);
  });

  it('leaves keys typed into a text field alone', async () => {
    const { client, user } = await openLibrary();
    await user.click(tileOf('IMG_0001.JPG'));
    await user.click(screen.getByRole('button', { name: 'New album' }));
    await user.keyboard('P5');
    expect(callsOf(client, 'updatePhotos')).toEqual([]);
    expect(
      (screen.getByRole('textbox', { name: 'New album name' }) as HTMLInputElement).value,
    ).toBe('P5');
  });

  it('shows the panel describing the selection beside the grid with I', async () => {
    const { user } = await openLibrary();
    await user.click(tileOf('IMG_0002.JPG'));
    await user.keyboard('{Control>}');
    await user.click(tileOf('IMG_0004.JPG'));
    await user.keyboard('{/Control}');
    await user.keyboard('i');
    const panel = await screen.findByRole('complementary', { name: 'Selection info' });
    expect(within(panel).getByRole('heading', { name: '2 photos selected' })).toBeTruthy();
    await user.keyboard('i');
    expect(screen.queryByRole('complementary', { name: 'Selection info' })).toBeNull();
  });

  it('lists every shortcut with ?, and closes the list with Escape', async () => {
    const { user } = await openLibrary();
    await user.keyboard('?');
    const list = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    for (const action of ['Flag as pick', 'Flag as reject', 'Undo', 'Fit or 1:1 (100 %)']) {
      expect(within(list).getByText(action)).toBeTruthy();
    }
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).toBeNull();
  });
});

describe('undo and redo', () => {
  it('takes back a change with Ctrl+Z and does it again with Ctrl+Shift+Z', async () => {
    const { client, user } = await openLibrary();
    await user.click(tileOf('IMG_0001.JPG'));
    await user.keyboard('2');
    await waitFor(async () => expect((await stored(client, 1)).rating).toBe(2));
    await user.keyboard('5');
    await waitFor(async () => expect((await stored(client, 1)).rating).toBe(5));

    await user.keyboard('{Control>}z{/Control}');
    await waitFor(async () => expect((await stored(client, 1)).rating).toBe(2));
    await user.keyboard('{Control>}z{/Control}');
    await waitFor(async () => expect((await stored(client, 1)).rating).toBe(0));
    expect(await screen.findByText('Undid: 2 ★')).toBeTruthy();
    await user.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    await waitFor(async () => expect((await stored(client, 1)).rating).toBe(2));
    await user.keyboard('{Control>}y{/Control}');
    await waitFor(async () => expect((await stored(client, 1)).rating).toBe(5));
  });

  it(`keeps the last ${MAX_HISTORY_STEPS} steps`, async () => {
    const { client, user } = await openLibrary(2);
    await user.click(tileOf('IMG_0001.JPG'));
    const steps = MAX_HISTORY_STEPS + 10;
    // Ratings 1..5 round and round; step k leaves (k % 5) + 1 stars.
    for (let step = 0; step < steps; step += 1) await user.keyboard(String((step % 5) + 1));
    await waitFor(() => expect(callsOf(client, 'updatePhotos')).toHaveLength(steps));
    for (let undo = 0; undo < MAX_HISTORY_STEPS + 5; undo += 1) {
      await user.keyboard('{Control>}z{/Control}');
    }
    // The oldest ten steps are beyond the history: back to just after them, and no further.
    await waitFor(() =>
      expect(callsOf(client, 'restoreDescriptions')).toHaveLength(MAX_HISTORY_STEPS),
    );
    expect((await stored(client, 1)).rating).toBe(((10 - 1) % 5) + 1);
    expect(await screen.findByText('Nothing to undo')).toBeTruthy();
  });

  it('undoes a move to the Trash, from the toast or with Ctrl+Z', async () => {
    const { client, user, grid } = await openLibrary();
    await user.click(tileOf('IMG_0003.JPG'));
    await user.keyboard('{Delete}');
    await waitFor(() => expect(within(grid).queryByAltText('IMG_0003.JPG')).toBeNull());
    await user.keyboard('{Control>}z{/Control}');
    expect(await within(grid).findByAltText('IMG_0003.JPG')).toBeTruthy();
    expect((await stored(client, 3)).trashedAt).toBeNull();

    await user.click(tileOf('IMG_0004.JPG'));
    await user.keyboard('{Delete}');
    // The first move's toast may still be there: this one is the newest.
    const toast = (await screen.findAllByText('Moved 1 photo to the Trash')).at(-1)!;
    await user.click(within(toast.closest('li')!).getByRole('button', { name: 'Undo' }));
    expect(await within(grid).findByAltText('IMG_0004.JPG')).toBeTruthy();
    // Undone once: the history holds nothing more of it.
    expect(callsOf(client, 'restorePhotos')).toHaveLength(2);
  });

  it('undoes adding to an album only for the photos it added', async () => {
    const library = new FakeLibrary(samplePhotos(4));
    library.addAlbum('Best', [2]);
    const client = createFakeClient(library);
    const { user } = renderApp(client);
    await findGrid();
    // IMG_0002 is in the album already; IMG_0001 is not.
    await user.click(tileOf('IMG_0001.JPG'));
    await user.keyboard('{Control>}');
    await user.click(tileOf('IMG_0002.JPG'));
    await user.keyboard('{/Control}');
    await user.click(screen.getByRole('button', { name: 'Add to album' }));
    await user.click(screen.getByRole('menuitem', { name: 'Best' }));
    expect(await screen.findByText('Added 1 photo to “Best” (1 photo already there)')).toBeTruthy();
    expect(library.albumPhotoIds(1)).toEqual([2, 1]);

    await user.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(library.albumPhotoIds(1)).toEqual([2]));
    expect(within(albumsNav()).getByRole('button', { name: 'Best' }).textContent).toContain('1');
  });

  it('puts photos removed from an album back where they were', async () => {
    const library = new FakeLibrary(samplePhotos(5));
    library.addAlbum('Trip', [1, 2, 3, 4, 5]);
    const client = createFakeClient(library);
    const { user } = renderApp(client);
    await findGrid();
    await user.click(within(albumsNav()).getByRole('button', { name: 'Trip' }));
    const grid = await findGrid('Trip');
    await user.click(within(grid).getByAltText('IMG_0004.JPG'));
    await user.keyboard('{Control>}');
    await user.click(tileOf('IMG_0002.JPG'));
    await user.keyboard('{/Control}');
    await user.click(screen.getByRole('button', { name: 'Remove from album' }));
    await waitFor(() => expect(library.albumPhotoIds(1)).toEqual([1, 3, 5]));

    await user.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(library.albumPhotoIds(1)).toEqual([1, 2, 3, 4, 5]));
    expect(await within(grid).findByAltText('IMG_0004.JPG')).toBeTruthy();
  });

  it('rotates with Ctrl+] and turns back on undo', async () => {
    const { client, user } = await openLibrary();
    await user.click(tileOf('IMG_0001.JPG'));
    await user.keyboard('{Control>}]{/Control}');
    await waitFor(async () => expect((await stored(client, 1)).rotation).toBe(90));
    await user.keyboard('{Control>}[[{/Control}');
    await waitFor(async () => expect((await stored(client, 1)).rotation).toBe(0));
    await user.keyboard('{Control>}z{/Control}');
    await waitFor(async () => expect((await stored(client, 1)).rotation).toBe(90));
    expect(callsOf(client, 'rotatePhotos')).toEqual([
      { photoIds: [1], direction: 'right' },
      { photoIds: [1], direction: 'left' },
      { photoIds: [1], direction: 'right' },
    ]);
  });

  it('undoes from the desktop menu', async () => {
    const { client, user } = await openLibrary();
    await user.click(tileOf('IMG_0001.JPG'));
    await user.keyboard('4');
    await waitFor(async () => expect((await stored(client, 1)).rating).toBe(4));
    client.library.emit('menuCommand', { command: 'undo' });
    await waitFor(async () => expect((await stored(client, 1)).rating).toBe(0));
    client.library.emit('menuCommand', { command: 'redo' });
    await waitFor(async () => expect((await stored(client, 1)).rating).toBe(4));
  });
});
