import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClient } from './fake-client';
import { findGrid, renderApp, tileOf } from './render-app';
import { cameraCardSeeds } from './media-kinds-seeds';
import { useShoeboxStore } from '../../renderer/store/store';

afterEach(cleanup);

/** The media badge's visible text on the tile of `name`, or null when it has none. */
function mediaBadge(name: string): string | null {
  return tileOf(name).querySelector('.tile-media')?.textContent ?? null;
}

describe('media badges on tiles', () => {
  it('say RAW+JPEG, RAW, a video’s length and LIVE, and nothing on a plain JPEG', async () => {
    renderApp(createFakeClient(cameraCardSeeds()));
    await findGrid();
    expect(mediaBadge('DSC_0001.NEF')).toBe('RAW+JPEG');
    expect(mediaBadge('DSC_0002.NEF')).toBe('RAW');
    expect(mediaBadge('VID_0003.MP4')).toBe('0:07');
    expect(mediaBadge('IMG_0004.HEIC')).toBe('LIVE');
    expect(mediaBadge('IMG_0005.JPG')).toBeNull();
    // A video's badge carries a play mark, a Live Photo's Apple's ring.
    expect(tileOf('VID_0003.MP4').querySelector('.tile-media-play')).not.toBeNull();
    expect(tileOf('IMG_0004.HEIC').querySelector('.tile-media-live-mark')).not.toBeNull();
  });

  it('are said to screen readers as the tile’s description, beside its stars and flag', async () => {
    const seeds = cameraCardSeeds();
    seeds[2] = { ...seeds[2]!, rating: 2, flag: 'pick' };
    renderApp(createFakeClient(seeds));
    await findGrid();
    const described = (name: string, description: string) =>
      screen.getByRole('gridcell', { name, description });
    expect(described('DSC_0001.NEF', 'RAW with JPEG')).toBeTruthy();
    expect(described('DSC_0002.NEF', 'RAW')).toBeTruthy();
    expect(described('VID_0003.MP4', 'video, 7 seconds, 2 stars, pick')).toBeTruthy();
    expect(described('IMG_0004.HEIC', 'Live Photo')).toBeTruthy();
    expect(tileOf('IMG_0005.JPG').getAttribute('aria-describedby')).toBeNull();
    // The badges themselves are not read twice.
    for (const badge of document.querySelectorAll('.tile-media')) {
      expect(badge.getAttribute('aria-hidden')).toBe('true');
    }
  });

  it('take their compact form on the smallest tiles, the pair’s word cut short', async () => {
    renderApp(createFakeClient(cameraCardSeeds()));
    await findGrid();
    expect(tileOf('DSC_0001.NEF').querySelector('.tile-media.is-compact')).toBeNull();
    act(() => useShoeboxStore.getState().setTileSize(80));
    await waitFor(() =>
      expect(tileOf('DSC_0001.NEF').querySelector('.tile-media.is-compact')).not.toBeNull(),
    );
    // The whole word would run into the flag on an 80 px tile; a reader still hears it whole.
    expect(mediaBadge('DSC_0001.NEF')).toBe('RAW+J');
    screen.getByRole('gridcell', { name: 'DSC_0001.NEF', description: 'RAW with JPEG' });
    expect(mediaBadge('DSC_0002.NEF')).toBe('RAW');
    expect(mediaBadge('VID_0003.MP4')).toBe('0:07');
    expect(mediaBadge('IMG_0004.HEIC')).toBe('LIVE');
  });

  it('give a long video its hours, and a clip under a second one second', async () => {
    renderApp(
      createFakeClient([
        {
          originalName: 'LONG.MOV',
          takenAt: '2024-05-02T10:00:00',
          format: 'mov',
          kind: 'video',
          durationSeconds: 3723.4,
        },
        {
          originalName: 'BLINK.MP4',
          takenAt: '2024-05-01T10:00:00',
          format: 'mp4',
          kind: 'video',
          durationSeconds: 0.3,
        },
      ]),
    );
    await findGrid();
    expect(mediaBadge('LONG.MOV')).toBe('1:02:03');
    screen.getByRole('gridcell', {
      name: 'LONG.MOV',
      description: 'video, 1 hour 2 minutes 3 seconds',
    });
    expect(mediaBadge('BLINK.MP4')).toBe('0:01');
    screen.getByRole('gridcell', { name: 'BLINK.MP4', description: 'video, 1 second' });
  });
});
