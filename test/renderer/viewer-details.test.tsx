import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClient } from './fake-client';
import { samplePhotos } from './fake-library';
import { findGrid, renderApp } from './render-app';
import { useShoeboxStore } from '../../renderer/store/store';

afterEach(cleanup);

describe("the viewer's details", () => {
  it('are fetched again when the photo changes, the old ones shown meanwhile', async () => {
    const client = createFakeClient(samplePhotos(3));
    const { user } = renderApp(client);
    await user.dblClick(within(await findGrid()).getByAltText('IMG_0001.JPG'));
    const info = within(
      within(await screen.findByRole('dialog', { name: 'IMG_0001.JPG' })).getByRole(
        'complementary',
        { name: 'Info' },
      ),
    );
    const exposure = '1/250 s · f/5.6 · ISO 100 · 35 mm';
    await info.findByText(exposure);
    const fetches = () =>
      client.library.calls.filter(
        (call) => call.method === 'getPhoto' && (call.input as { photoId: number }).photoId === 1,
      ).length;
    const before = fetches();
    // Put in an album elsewhere (another window, say): the details say so once fetched again.
    client.library.addAlbum('Paris', [1]);
    act(() => useShoeboxStore.getState().patchPhotos(new Map([[1, { rating: 2 }]])));
    // Not emptied while the new details are on their way.
    expect(info.getByText(exposure)).toBeTruthy();
    expect(await info.findByText('Paris')).toBeTruthy();
    expect(fetches()).toBeGreaterThan(before);
  });
});
