import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, screen, within } from '@testing-library/react';
import { createFakeClient } from './fake-client';
import { FakeLibrary, samplePhotos } from './fake-library';
import { findGrid, renderApp } from './render-app';

afterEach(cleanup);

describe('the export card', () => {
  it('moves its bar with the work done, also while one long video holds the photo count', async () => {
    const library = new FakeLibrary(samplePhotos(6));
    renderApp(createFakeClient(library));
    await findGrid();

    act(() =>
      library.emit('exportProgress', {
        type: 'progress',
        exportId: 'e1',
        done: 1,
        total: 4,
        fraction: 0.1,
      }),
    );
    const card = await screen.findByRole('article', { name: 'Export' });
    const bar = within(card).getByRole('progressbar', { name: 'Export progress' });
    expect(bar.getAttribute('aria-valuenow')).toBe('10');
    expect(within(card).getByText('1 of 4 photos')).toBeTruthy();

    // The web copy of the second photo, a long clip, is half made: the count stands still.
    act(() =>
      library.emit('exportProgress', {
        type: 'progress',
        exportId: 'e1',
        done: 1,
        total: 4,
        fraction: 0.55,
      }),
    );
    expect(bar.getAttribute('aria-valuenow')).toBe('55');
    expect(within(card).getByText('1 of 4 photos')).toBeTruthy();
  });

  it('names each video shown as a poster only, with why, and stays until Done', async () => {
    const library = new FakeLibrary(samplePhotos(6));
    const { user } = renderApp(createFakeClient(library));
    await findGrid();
    const finished = (exportId: string, failed: { name: string; reason: string }[]) =>
      library.emit('exportProgress', {
        type: 'finished',
        exportId,
        cancelled: false,
        location: `/home/me/Exports/${exportId}`,
        error: null,
        failed,
      });

    // Timers faked from before the cards mount: a clean export's card leaves after 10 s.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      act(() => finished('clean', []));
      act(() =>
        finished('e2', [
          { name: 'MVI_0042.MOV', reason: 'MVI_0042.MOV: the video stream is damaged' },
        ]),
      );
      expect(screen.getAllByRole('article', { name: 'Export' })).toHaveLength(2);
      act(() => {
        vi.advanceTimersByTime(15_000);
      });
    } finally {
      vi.useRealTimers();
    }
    const card = screen.getByRole('article', { name: 'Export' });
    expect(within(card).getByText('/home/me/Exports/e2')).toBeTruthy();
    const list = within(card).getByRole('list', { name: 'Videos exported as posters only' });
    expect(within(list).getByText('MVI_0042.MOV')).toBeTruthy();
    expect(within(list).getByText('MVI_0042.MOV: the video stream is damaged')).toBeTruthy();

    await user.click(within(card).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('article', { name: 'Export' })).toBeNull();
  });
});
