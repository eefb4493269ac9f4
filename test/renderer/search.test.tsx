import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, within } from '@testing-library/react';
import { runSearch, saveSearchAsAlbum, sortSearch } from '../../renderer/store/search-actions';
import { refreshLibrary } from '../../renderer/store/library-actions';
import { useShoeboxStore } from '../../renderer/store/store';
import { createFakeClient } from './fake-client';
import { samplePhotos } from './fake-library';
import { albumsNav, findGrid, renderApp } from './render-app';

afterEach(cleanup);

/** Six photos: IMG_0002 and IMG_0005 have four stars, IMG_0005 is also in Paris. */
function library() {
  const seeds = samplePhotos(6).map((seed, index) => ({
    ...seed,
    rating: index === 1 || index === 4 ? 4 : 0,
    keywords: index === 4 ? ['Places/France/Paris'] : [],
  }));
  return createFakeClient(seeds);
}

/** The names the grid shows, in order. */
function shownNames(grid: HTMLElement): string[] {
  return within(grid)
    .queryAllByRole('img')
    .map((image) => image.getAttribute('alt') ?? '');
}

describe('searching', () => {
  it('shows what a query finds as a view of its own, paged and sorted like the timeline', async () => {
    const client = library();
    renderApp(client);
    await findGrid();
    await act(() => runSearch(client, 'rating>=4'));
    const grid = await findGrid('Search results');
    expect(shownNames(grid)).toEqual(['IMG_0002.JPG', 'IMG_0005.JPG']);
    await act(() => sortSearch(client, 'taken', 'asc'));
    expect(shownNames(await findGrid('Search results'))).toEqual(['IMG_0005.JPG', 'IMG_0002.JPG']);
    await act(() => runSearch(client, 'rating>=4 keyword:Places'));
    expect(shownNames(await findGrid('Search results'))).toEqual(['IMG_0005.JPG']);
    // An empty search is the whole library again.
    await act(() => runSearch(client, ''));
    expect(await findGrid('All photos')).toBeTruthy();
  });

  it('says where a query is wrong and keeps the view', async () => {
    const client = library();
    renderApp(client);
    await findGrid();
    await act(() => runSearch(client, 'rating>=4 flag:maybe'));
    expect(useShoeboxStore.getState().searchProblem).toContain('at character 11');
    expect(useShoeboxStore.getState().view).toEqual({ kind: 'all' });
    expect(client.library.calls.some((call) => call.method === 'search')).toBe(false);
  });

  it('keeps a search as a smart album in the sidebar, with its live count', async () => {
    const client = library();
    const { user } = renderApp(client);
    await findGrid();
    await act(async () => {
      await saveSearchAsAlbum(client, 'Four stars', 'rating>=4');
    });
    const entry = await within(albumsNav()).findByRole('button', { name: 'Four stars' });
    expect(entry.textContent).toContain('2');
    const grid = await findGrid('Four stars');
    expect(shownNames(grid)).toEqual(['IMG_0002.JPG', 'IMG_0005.JPG']);
    expect(screen.queryByText('No photos')).toBeNull();
    // Its photos are its search's: it is no target for adding photos by hand.
    await act(async () => {
      await client.createAlbum({ name: 'By hand' });
      await refreshLibrary(client);
    });
    await user.click(within(grid).getByAltText('IMG_0002.JPG'));
    await user.click(screen.getByRole('button', { name: 'Add to album' }));
    const menu = await screen.findByRole('menu');
    expect(within(menu).getByRole('menuitem', { name: 'By hand' })).toBeTruthy();
    expect(within(menu).queryByRole('menuitem', { name: 'Four stars' })).toBeNull();
  });
});
