/**
 * Photos left in added folders in the grid and the viewer: missing and offline marks, where the
 * file is, and "Delete from disk" beside the trash.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClient, type FakeClient } from './fake-client';
import { FakeLibrary } from './fake-library';
import { findGrid, renderApp, tileOf } from './render-app';

afterEach(cleanup);

const PICTURES = '/home/anna/Pictures/2024';

/** Newest first: a library photo, one in Pictures, one missing there, one on an offline drive. */
function referencedLibrary(): FakeLibrary {
  return new FakeLibrary([
    { originalName: 'OWN_0001.JPG', takenAt: '2024-06-30T10:00:00' },
    {
      originalName: 'DSC_0101.JPG',
      takenAt: '2024-06-29T10:00:00',
      folderPath: `${PICTURES}/DSC_0101.JPG`,
    },
    {
      originalName: 'DSC_0102.JPG',
      takenAt: '2024-06-28T10:00:00',
      folderPath: `${PICTURES}/DSC_0102.JPG`,
      status: 'missing',
    },
    {
      originalName: 'IMG_2019.JPG',
      takenAt: '2024-06-27T10:00:00',
      folderPath: '/media/anna/Archive/IMG_2019.JPG',
      status: 'offline',
    },
  ]);
}

function callsOf(client: FakeClient, method: string): unknown[] {
  return client.library.calls.filter((call) => call.method === method).map((call) => call.input);
}

/** What assistive technology reads of a tile besides its name. */
function descriptionOf(tile: HTMLElement): string {
  const id = tile.getAttribute('aria-describedby');
  return id === null ? '' : (document.getElementById(id)?.textContent ?? '');
}

