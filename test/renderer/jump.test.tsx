import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import { photoSummary } from '../../common/photo-summary';
import { ensureLoaded, loadView, showPhotos } from '../../renderer/store/paging';
import { resetShoeboxStore, useShoeboxStore } from '../../renderer/store/store';
import { createFakeClient, type FakeClient } from './fake-client';
import { samplePhotos } from './fake-library';
import { findGrid, renderApp } from './render-app';

// Far more photos than the pages the first screen loads, seven a day like a keen photographer.
const PHOTOS = 5000;

afterEach(cleanup);

/** The listPhotos inputs the client was asked, in order. */
function listCalls(client: FakeClient) {
  return client.library.calls
    .filter((call) => call.method === 'listPhotos')
    .map((call) => call.input as { fromDay?: string; cursor?: string | null });
}

/** The names of the photos the store has at these listing indices. */
function namesAt(from: number, to: number): Array<string | undefined> {
  return useShoeboxStore
    .getState()
    .loaded.slice(from, to + 1)
    .map((photo) => photo?.originalName);
}

/** The names the library lists at these indices (IMG_0001 is the newest). */
function expectedNames(from: number, to: number): string[] {
  return Array.from(
    { length: to - from + 1 },
    (_, offset) => `IMG_${String(from + offset + 1).padStart(4, '0')}.JPG`,
  );
}

describe('jumping far into the timeline', () => {
  beforeEach(resetShoeboxStore);

  it('asks for the page of the day in view instead of walking every page before it', async () => {
    const client = createFakeClient(samplePhotos(PHOTOS, 7));
    await loadView(client);
    const before = listCalls(client).length;

    await showPhotos(client, 3000, 3100);
    const calls = listCalls(client).slice(before);
    expect(calls).toHaveLength(1);
    // Photo 3000 is the 4th of its day (7 a day): the page starts at that day's first photo.
    expect(calls[0].fromDay).toBe(useShoeboxStore.getState().loaded[3000]?.takenAt.slice(0, 10));
    expect(namesAt(2996, 3100)).toEqual(expectedNames(2996, 3100));
    expect(useShoeboxStore.getState().loaded[2995]).toBeUndefined();
  });

  it('keeps one copy of each photo when pages meet, and selects by id there', async () => {
    const client = createFakeClient(samplePhotos(PHOTOS, 7));
    await loadView(client);
    await showPhotos(client, 3000, 3100);
    // Scrolling back up fills the gap from a day a page above; scrolling on uses the cursor.
    await showPhotos(client, 2950, 3050);
    await showPhotos(client, 3150, 3250);
    const { loaded, ranges } = useShoeboxStore.getState();
    const ids = loaded.filter((photo) => photo !== undefined).map((photo) => photo.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ranges.filter((range) => range.start > 0)).toHaveLength(1);
    expect(namesAt(2950, 3250)).toEqual(expectedNames(2950, 3250));
    expect(listCalls(client).at(-1)?.cursor).toBeTruthy();

    useShoeboxStore.getState().selectOnly(3001);
    useShoeboxStore.getState().selectRange(3003);
    expect([...useShoeboxStore.getState().selectedIds]).toEqual([3002, 3003, 3004]);
  });

  it('keeps indices right when a photo is imported into a gap before a jumped-to page', async () => {
    const client = createFakeClient(samplePhotos(PHOTOS, 7));
    await loadView(client);
    await ensureLoaded(client, 3000);
    const into = useShoeboxStore.getState().loaded[3000]!;
    // A day between the first page and the jumped-to one, which neither has loaded.
    const photo = client.library.addPhoto({
      originalName: 'LATE.JPG',
      takenAt: '2023-09-01T12:00:00',
    });
    useShoeboxStore.getState().insertPhoto(photoSummary(photo), 'timeline');
    const state = useShoeboxStore.getState();
    expect(state.loaded[3001]?.id).toBe(into.id);
    expect(state.total).toBe(PHOTOS + 1);
    await ensureLoaded(client, 1000, 1200);
    // Every loaded photo sits at the index the library lists it at.
    const listed: number[] = [];
    for (let cursor: string | null = null; listed.length === 0 || cursor !== null;) {
      const page = await client.library.api.listPhotos({ order: 'desc', cursor, limit: 1000 });
      listed.push(...page.photos.map((listedPhoto) => listedPhoto.id));
      cursor = page.nextCursor;
    }
    const { loaded } = useShoeboxStore.getState();
    expect(loaded).toHaveLength(listed.length);
    loaded.forEach((loadedPhoto, index) => {
      if (loadedPhoto !== undefined) expect(loadedPhoto.id).toBe(listed[index]);
    });
  });
});

describe('jumping with the keyboard', () => {
  it('goes to the last photo with End in a few requests, not one per page before it', async () => {
    const client = createFakeClient(samplePhotos(PHOTOS, 7));
    const { user } = renderApp(client);
    const grid = await findGrid();
    grid.focus();
    await user.keyboard('{End}');
    await waitFor(() => expect(screen.getByText('1 selected')).toBeTruthy());
    expect(useShoeboxStore.getState().selectedIds).toEqual(new Set([PHOTOS]));
    const calls = listCalls(client);
    expect(calls.length).toBeLessThanOrEqual(3);
    expect(calls.some((call) => call.fromDay !== undefined)).toBe(true);
  });
});

describe('jumping far into a search', () => {
  beforeEach(resetShoeboxStore);

  it('starts a page at the day in view, as on the timeline, through search', async () => {
    // Every other photo has stars: the search finds 2,500 of the 5,000.
    const seeds = samplePhotos(PHOTOS, 7).map((seed, index) => ({
      ...seed,
      rating: index % 2 === 0 ? 3 : 0,
    }));
    const client = createFakeClient(seeds);
    useShoeboxStore
      .getState()
      .setView({ kind: 'search', query: 'rating:3', sort: 'taken', order: 'desc' });
    await loadView(client);
    expect(useShoeboxStore.getState().total).toBe(PHOTOS / 2);
    const searches = () =>
      client.library.calls
        .filter((call) => call.method === 'search')
        .map((call) => call.input as { fromDay?: string; cursor?: string | null });
    const before = searches().length;

    await showPhotos(client, 1500, 1550);
    const calls = searches().slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0].fromDay).toBe(useShoeboxStore.getState().loaded[1500]?.takenAt.slice(0, 10));
    // The search's 1,501st photo is the library's 3,001st (every other one), IMG_3001.
    expect(useShoeboxStore.getState().loaded[1500]?.originalName).toBe('IMG_3001.JPG');
    expect(listCalls(client)).toEqual([]);
  });
});
