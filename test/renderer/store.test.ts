import { beforeEach, describe, expect, it } from 'vitest';
import { NO_IMPORT_TOTALS } from '../../common/contract';
import { photoSummary } from '../../common/photo-summary';
import {
  buildGridLayout,
  photoInNextRow,
  rowOfPhoto,
} from '../../renderer/components/grid/grid-layout';
import { resetShoeboxStore, useShoeboxStore } from '../../renderer/store/store';
import { FakeLibrary, samplePhotos } from './fake-library';

beforeEach(resetShoeboxStore);

/** Photos of a fake library, newest first, as listPhotos would give them. */
async function listed(count: number, perDay: number) {
  const library = new FakeLibrary(samplePhotos(count, perDay));
  const page = await library.api.listPhotos({ order: 'desc', limit: 1000 });
  const days = await library.api.getTimeline({ order: 'desc' });
  return { library, photos: page.photos, days };
}

describe('the photo list', () => {
  it('puts an imported photo where the timeline has it and counts its day', async () => {
    const { library, photos, days } = await listed(6, 3);
    const store = useShoeboxStore.getState();
    store.replacePhotoList({ days, total: 6, photos, nextCursor: null });
    const between = library.addPhoto({
      originalName: 'NEW.JPG',
      takenAt: photos[1].takenAt.replace(/:\d\d$/, ':59'),
    });
    useShoeboxStore.getState().insertPhoto(photoSummary(between), 'timeline');
    const state = useShoeboxStore.getState();
    expect(state.loaded.map((photo) => photo?.originalName).slice(0, 3)).toEqual([
      'IMG_0001.JPG',
      'NEW.JPG',
      'IMG_0002.JPG',
    ]);
    expect(state.total).toBe(7);
    expect(state.days?.[0].count).toBe(4);

    const newDay = library.addPhoto({ originalName: 'LATER.JPG', takenAt: '2025-01-01T09:00:00' });
    useShoeboxStore.getState().insertPhoto(photoSummary(newDay), 'timeline');
    expect(useShoeboxStore.getState().days?.[0]).toEqual({ day: '2025-01-01', count: 1 });
  });

  it('leaves a photo past the loaded pages to the next page, but counts it', async () => {
    const { library, photos, days } = await listed(6, 3);
    useShoeboxStore
      .getState()
      .replacePhotoList({ days, total: 6, photos: photos.slice(0, 2), nextCursor: '2' });
    const old = library.addPhoto({ originalName: 'OLD.JPG', takenAt: '2020-01-01T00:00:00' });
    useShoeboxStore.getState().insertPhoto(photoSummary(old), 'timeline');
    const state = useShoeboxStore.getState();
    expect(state.loaded.filter((photo) => photo !== undefined)).toHaveLength(2);
    expect(state.total).toBe(7);
    expect(state.ranges).toEqual([{ start: 0, end: 2, nextCursor: '2' }]);
  });

  it('takes removed photos out of the list and their days', async () => {
    const { photos, days } = await listed(6, 3);
    useShoeboxStore.getState().replacePhotoList({ days, total: 6, photos, nextCursor: null });
    useShoeboxStore.getState().removePhotos(new Set([photos[0].id, photos[1].id, photos[2].id]));
    const state = useShoeboxStore.getState();
    expect(state.total).toBe(3);
    expect(state.days).toHaveLength(1);
  });

  it('drops a page that arrives for a list that was replaced meanwhile', async () => {
    const { photos, days } = await listed(4, 4);
    const store = useShoeboxStore.getState();
    store.replacePhotoList({ days, total: 4, photos: photos.slice(0, 2), nextCursor: '2' });
    const stale = useShoeboxStore.getState().listGeneration;
    useShoeboxStore.getState().setView({ kind: 'trash' });
    const placed = useShoeboxStore
      .getState()
      .placePage({ generation: stale, edits: 0 }, 2, photos.slice(2), null);
    expect(placed).toBe(false);
    expect(useShoeboxStore.getState().loaded).toEqual([]);
  });
});

describe('imports in the store', () => {
  it('keeps one run when events for an import arrive before startImport answers', () => {
    const store = useShoeboxStore.getState();
    store.beginImportRun('i1', 'uploading', 3);
    store.addRejectedFiles('i1', [{ name: 'big.tif', error: 'Over the limit' }]);
    const totals = {
      ...NO_IMPORT_TOTALS,
      files: 1,
      bytes: 1,
    };
    // The run is keyed by its id from the start: an early event lands on it.
    store.applyImportEvent({ type: 'queued', importId: 'i1', files: [], totals });
    expect(useShoeboxStore.getState().imports).toHaveLength(1);
    store.applyImportEvent({
      type: 'finished',
      importId: 'i1',
      totals,
      cancelled: false,
      error: null,
    });
    // The answer, after the end: the run stays finished.
    store.markImportStarted('i1');
    const runs = useShoeboxStore.getState().imports;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ importId: 'i1', targetAlbumId: 3, phase: 'finished' });
    expect(runs[0].problems.map((row) => row.name)).toEqual(['big.tif']);
  });

  it('follows an import another window started, by the id of its events', () => {
    const store = useShoeboxStore.getState();
    store.beginImportRun('mine', 'uploading', null);
    store.markImportStarted('mine');
    const totals = {
      ...NO_IMPORT_TOTALS,
      files: 2,
      bytes: 2,
    };
    store.applyImportEvent({ type: 'queued', importId: 'theirs', files: [], totals });
    expect(useShoeboxStore.getState().imports).toMatchObject([
      { importId: 'mine', phase: 'importing', totals: null },
      { importId: 'theirs', phase: 'importing', totals: { files: 2 } },
    ]);
  });
});

describe('the grid layout', () => {
  it('puts month and day headings above rows of tiles, and walks rows across headings', () => {
    const layout = buildGridLayout(
      [
        { day: '2024-06-30', count: 5 },
        { day: '2024-06-29', count: 2 },
        { day: '2024-05-31', count: 1 },
      ],
      8,
      3,
    );
    expect(
      layout.rows.map((row) => (row.kind === 'tiles' ? `${row.start}-${row.end}` : row.kind)),
    ).toEqual(['month', 'day', '0-3', '3-5', 'day', '5-7', 'month', 'day', '7-8']);
    expect(rowOfPhoto(layout, 4)).toBe(3);
    expect(photoInNextRow(layout, 2, 1)).toBe(4);
    expect(photoInNextRow(layout, 4, 1)).toBe(6);
    expect(photoInNextRow(layout, 6, 1)).toBe(7);
    expect(photoInNextRow(layout, 7, 1)).toBe(7);
    expect(photoInNextRow(layout, 5, -1)).toBe(3);
  });
});
