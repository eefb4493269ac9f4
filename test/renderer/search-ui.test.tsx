import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  chooseTerm,
  facetGroups,
  isChosen,
  queryTerms,
  yearRange,
} from '../../renderer/components/search/filter-terms';
import { useShoeboxStore } from '../../renderer/store/store';
import { createFakeClient } from './fake-client';
import { FakeLibrary, samplePhotos } from './fake-library';
import { albumsNav, fakeDataTransfer, findGrid, renderApp, tileOf } from './render-app';

afterEach(cleanup);

/** Six photos: IMG_0002 and IMG_0005 have four stars, IMG_0005 is a pick in Paris. */
function library() {
  const seeds = samplePhotos(6).map((seed, index) => ({
    ...seed,
    rating: index === 1 || index === 4 ? 4 : 0,
    flag: index === 4 ? ('pick' as const) : null,
    keywords: index === 4 ? ['Places/France/Paris'] : [],
    cameraMake: 'NIKON',
    cameraModel: index < 3 ? 'NIKON D750' : 'Z 6',
  }));
  return createFakeClient(seeds);
}

/** The names the grid shows, in order. */
function shownNames(grid: HTMLElement): string[] {
  return within(grid)
    .queryAllByRole('img')
    .map((image) => image.getAttribute('alt') ?? '');
}

/** The names the search results show, in order (the grid is made anew with each search). */
function resultNames(): string[] {
  return shownNames(screen.getByRole('grid', { name: 'Search results' }));
}

/** The toolbar's search field. */
function searchBox(): HTMLInputElement {
  return screen.getByRole('searchbox', { name: 'Search photos' });
}