describe('photos left in added folders', () => {
  it('marks missing and offline tiles apart, and leaves the others unmarked', async () => {
    renderApp(createFakeClient(referencedLibrary()));
    await findGrid();
    const missing = tileOf('DSC_0102.JPG');
    const offline = tileOf('IMG_2019.JPG');
    expect(missing.classList.contains('is-missing')).toBe(true);
    expect(missing.querySelector('.tile-status')?.textContent).toBe('Missing');
    expect(descriptionOf(missing)).toBe('missing');
    expect(offline.classList.contains('is-offline')).toBe(true);
    expect(offline.querySelector('.tile-status')?.textContent).toBe('Offline');
    expect(descriptionOf(offline)).toBe('offline');
    // Still browsable from their previews.
    expect(within(offline).getByRole('img').getAttribute('src')).toMatch(/^\/media\/4\/thumb/);
    for (const name of ['OWN_0001.JPG', 'DSC_0101.JPG']) {
      expect(tileOf(name).querySelector('.tile-status')).toBeNull();
      expect(tileOf(name).className).not.toMatch(/is-(missing|offline)/);
    }
  });

  it('says in the viewer that the original is not there, and where the file is in the info panel', async () => {
    const { user } = renderApp(createFakeClient(referencedLibrary()));
    await user.dblClick(within(await findGrid()).getByAltText('IMG_2019.JPG'));
    const viewer = await screen.findByRole('dialog', { name: 'IMG_2019.JPG' });
    expect(within(viewer).getByRole('status').textContent).toBe(
      'The original is on a drive that is not connected',
    );
    const info = within(viewer).getByRole('complementary', { name: 'Info' });
    expect(
      await within(info).findByText('In folder /media/anna/Archive (its drive is not connected)'),
    ).toBeTruthy();
    // 1:1 and "Open full size" show the large preview: the original cannot come.
    expect(
      within(viewer).getByRole('link', { name: 'Open full size' }).getAttribute('href'),
    ).toMatch(/^\/media\/4\/large/);

    await user.keyboard('{ArrowLeft}');
    const missing = await screen.findByRole('dialog', { name: 'DSC_0102.JPG' });
    expect(within(missing).getByRole('status').textContent).toBe(
      'The original file is missing from its folder',
    );

    await user.keyboard('{ArrowLeft}');
    const present = await screen.findByRole('dialog', { name: 'DSC_0101.JPG' });
    expect(within(present).queryByRole('status')).toBeNull();
    expect(await within(present).findByText(`In folder ${PICTURES}`)).toBeTruthy();

    await user.keyboard('{ArrowLeft}');
    const own = await screen.findByRole('dialog', { name: 'OWN_0001.JPG' });
    expect(await within(own).findByText('In the library')).toBeTruthy();
  });

  it('deletes from the disk only the selection’s photos in folders, once confirmed', async () => {
    const client = createFakeClient(referencedLibrary());
    const { user } = renderApp(client);
    await findGrid();
    await user.click(tileOf('OWN_0001.JPG'));
    await user.keyboard('{Shift>}');
    await user.click(tileOf('DSC_0102.JPG'));
    await user.keyboard('{/Shift}');

    fireEvent.contextMenu(tileOf('DSC_0101.JPG'), { clientX: 200, clientY: 200 });
    const menu = screen.getByRole('menu', { name: '3 photos' });
    // Beside the trash, which for photos in folders removes them from the library only.
    const trash = within(menu).getByRole('menuitem', { name: 'Move to Trash' });
    expect(trash.getAttribute('title')).toBe(
      'Photos in added folders leave the library only: their files stay on disk',
    );
    await user.click(within(menu).getByRole('menuitem', { name: 'Delete from disk…' }));

    const confirm = screen.getByRole('alertdialog', { name: 'Delete 2 files from the disk?' });
    expect(confirm.textContent).toContain('2 original files in added folders will be deleted');
    expect(confirm.textContent).toContain(
      '1 photo of the selection is in the library itself and stays',
    );
    expect(confirm.textContent).toContain('This cannot be undone.');
    expect(callsOf(client, 'deleteFromDisk')).toEqual([]);
    await user.click(within(confirm).getByRole('button', { name: 'Delete from disk' }));

    await waitFor(() => expect(callsOf(client, 'deleteFromDisk')).toEqual([{ photoIds: [2, 3] }]));
    const grid = await findGrid();
    await waitFor(() => expect(within(grid).queryByAltText('DSC_0101.JPG')).toBeNull());
    expect(within(grid).queryByAltText('DSC_0102.JPG')).toBeNull();
    expect(within(grid).getByAltText('OWN_0001.JPG')).toBeTruthy();
    expect(
      await within(screen.getByRole('status', { name: 'Notifications' })).findByText(
        'Deleted 2 photos from the disk',
      ),
    ).toBeTruthy();
  });

  it('offers no Delete from disk for the library’s own photos, and Cancel deletes nothing', async () => {
    const client = createFakeClient(referencedLibrary());
    const { user } = renderApp(client);
    await findGrid();
    fireEvent.contextMenu(tileOf('OWN_0001.JPG'), { clientX: 200, clientY: 200 });
    let menu = screen.getByRole('menu', { name: 'Photo' });
    expect(within(menu).queryByRole('menuitem', { name: 'Delete from disk…' })).toBeNull();
    expect(
      within(menu).getByRole('menuitem', { name: 'Move to Trash' }).getAttribute('title'),
    ).toBeNull();
    await user.keyboard('{Escape}');

    fireEvent.contextMenu(tileOf('DSC_0101.JPG'), { clientX: 200, clientY: 200 });
    menu = screen.getByRole('menu', { name: 'Photo' });
    await user.click(within(menu).getByRole('menuitem', { name: 'Delete from disk…' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Delete 1 file from the disk?' });
    expect(confirm.textContent).not.toContain('in the library itself');
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(callsOf(client, 'deleteFromDisk')).toEqual([]);
  });

  it('locates a missing photo’s file where it is now', async () => {
    const client = createFakeClient(referencedLibrary(), { nativeDialogs: false });
    const { user } = renderApp(client);
    await findGrid();
    fireEvent.contextMenu(tileOf('DSC_0101.JPG'), { clientX: 200, clientY: 200 });
    // Only a missing photo's file is located.
    expect(screen.queryByRole('menuitem', { name: 'Locate file…' })).toBeNull();
    await user.keyboard('{Escape}');

    fireEvent.contextMenu(tileOf('DSC_0102.JPG'), { clientX: 200, clientY: 200 });
    await user.click(screen.getByRole('menuitem', { name: 'Locate file…' }));
    const dialog = screen.getByRole('dialog', { name: 'Locate “DSC_0102.JPG”' });
    const field = within(dialog).getByRole('textbox', { name: 'File' });
    // It starts from where Shoebox last saw the file.
    await waitFor(() => expect((field as HTMLInputElement).value).toBe(`${PICTURES}/DSC_0102.JPG`));
    await user.clear(field);
    await user.type(field, `${PICTURES}/Best/DSC_0102.JPG`);
    await user.click(within(dialog).getByRole('button', { name: 'Locate' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(callsOf(client, 'locateFile')).toEqual([
      { photoId: 3, path: `${PICTURES}/Best/DSC_0102.JPG` },
    ]);
    // Back in its place: the mark goes.
    await waitFor(() => expect(tileOf('DSC_0102.JPG').querySelector('.tile-status')).toBeNull());
  });
});
