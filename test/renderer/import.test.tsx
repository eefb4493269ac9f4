import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createFakeClient } from './fake-client';
import { FakeLibrary, samplePhotos } from './fake-library';
import { albumsNav, findGrid, renderApp } from './render-app';

afterEach(cleanup);

// A version 4 UUID, as the renderer mints import ids.
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Files as a browser's file chooser or drop would give them. */
function files(...names: string[]): File[] {
  return names.map((name) => new File(['x'], name, { type: 'image/jpeg' }));
}

/** A drop's dataTransfer carrying files (what happy-dom cannot build itself). */
function fileTransfer(dropped: File[]) {
  return { types: ['Files'], files: dropped, items: [], dropEffect: 'none', getData: () => '' };
}

describe('importing', () => {
  it('uses the native dialog on the desktop and imports what was picked', async () => {
    const client = createFakeClient();
    const { user } = renderApp(client);
    await screen.findByRole('heading', { name: 'Drop photos here' });
    await user.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() =>
      expect(client.library.calls.find((call) => call.method === 'startImport')?.input).toEqual({
        importId: expect.stringMatching(UUID_V4),
        source: { kind: 'paths', paths: ['/home/me/Pictures/DCIM'] },
      }),
    );
    expect(await screen.findByRole('heading', { name: 'Imported 1 photo' })).toBeTruthy();
    expect(await screen.findByAltText('DCIM')).toBeTruthy();
  });

  it('uploads chosen files in a browser, shows progress, failures with reasons, and Cancel', async () => {
    const library = new FakeLibrary(samplePhotos(3));
    library.holdImports = true;
    const client = createFakeClient(library, {
      nativeDialogs: false,
      filePaths: false,
      zipDownload: true,
    });
    const { user } = renderApp(client);
    await findGrid();
    const input = screen.getByTestId('import-file-input');
    await user.upload(input, files('DSC1.JPG', 'broken.JPG', 'notes.txt', 'DSC2.JPG'));
    await waitFor(() =>
      expect(library.calls.some((call) => call.method === 'startImport')).toBe(true),
    );
    const started = library.calls.find((call) => call.method === 'startImport')?.input;
    expect(started).toMatchObject({ source: { kind: 'uploads' } });

    act(() => {
      for (let step = 0; step < 4; step += 1) library.releaseImport();
    });
    const panel = screen.getByRole('article', { name: 'Import' });
    expect(within(panel).getByRole('heading', { name: 'Importing 3 of 4…' })).toBeTruthy();
    expect(within(panel).getByText('broken.JPG')).toBeTruthy();
    expect(within(panel).getByText('Not an image: the file is damaged')).toBeTruthy();
    expect(within(panel).getByText('Not a photo (text file)')).toBeTruthy();
    expect(
      within(panel)
        .getByRole('progressbar', { name: 'Import progress' })
        .getAttribute('aria-valuenow'),
    ).toBe('75');
    // The imported photo is in the grid before the import ends.
    expect(within(await findGrid()).getByAltText('DSC1.JPG')).toBeTruthy();

    await user.click(within(panel).getByRole('button', { name: 'Cancel' }));
    expect(library.calls.find((call) => call.method === 'cancelImport')?.input).toEqual({
      importId: (started as { importId: string }).importId,
    });
    act(() => {
      while (library.releaseImport());
    });
    expect(
      await within(panel).findByRole('heading', { name: 'Import cancelled: 1 photo imported' }),
    ).toBeTruthy();
    await user.click(within(panel).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('article', { name: 'Import' })).toBeNull();
  });

  it('imports a whole folder chosen in a browser, leaving out hidden clutter', async () => {
    const library = new FakeLibrary(samplePhotos(2));
    const client = createFakeClient(library, { nativeDialogs: false, filePaths: false });
    const { user } = renderApp(client);
    await findGrid();
    const folderInput = screen.getByTestId('import-folder-input');
    expect(folderInput.hasAttribute('webkitdirectory')).toBe(true);
    let chooserOpened = false;
    folderInput.addEventListener('click', () => {
      chooserOpened = true;
    });
    await user.click(screen.getByRole('button', { name: 'Import folder…' }));
    expect(chooserOpened).toBe(true);

    // What a camera card's folder gives: files with their path inside the chosen folder.
    const card = [
      'DCIM/100MSDCF/DSC1.JPG',
      'DCIM/100MSDCF/._DSC1.JPG',
      'DCIM/100MSDCF/DSC2.JPG',
      'DCIM/.Trashes/DSC0.JPG',
    ].map((relativePath) => {
      const [file] = files(relativePath.split('/').pop()!);
      Object.defineProperty(file, 'webkitRelativePath', { value: relativePath });
      return file;
    });
    await user.upload(folderInput, card);
    const grid = await findGrid();
    expect(await within(grid).findByAltText('DSC1.JPG')).toBeTruthy();
    expect(await within(grid).findByAltText('DSC2.JPG')).toBeTruthy();
    expect(within(grid).queryByAltText('._DSC1.JPG')).toBeNull();
    expect(within(grid).queryByAltText('DSC0.JPG')).toBeNull();
  });

  it('offers files and folders on the desktop through the native dialogs', async () => {
    const library = new FakeLibrary(samplePhotos(2));
    const client = createFakeClient(library);
    renderApp(client);
    await findGrid();
    expect(screen.getAllByRole('button', { name: 'Import' })).toHaveLength(1);
    // No browser file inputs on the desktop: the dialogs are native.
    expect(screen.queryByTestId('import-folder-input')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Import folder…' }));
    await waitFor(() =>
      expect(library.calls.find((call) => call.method === 'pickImportPaths')?.input).toEqual({
        folders: true,
      }),
    );
  });

  it('imports files dropped onto an album into that album', async () => {
    const library = new FakeLibrary(samplePhotos(3));
    library.addAlbum('Trip');
    const client = createFakeClient(library);
    renderApp(client);
    const trip = await within(albumsNav()).findByRole('button', { name: 'Trip' });
    const transfer = fileTransfer(files('beach.jpg'));
    fireEvent.dragOver(trip, { dataTransfer: transfer });
    fireEvent.drop(trip, { dataTransfer: transfer });
    await waitFor(() =>
      expect(library.calls.find((call) => call.method === 'startImport')?.input).toEqual({
        importId: expect.stringMatching(UUID_V4),
        source: { kind: 'paths', paths: ['/dropped/beach.jpg'] },
        albumId: 1,
      }),
    );
    await waitFor(() => expect(library.albumPhotoIds(1)).toHaveLength(1));
  });

  it('shows one card for an import whose events all arrive before startImport answers', async () => {
    const library = new FakeLibrary(samplePhotos(2));
    library.holdImports = true;
    const client = createFakeClient(library);
    const start = client.startImport;
    // The core's events can overtake its answer (SSE and the API are separate connections).
    client.startImport = async (input) => {
      const answer = await start(input);
      while (library.releaseImport());
      return answer;
    };
    renderApp(client);
    await findGrid();
    const transfer = fileTransfer(files('early.jpg'));
    fireEvent.drop(document.body, { dataTransfer: transfer });
    expect(await screen.findByRole('heading', { name: 'Imported 1 photo' })).toBeTruthy();
    expect(screen.getAllByRole('article', { name: 'Import' })).toHaveLength(1);
    expect(within(await findGrid()).getByAltText('early.jpg')).toBeTruthy();
  });

  it('mints a UUID where the browser has no randomUUID (plain HTTP at a network address)', async () => {
    const { getRandomValues } = globalThis.crypto;
    vi.stubGlobal('crypto', { getRandomValues: getRandomValues.bind(globalThis.crypto) });
    try {
      const client = createFakeClient(samplePhotos(1));
      renderApp(client);
      await findGrid();
      fireEvent.drop(document.body, { dataTransfer: fileTransfer(files('a.jpg')) });
      await waitFor(() =>
        expect(client.library.calls.find((call) => call.method === 'startImport')?.input).toEqual(
          expect.objectContaining({ importId: expect.stringMatching(UUID_V4) }),
        ),
      );
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('shows where to drop while files are dragged over the window', async () => {
    renderApp(createFakeClient(samplePhotos(2)));
    await findGrid();
    const transfer = fileTransfer(files('a.jpg'));
    fireEvent.dragEnter(document.body, { dataTransfer: transfer });
    expect(await screen.findByText('Drop to import')).toBeTruthy();
    fireEvent.drop(document.body, { dataTransfer: transfer });
    await waitFor(() => expect(screen.queryByText('Drop to import')).toBeNull());
  });
});