describe('the search box', () => {
  it('searches on Enter and shows the matches as search results', async () => {
    const client = library();
    const { user } = renderApp(client);
    await findGrid();
    await user.type(searchBox(), 'rating>=4{Enter}');
    const grid = await findGrid('Search results');
    await waitFor(() => expect(shownNames(grid)).toEqual(['IMG_0002.JPG', 'IMG_0005.JPG']));
    // Esc empties the box and goes back to the whole library.
    await user.keyboard('{Escape}');
    expect(await findGrid('All photos')).toBeTruthy();
    expect(searchBox().value).toBe('');
  });

  it('says what is wrong with a query that does not parse, and asks nothing', async () => {
    const client = library();
    const { user } = renderApp(client);
    await findGrid();
    // Pasted at once: no pause in typing searches for a part of it first.
    await user.click(searchBox());
    await user.paste('rating>=4 flag:maybe');
    await user.keyboard('{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('at character 11');
    expect(searchBox().getAttribute('aria-invalid')).toBe('true');
    expect(client.library.calls.some((call) => call.method === 'search')).toBe(false);
    expect(screen.getByRole('grid', { name: 'All photos' })).toBeTruthy();
    // Mended, the problem goes.
    await user.clear(searchBox());
    await user.type(searchBox(), 'flag:pick');
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(searchBox().getAttribute('aria-invalid')).toBe('false');
  });

  it('suggests the values of flag: and rewrites the text with the one taken', async () => {
    const client = library();
    const { user } = renderApp(client);
    await findGrid();
    await user.type(searchBox(), 'rating>=4 fla');
    const fields = await screen.findByRole('listbox', { name: 'Suggestions' });
    expect(within(fields).getByRole('option', { name: /flag:/ })).toBeTruthy();
    await user.keyboard('{Tab}');
    expect(searchBox().value).toBe('rating>=4 flag:');
    const values = await screen.findByRole('listbox', { name: 'Suggestions' });
    expect(
      within(values)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['pickflag:', 'rejectflag:', 'noneflag:']);
    await user.keyboard('{ArrowDown}');
    expect(searchBox().getAttribute('aria-activedescendant')).toBe(
      within(values).getAllByRole('option')[0].id,
    );
    await user.keyboard('{Enter}');
    expect(searchBox().value).toBe('rating>=4 flag:pick ');
    expect(screen.queryByRole('listbox')).toBeNull();
    await user.keyboard('{Enter}');
    const grid = await findGrid('Search results');
    await waitFor(() => expect(shownNames(grid)).toEqual(['IMG_0005.JPG']));
  });

  it('completes cameras and keywords of the library, quoting a value with spaces', async () => {
    const client = library();
    const { user } = renderApp(client);
    await findGrid();
    await user.type(searchBox(), 'camera:d7');
    const cameras = await screen.findByRole('listbox', { name: 'Suggestions' });
    await user.click(within(cameras).getByRole('option', { name: /NIKON D750/ }));
    expect(searchBox().value).toBe('camera:"NIKON D750" ');
    await user.type(searchBox(), 'pari');
    const keywords = await screen.findByRole('listbox', { name: 'Suggestions' });
    expect(within(keywords).getByRole('option', { name: /Places\/France\/Paris/ })).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(searchBox().value).toBe('camera:"NIKON D750" pari');
  });

  it('searches after a pause in typing', async () => {
    const client = library();
    const { user } = renderApp(client);
    await findGrid();
    await user.type(searchBox(), 'keyword:Places');
    const grid = await findGrid('Search results');
    await waitFor(() => expect(shownNames(grid)).toEqual(['IMG_0005.JPG']));
  });

  it('is focused by Ctrl+F from anywhere', async () => {
    const client = library();
    const { user } = renderApp(client);
    const grid = await findGrid();
    grid.focus();
    await user.keyboard('{Control>}f{/Control}');
    expect(document.activeElement).toBe(searchBox());
  });
});

describe('the filter bar', () => {
  it('shows the counts of each choice and adds the one clicked to the query', async () => {
    const client = library();
    const { user } = renderApp(client);
    await findGrid();
    await user.click(screen.getByRole('button', { name: 'Filter' }));
    const bar = await screen.findByRole('region', { name: 'Filter' });
    const rating = within(bar).getByRole('group', { name: 'Rating' });
    const fourStars = await within(rating).findByRole('button', { name: '4 stars or more, 2' });
    expect(within(rating).getByRole('button', { name: 'No stars, 4' })).toBeTruthy();
    const camera = within(bar).getByRole('group', { name: 'Camera' });
    expect(within(camera).getByRole('button', { name: 'NIKON D750, 3' })).toBeTruthy();
    await user.click(fourStars);
    await findGrid('Search results');
    await waitFor(() => expect(resultNames()).toEqual(['IMG_0002.JPG', 'IMG_0005.JPG']));
    expect(useShoeboxStore.getState().view).toMatchObject({ kind: 'search', query: 'rating>=4' });
    expect(searchBox().value).toBe('rating>=4');
    // The counts are the result's now; the choice shows as chosen.
    const flag = within(bar).getByRole('group', { name: 'Flag' });
    expect(await within(flag).findByRole('button', { name: 'Picked, 1' })).toBeTruthy();
    expect(
      within(rating)
        .getByRole('button', { name: /^4 stars or more/ })
        .getAttribute('aria-pressed'),
    ).toBe('true');
    // A camera with a space in its name is quoted.
    await user.click(within(camera).getByRole('button', { name: /^NIKON D750/ }));
    await waitFor(() => expect(searchBox().value).toBe('rating>=4 camera:"NIKON D750"'));
    await waitFor(() => expect(resultNames()).toEqual(['IMG_0002.JPG']));
    // Clicked again, a choice comes out of the query.
    await user.click(within(rating).getByRole('button', { name: /^4 stars or more/ }));
    await waitFor(() => expect(searchBox().value).toBe('camera:"NIKON D750"'));
  });

  it('sorts a search by capture time, import time, file name or stars', async () => {
    const client = library();
    const { user } = renderApp(client);
    await findGrid();
    await user.type(searchBox(), 'rating>=4{Enter}');
    await findGrid('Search results');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'name');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Order' }), 'asc');
    await waitFor(() => expect(resultNames()).toEqual(['IMG_0002.JPG', 'IMG_0005.JPG']));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Order' }), 'desc');
    await waitFor(() => expect(resultNames()).toEqual(['IMG_0005.JPG', 'IMG_0002.JPG']));
  });
});

