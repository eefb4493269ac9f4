import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { createFakeClient } from './fake-client';
import { FakeLibrary, samplePhotos } from './fake-library';
import { findGrid, renderApp, tileOf } from './render-app';

afterEach(cleanup);

/** A library of six photos (5 MB each) with IMG_0002, 0003 and 0005 in the Trash, opened there. */
async function openTrash() {
  const library = new FakeLibrary(samplePhotos(6).map((seed) => ({ ...seed, bytes: 5_000_000 })));
  await library.api.trashPhotos({ photoIds: [2, 3, 5] });
  const client = createFakeClient(library);
  const session = renderApp(client);
  const trash = await screen.findByRole('button', { name: 'Trash' });
  await waitFor(() => expect(trash.textContent).toContain('3'));
  await session.user.click(trash);
  const grid = await findGrid('Trash');
  return { client, library, grid, trash, ...session };
}

/** The sidebar's count beside an entry. */
function countOf(entry: string): string | undefined {
  return screen.getByRole('button', { name: entry }).querySelector('.sidebar-count')?.textContent;
}

describe('the Trash', () => {
  it('offers Restore and Delete forever for the selection, and Empty Trash', async () => {
    const { user, grid } = await openTrash();
    expect(screen.getByRole('button', { name: 'Empty Trash' })).toBeTruthy();
    // Disabled until photos are selected (there all along, so nothing moves when it empties).
    expect(screen.getByRole('button', { name: 'Delete forever' })).toHaveProperty('disabled', true);
    await user.click(within(grid).getByAltText('IMG_0003.JPG'));
    expect(screen.getByRole('button', { name: 'Restore' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Delete forever' })).toHaveProperty(
      'disabled',
      false,
    );
    expect(screen.queryByRole('button', { name: 'Move to Trash' })).toBeNull();
  });

  it('deletes the selection for good after saying it cannot be undone', async () => {
    const { user, grid, library } = await openTrash();
    await user.click(within(grid).getByAltText('IMG_0003.JPG'));
    await user.keyboard('{Control>}');
    await user.click(tileOf('IMG_0005.JPG'));
    await user.keyboard('{/Control}');
    await user.click(screen.getByRole('button', { name: 'Delete forever' }));

    const dialog = screen.getByRole('alertdialog', { name: 'Delete 2 photos forever?' });
    expect(dialog.textContent).toContain('This cannot be undone.');
    expect(dialog.textContent).toContain(
      '2 photos and their original files (10.0 MB) will be removed from disk',
    );
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toBe(document.activeElement);
    await user.click(within(dialog).getByRole('button', { name: 'Delete forever' }));

    await waitFor(() => expect(screen.queryByAltText('IMG_0003.JPG')).toBeNull());
    expect(screen.queryByAltText('IMG_0005.JPG')).toBeNull();
    expect(within(grid).getByAltText('IMG_0002.JPG')).toBeTruthy();
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByText('Deleted 2 photos for good')).toBeTruthy();
    await waitFor(() => expect(countOf('Trash')).toBe('1'));
    expect(countOf('All photos')).toBe('3');
    expect(library.calls.filter((call) => call.method === 'deleteFromTrash')).toEqual([
      { method: 'deleteFromTrash', input: { photoIds: [3, 5] } },
    ]);
  });

  it('asks before deleting for good with the Delete key, and Cancel keeps the photo', async () => {
    const { user, grid, library } = await openTrash();
    await user.click(within(grid).getByAltText('IMG_0002.JPG'));
    await user.keyboard('{Delete}');
    const dialog = screen.getByRole('alertdialog', { name: 'Delete 1 photo forever?' });
    expect(dialog.textContent).toContain(
      '1 photo and its original file (5.0 MB) will be removed from disk',
    );
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(within(grid).getByAltText('IMG_0002.JPG')).toBeTruthy();
    expect(library.calls.some((call) => call.method === 'deleteFromTrash')).toBe(false);

    await user.click(within(grid).getByAltText('IMG_0002.JPG'));
    await user.keyboard('{Backspace}');
    await user.click(
      within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete forever' }),
    );
    await waitFor(() => expect(screen.queryByAltText('IMG_0002.JPG')).toBeNull());
  });

  it('empties the Trash after confirming, and the counts follow', async () => {
    const { user } = await openTrash();
    await user.click(screen.getByRole('button', { name: 'Empty Trash' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Empty the Trash?' });
    expect(dialog.textContent).toContain('3 photos and their original files (15.0 MB)');
    expect(dialog.textContent).toContain('This cannot be undone.');
    await user.click(within(dialog).getByRole('button', { name: 'Empty Trash' }));
    expect(await screen.findByRole('heading', { name: 'The Trash is empty' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Empty Trash' })).toBeNull();
    await waitFor(() => expect(countOf('Trash')).toBe('0'));
    expect(countOf('All photos')).toBe('3');
  });

  it('deletes the photo in the viewer for good after confirming, showing the next one', async () => {
    const { user, grid, library } = await openTrash();
    await user.dblClick(within(grid).getByAltText('IMG_0003.JPG'));
    await screen.findByRole('dialog', { name: 'IMG_0003.JPG' });

    // Escape in the confirmation cancels it and leaves the viewer open.
    await user.keyboard('{Delete}');
    const cancelled = screen.getByRole('alertdialog', { name: 'Delete 1 photo forever?' });
    expect(cancelled.textContent).toContain('1 photo and its original file (5.0 MB)');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByRole('dialog', { name: 'IMG_0003.JPG' })).toBeTruthy();

    await user.keyboard('{Delete}');
    await user.click(
      within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete forever' }),
    );
    const next = await screen.findByRole('dialog', { name: 'IMG_0005.JPG' });
    expect(within(next).getByAltText('IMG_0005.JPG')).toBeTruthy();
    expect(screen.queryByAltText('IMG_0003.JPG')).toBeNull();
    expect(library.calls.filter((call) => call.method === 'deleteFromTrash')).toEqual([
      { method: 'deleteFromTrash', input: { photoIds: [3] } },
    ]);

    // The last one gives way to the one before; the only one left, to the grid.
    await user.keyboard('{Backspace}');
    await user.click(
      within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete forever' }),
    );
    await screen.findByRole('dialog', { name: 'IMG_0002.JPG' });
    await user.keyboard('{Delete}');
    await user.click(
      within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete forever' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByRole('heading', { name: 'The Trash is empty' })).toBeTruthy();
    // Only the setup's own call: nothing went to the Trash again on the way.
    expect(library.calls.filter((call) => call.method === 'trashPhotos')).toEqual([
      { method: 'trashPhotos', input: { photoIds: [2, 3, 5] } },
    ]);
  });
});
