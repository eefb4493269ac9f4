import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { createFakeClient } from './fake-client';
import { samplePhotos } from './fake-library';
import { findGrid, renderApp, selectedNames, tileOf } from './render-app';

afterEach(cleanup);

/** A rendered library of 20 photos (7 a day), with its grid. */
async function setup() {
  const client = createFakeClient(samplePhotos(20, 7));
  const session = renderApp(client);
  const grid = await findGrid();
  return { client, grid, ...session };
}

describe('selecting photos', () => {
  it('selects by click, extends with shift-click, toggles with ctrl/cmd-click', async () => {
    const { user } = await setup();
    await user.click(tileOf('IMG_0002.JPG'));
    expect(selectedNames()).toEqual(['IMG_0002.JPG']);
    await user.keyboard('{Shift>}');
    await user.click(tileOf('IMG_0005.JPG'));
    await user.keyboard('{/Shift}');
    await waitFor(() =>
      expect(selectedNames()).toEqual([
        'IMG_0002.JPG',
        'IMG_0003.JPG',
        'IMG_0004.JPG',
        'IMG_0005.JPG',
      ]),
    );
    await user.keyboard('{Control>}');
    await user.click(tileOf('IMG_0003.JPG'));
    await user.click(tileOf('IMG_0009.JPG'));
    await user.keyboard('{/Control}');
    expect(selectedNames()).toEqual([
      'IMG_0002.JPG',
      'IMG_0004.JPG',
      'IMG_0005.JPG',
      'IMG_0009.JPG',
    ]);
    expect(screen.getByText('4 selected')).toBeTruthy();
  });

  it('selects everything with Ctrl+A and clears with Escape', async () => {
    const { user, grid } = await setup();
    grid.focus();
    await user.keyboard('{Control>}a{/Control}');
    await waitFor(() => expect(selectedNames()).toHaveLength(20));
    await user.keyboard('{Escape}');
    expect(selectedNames()).toEqual([]);
  });

  it('moves with the arrow keys across day headings, extends with Shift', async () => {
    const { user, grid } = await setup();
    await user.click(tileOf('IMG_0001.JPG'));
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(selectedNames()).toEqual(['IMG_0003.JPG']);
    expect(grid.getAttribute('aria-activedescendant')).toBe(tileOf('IMG_0003.JPG').id);
    // Day one has 7 photos in 6 columns: down from the 3rd goes to the 7th (the last, alone
    // in its row), down again into the next day's first row, same column clamped: the 8th.
    await user.keyboard('{ArrowDown}');
    expect(selectedNames()).toEqual(['IMG_0007.JPG']);
    await user.keyboard('{ArrowDown}');
    expect(selectedNames()).toEqual(['IMG_0008.JPG']);
    await user.keyboard('{Shift>}{ArrowRight}{ArrowRight}{/Shift}');
    await waitFor(() =>
      expect(selectedNames()).toEqual(['IMG_0008.JPG', 'IMG_0009.JPG', 'IMG_0010.JPG']),
    );
  });

  it('opens the viewer with Enter', async () => {
    const { user } = await setup();
    await user.click(tileOf('IMG_0004.JPG'));
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('dialog', { name: 'IMG_0004.JPG' })).toBeTruthy();
  });

  it('moves to the Trash with Delete, and Undo brings the photos back', async () => {
    const { user, client, grid } = await setup();
    await user.click(tileOf('IMG_0002.JPG'));
    await user.keyboard('{Shift>}');
    await user.click(tileOf('IMG_0003.JPG'));
    await user.keyboard('{/Shift}{Delete}');
    expect(await screen.findByText('Moved 2 photos to the Trash')).toBeTruthy();
    expect(client.library.calls.find((call) => call.method === 'trashPhotos')?.input).toEqual({
      photoIds: [2, 3],
    });
    expect(within(grid).queryByAltText('IMG_0002.JPG')).toBeNull();
    expect(screen.getByText('18 photos')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(client.library.calls.find((call) => call.method === 'restorePhotos')?.input).toEqual({
      photoIds: [2, 3],
    });
    expect(await within(grid).findByAltText('IMG_0002.JPG')).toBeTruthy();
  });
});
