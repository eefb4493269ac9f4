import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ClientProvider } from '../../renderer/bridge/client-context';
import { App } from '../../renderer/components/app';
import { suggestKeywords } from '../../renderer/components/describe/keyword-completion';
import { parseShift } from '../../renderer/components/describe/parse-shift';
import { SelectionPanel } from '../../renderer/components/describe/selection-panel';
import { loadKeywordTree } from '../../renderer/store/keyword-actions';
import { resetShoeboxStore, useShoeboxStore } from '../../renderer/store/store';
import { createFakeClient, type FakeClient } from './fake-client';
import { samplePhotos } from './fake-library';
import { findGrid, renderApp } from './render-app';

afterEach(cleanup);

/** The changes of every `updatePhotos` call so far, with the photos they went to. */
function updates(client: FakeClient) {
  return client.library.calls
    .filter((call) => call.method === 'updatePhotos')
    .map((call) => call.input as { photoIds: number[]; changes: Record<string, unknown> });
}

/** A stored photo of the fake library, as `getPhoto` answers it. */
function stored(client: FakeClient, photoId: number) {
  return client.getPhoto({ photoId });
}

describe('the info panel in the viewer', () => {
  it('sets stars, a title, keywords and the capture time of the shown photo', async () => {
    const seeds = samplePhotos(3);
    seeds[1].keywords = ['Places/France/Paris', 'Family'];
    const client = createFakeClient(seeds);
    const { user } = renderApp(client);
    await user.dblClick(within(await findGrid()).getByAltText('IMG_0001.JPG'));
    const viewer = await screen.findByRole('dialog', { name: 'IMG_0001.JPG' });
    const info = within(viewer).getByRole('complementary', { name: 'Info' });
    // The make once, not "SONY SONY".
    expect(within(info).getByText('SONY ILCE-6000')).toBeTruthy();

    await user.click(within(info).getByRole('button', { name: '3 stars' }));
    expect(updates(client).at(-1)).toEqual({ photoIds: [1], changes: { rating: 3 } });
    expect(within(info).getByRole('button', { name: '3 stars' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    // The current rating again clears it.
    await user.click(within(info).getByRole('button', { name: '3 stars' }));
    expect(updates(client).at(-1)?.changes).toEqual({ rating: 0 });

    const title = await within(info).findByLabelText('Title');
    await user.type(title, 'Eiffel at dusk{Enter}');
    expect(updates(client).at(-1)).toEqual({
      photoIds: [1],
      changes: { title: 'Eiffel at dusk' },
    });
    // The blur after Enter sends nothing more.
    await user.tab();
    expect(updates(client).filter((update) => 'title' in update.changes)).toHaveLength(1);
    expect((await stored(client, 1)).title).toBe('Eiffel at dusk');

    // Completion from the keyword tree, on any level, whatever the accents.
    const keyword = within(info).getByRole('combobox', { name: 'Add keyword' });
    await user.type(keyword, 'fra');
    const suggestions = await within(info).findByRole('listbox');
    expect(
      within(suggestions)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Places › France', 'Places › France › Paris']);
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(keyword.getAttribute('aria-activedescendant')).toBe(
      within(suggestions).getAllByRole('option')[1].id,
    );
    await user.keyboard('{Enter}');
    expect(updates(client).at(-1)?.changes).toEqual({ addKeywords: ['Places/France/Paris'] });
    const chips = await within(info).findByRole('list', { name: 'Assigned keywords' });
    expect(within(chips).getByText('Places › France › Paris')).toBeTruthy();
    // A new keyword, typed and ended with a comma.
    await user.type(keyword, 'Dusk,');
    await within(chips).findByText('Dusk');
    expect((await stored(client, 1)).keywords).toEqual(['Dusk', 'Places/France/Paris']);

    await user.click(within(chips).getByRole('button', { name: 'Remove Places/France/Paris' }));
    await waitFor(() => expect(within(chips).queryByText('Places › France › Paris')).toBeNull());
    expect(updates(client).at(-1)?.changes).toEqual({ removeKeywords: ['Places/France/Paris'] });

    await user.type(within(info).getByLabelText('Shift by'), '+1h{Enter}');
    expect(updates(client).at(-1)?.changes).toEqual({ shiftTimeSeconds: 3600 });
    expect((await stored(client, 1)).takenAt).toBe('2024-06-30T19:00:00');
    expect(await within(info).findByText(/^Changed from/)).toBeTruthy();
    await user.click(within(info).getByRole('button', { name: 'Revert' }));
    expect(updates(client).at(-1)?.changes).toEqual({ revertTime: true });
    await waitFor(() => expect(within(info).queryByText(/^Changed from/)).toBeNull());

    // Every key typed went to the fields: the viewer is still open on the same photo.
    expect(screen.getByRole('dialog', { name: 'IMG_0001.JPG' })).toBeTruthy();
    expect(client.library.calls.some((call) => call.method === 'trashPhotos')).toBe(false);
  });

  it('reverts a title with Escape, and refuses a shift it cannot read', async () => {
    const client = createFakeClient(samplePhotos(2));
    const { user } = renderApp(client);
    await user.dblClick(within(await findGrid()).getByAltText('IMG_0002.JPG'));
    const info = within(await screen.findByRole('dialog')).getByRole('complementary');
    await user.type(within(info).getByLabelText('Shift by'), '30m1h{Enter}');
    expect(within(info).getByRole('alert').textContent).toContain('+1d2h3m4s');
    const title = await within(info).findByLabelText<HTMLInputElement>('Title');
    await user.type(title, 'Oops{Escape}');
    expect(title.value).toBe('');
    expect(document.activeElement).toBe(title);
    // Nothing left to revert: Escape leaves the field, and the next one closes the viewer.
    await user.keyboard('{Escape}');
    expect(document.activeElement).not.toBe(title);
    expect(screen.getByRole('dialog', { name: 'IMG_0002.JPG' })).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(updates(client)).toEqual([]);
  });
});

describe('the selection panel', () => {
  it('shows what three photos share, and changes all of them at once', async () => {
    const seeds = samplePhotos(4);
    Object.assign(seeds[0], { rating: 2, title: 'Beach', keywords: ['Family', 'Places/Nice'] });
    Object.assign(seeds[1], { rating: 2, title: 'Beach', keywords: ['Family'] });
    Object.assign(seeds[2], { rating: 5, keywords: ['family'] });
    const client = createFakeClient(seeds);
    resetShoeboxStore();
    const user = userEvent.setup();
    // Rendered beside the app until app.tsx mounts it.
    render(
      <ClientProvider client={client}>
        <App />
        <SelectionPanel />
      </ClientProvider>,
    );
    const panel = within(screen.getByRole('complementary', { name: 'Selection info' }));
    expect(panel.getByText('Select photos to describe them.')).toBeTruthy();
    const grid = within(await findGrid());
    await user.click(grid.getByAltText('IMG_0001.JPG'));
    await user.keyboard('{Shift>}');
    await user.click(grid.getByAltText('IMG_0003.JPG'));
    await user.keyboard('{/Shift}');
    expect(panel.getByRole('heading').textContent).toBe('3 photos selected');

    // Stars differ; the title too (one has none); "Family" is on all, whatever its case.
    expect(within(panel.getByRole('group', { name: 'Rating' })).getByText('Mixed')).toBeTruthy();
    const title = await panel.findByLabelText<HTMLInputElement>('Title');
    expect(title.placeholder).toBe('Mixed');
    const chips = within(await panel.findByRole('list', { name: 'Assigned keywords' }));
    expect(chips.getAllByRole('listitem').map((chip) => chip.textContent)).toEqual(['Family×']);
    // One time for all would lose their order: only shifting is offered.
    expect(panel.queryByLabelText('Set to')).toBeNull();

    const all = [1, 2, 3];
    await user.click(panel.getByRole('button', { name: '4 stars' }));
    expect(updates(client).at(-1)).toEqual({ photoIds: all, changes: { rating: 4 } });
    await waitFor(() =>
      expect(panel.getByRole('button', { name: '4 stars' }).getAttribute('aria-pressed')).toBe(
        'true',
      ),
    );
    // Left empty while mixed, the title changes nothing; typed, it goes on all.
    await user.click(title);
    await user.tab();
    expect(updates(client)).toHaveLength(1);
    await user.type(title, 'Nice, 2024{Enter}');
    expect(updates(client).at(-1)).toEqual({ photoIds: all, changes: { title: 'Nice, 2024' } });
    await waitFor(() => expect(title.placeholder).toBe('Add a title'));

    await user.type(panel.getByRole('combobox', { name: 'Add keyword' }), 'Summer{Enter}');
    expect(updates(client).at(-1)).toEqual({ photoIds: all, changes: { addKeywords: ['Summer'] } });
    await chips.findByText('Summer');
    await user.click(chips.getByRole('button', { name: 'Remove Family' }));
    expect(updates(client).at(-1)).toEqual({
      photoIds: all,
      changes: { removeKeywords: ['Family'] },
    });
    await waitFor(() => expect(chips.queryByText('Family')).toBeNull());
    expect((await stored(client, 1)).keywords).toEqual(['Places/Nice', 'Summer']);
    expect((await stored(client, 3)).keywords).toEqual(['Summer']);

    await user.type(panel.getByLabelText('Shift by'), '-30m{Enter}');
    expect(updates(client).at(-1)).toEqual({ photoIds: all, changes: { shiftTimeSeconds: -1800 } });
    expect((await stored(client, 1)).takenAt).toBe('2024-06-30T17:30:00');
    expect((await stored(client, 4)).takenAt).toBe(seeds[3].takenAt);
    expect(await panel.findByRole('button', { name: 'Revert' })).toBeTruthy();
  });
});

describe('the pure parts', () => {
  it('reads shifts as `shoebox set --shift-time` does', () => {
    expect(parseShift('+1h')).toBe(3600);
    expect(parseShift('-30m')).toBe(-1800);
    expect(parseShift('1d2h3m4s')).toBe(93_784);
    // What formatShift writes reads back.
    expect(parseShift('−1h 30m')).toBe(-5400);
    for (const wrong of ['', '1h1h', '30m1h', '+1x', '1.5h', 'h'])
      expect(parseShift(wrong)).toBeNull();
  });

  it('suggests keywords on any level, whatever the case and accents', () => {
    const paths = ['Places', 'Places/Switzerland/Zürich', 'People/Zoe', 'Zurich airport'];
    expect(suggestKeywords(paths, 'zur')).toEqual(['Places/Switzerland/Zürich', 'Zurich airport']);
    expect(suggestKeywords(paths, 'PLA', ['places'])).toEqual(['Places/Switzerland/Zürich']);
    expect(suggestKeywords(paths, 'land/z')).toEqual(['Places/Switzerland/Zürich']);
  });
});

describe('the keyword tree', () => {
  it('is loaded once, and again once marked stale, even while a load is out', async () => {
    resetShoeboxStore();
    const client = createFakeClient([{ ...samplePhotos(1)[0], keywords: ['Places/Nice'] }]);
    const lists = () => client.library.calls.filter((call) => call.method === 'listKeywords');
    await Promise.all([loadKeywordTree(client), loadKeywordTree(client)]);
    await loadKeywordTree(client);
    expect(lists()).toHaveLength(1);
    expect(useShoeboxStore.getState().keywordTree?.[0]?.path).toBe('Places');

    useShoeboxStore.getState().markKeywordTreeStale();
    const out = loadKeywordTree(client);
    // A change while the request is out: its answer may predate it.
    useShoeboxStore.getState().markKeywordTreeStale();
    await out;
    expect(lists()).toHaveLength(2);
    expect(useShoeboxStore.getState().keywordTreeStale).toBe(true);
    await loadKeywordTree(client);
    expect(lists()).toHaveLength(3);
    expect(useShoeboxStore.getState().keywordTreeStale).toBe(false);
  });
});
