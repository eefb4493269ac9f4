import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { createFakeClient } from './fake-client';
import { FakeLibrary, samplePhotos } from './fake-library';
import { findGrid, renderApp } from './render-app';

afterEach(cleanup);

// Its own file: the held import's scheduled refreshes must not reach other tests' libraries.
describe('the sidebar counts', () => {
  it('counts the same photos in the sidebar and the header during an import', async () => {
    const library = new FakeLibrary(samplePhotos(3));
    library.holdImports = true;
    const client = createFakeClient(library, { filePaths: false, nativeDialogs: false });
    const { user } = renderApp(client);
    await findGrid();
    const jpeg = (name: string) => new File(['x'], name, { type: 'image/jpeg' });
    await user.upload(screen.getByTestId('import-file-input'), [jpeg('A.JPG'), jpeg('B.JPG')]);
    await waitFor(() =>
      expect(library.calls.some((call) => call.method === 'startImport')).toBe(true),
    );
    // Queued, then the first file: one photo more, before the library's counts are refetched.
    act(() => {
      library.releaseImport();
      library.releaseImport();
    });
    expect(await screen.findByText('4 photos')).toBeTruthy();
    const all = screen.getByRole('navigation', { name: 'Library' });
    expect(within(all).getByRole('button', { name: 'All photos' }).textContent).toContain('4');
    act(() => {
      while (library.releaseImport());
    });
    await screen.findByRole('heading', { name: 'Imported 2 photos' });
  });
});