describe('smart albums', () => {
  it('keeps a search as a smart album, listed apart with its count', async () => {
    const client = library();
    const { user } = renderApp(client);
    await findGrid();
    await user.type(searchBox(), 'rating>=4{Enter}');
    await findGrid('Search results');
    await user.click(screen.getByRole('button', { name: 'Save as smart album…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Save as smart album' });
    const name = within(dialog).getByRole('textbox', { name: 'Name' });
    expect(document.activeElement).toBe(name);
    await user.clear(name);
    await user.type(name, 'Four stars{Enter}');
    const smart = await within(albumsNav()).findByRole('list', { name: 'Smart albums' });
    const entry = await within(smart).findByRole('button', { name: 'Four stars' });
    expect(entry.textContent).toContain('2');
    expect(await findGrid('Four stars')).toBeTruthy();
    expect(client.library.calls.find((call) => call.method === 'createAlbum')?.input).toEqual({
      name: 'Four stars',
      query: 'rating>=4',
    });
  });

  it('takes no photos by hand, and its search can be edited', async () => {
    const library = new FakeLibrary(
      samplePhotos(6).map((seed, index) => ({ ...seed, rating: index < 2 ? 5 : 0 })),
    );
    library.addAlbum('Trip', [3]);
    library.addAlbum('Best', [], 'rating:5');
    const client = createFakeClient(library);
    const { user } = renderApp(client);
    await findGrid();
    const smart = await within(albumsNav()).findByRole('list', { name: 'Smart albums' });
    const best = await within(smart).findByRole('button', { name: 'Best' });
    expect(best.getAttribute('title')).toContain('rating:5');
    const [manual] = within(albumsNav()).getAllByRole('list');
    expect(within(manual).queryByRole('button', { name: 'Best' })).toBeNull();
    // Photos dragged onto it are refused, with no drop highlight.
    const transfer = fakeDataTransfer();
    fireEvent.dragStart(tileOf('IMG_0004.JPG'), { dataTransfer: transfer });
    fireEvent.dragOver(best, { dataTransfer: transfer });
    expect(best.className).not.toContain('is-drop-target');
    fireEvent.drop(best, { dataTransfer: transfer });
    expect(library.calls.some((call) => call.method === 'addPhotosToAlbum')).toBe(false);
    // Open, it offers no Remove from album, in the toolbar or the tile menu.
    await user.click(best);
    await findGrid('Best');
    await user.click(tileOf('IMG_0001.JPG'));
    expect(screen.queryByRole('button', { name: 'Remove from album' })).toBeNull();
    fireEvent.contextMenu(tileOf('IMG_0001.JPG'), { clientX: 50, clientY: 50 });
    const tileMenu = await screen.findByRole('menu');
    expect(within(tileMenu).queryByRole('menuitem', { name: 'Remove from album' })).toBeNull();
    await user.keyboard('{Escape}');
    // Its menu changes its search; the sidebar's count follows.
    fireEvent.contextMenu(best, { clientX: 20, clientY: 20 });
    const menu = await screen.findByRole('menu', { name: 'Album “Best”' });
    await user.click(within(menu).getByRole('menuitem', { name: 'Edit search…' }));
    const dialog = await screen.findByRole('dialog', { name: /Edit the search/ });
    const field = within(dialog).getByRole('textbox', { name: 'Search' });
    await user.clear(field);
    await user.type(field, 'rating:7{Enter}');
    expect((await within(dialog).findByRole('alert')).textContent).toContain('character');
    await user.clear(field);
    await user.type(field, 'rating<5{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(library.calls.find((call) => call.method === 'setAlbumQuery')?.input).toEqual({
      albumId: 2,
      query: 'rating<5',
    });
    await waitFor(() => expect(best.textContent).toContain('4'));
  });
});

describe('filter terms', () => {
  it('keeps quoted values whole', () => {
    expect(queryTerms('rating>=4 camera:"NIKON D750" paris')).toEqual([
      'rating>=4',
      'camera:"NIKON D750"',
      'paris',
    ]);
  });

  it('replaces a choice of the same facet, and takes a chosen one out', () => {
    const flag = (term: string) => term.startsWith('flag:');
    expect(chooseTerm('paris flag:pick', 'flag:reject', flag)).toBe('paris flag:reject');
    expect(chooseTerm('paris flag:pick', 'flag:pick', flag)).toBe('paris');
    expect(chooseTerm('camera:"NIKON D750" x', 'camera:"NIKON D750"', null)).toBe('x');
    expect(chooseTerm('keyword:A', 'keyword:B', null)).toBe('keyword:A keyword:B');
  });

  it('makes a range of two years, whose years show as chosen', () => {
    expect(yearRange('2023', '2021')).toBe('taken:2021..2023');
    expect(yearRange('2022', '2022')).toBe('taken:2022');
    const year = (value: string) => ({ label: value, term: `taken:${value}`, count: 1 });
    expect(isChosen(year('2022'), ['taken:2021..2023'])).toBe(true);
    expect(isChosen(year('2024'), ['taken:2021..2023'])).toBe(false);
  });

  it('counts "at least N stars" from the counts of each number of stars', () => {
    const empty = { flag: [], label: [], type: [], year: [], camera: [], lens: [], keyword: [] };
    const rating = [
      { value: 0, count: 5 },
      { value: 3, count: 2 },
      { value: 5, count: 1 },
    ];
    const [stars] = facetGroups({ ...empty, rating }, '');
    expect(stars.choices.map((choice) => `${choice.term} ${choice.count}`)).toEqual([
      'rating>=1 3',
      'rating>=2 3',
      'rating>=3 3',
      'rating>=4 1',
      'rating>=5 1',
      'rating:0 5',
    ]);
  });
});
