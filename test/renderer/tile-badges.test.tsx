import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PhotoSeed } from './fake-library';
import { samplePhotos } from './fake-library';
import { createFakeClient } from './fake-client';
import { findGrid, mediaPath, renderApp, tileOf } from './render-app';
import type { PreloadBridge } from '../../common/bridge';
import { createElectronClient } from '../../renderer/bridge/electron-client';
import { createHttpClient } from '../../renderer/bridge/http-client';
import { useShoeboxStore } from '../../renderer/store/store';

afterEach(cleanup);

/** Sample photos, the first few described as given (in order). */
function describedPhotos(count: number, described: Array<Partial<PhotoSeed>>): PhotoSeed[] {
  return samplePhotos(count).map((seed, index) => ({ ...seed, ...described[index] }));
}

/** The visible badge text of a tile (stars, flag mark), as one string. */
function badgeText(name: string): string {
  return [...tileOf(name).querySelectorAll('[aria-hidden="true"]')]
    .map((badge) => badge.textContent)
    .join(' ');
}

describe('culling badges on tiles', () => {
  it('show stars, flag and label, and say them as the tile’s description', async () => {
    renderApp(
      createFakeClient(
        describedPhotos(4, [
          { rating: 3, flag: 'pick', label: 'red' },
          { rating: 1, flag: 'reject' },
          { label: 'purple' },
        ]),
      ),
    );
    await findGrid();
    const first = screen.getByRole('gridcell', {
      name: 'IMG_0001.JPG',
      description: '3 stars, pick, red label',
    });
    expect(first.querySelector('.tile-stars')?.textContent).toBe('★★★');
    expect(first.querySelector('.tile-flag-pick')).not.toBeNull();
    expect(first.querySelector('.tile-label-red')).not.toBeNull();
    const second = screen.getByRole('gridcell', {
      name: 'IMG_0002.JPG',
      description: '1 star, reject',
    });
    expect(second.classList.contains('is-rejected')).toBe(true);
    expect(first.classList.contains('is-rejected')).toBe(false);
    screen.getByRole('gridcell', { name: 'IMG_0003.JPG', description: 'purple label' });
    // Nothing to say, nothing shown.
    const plain = tileOf('IMG_0004.JPG');
    expect(plain.getAttribute('aria-describedby')).toBeNull();
    expect(plain.querySelector('.tile-flag, .tile-badge')).toBeNull();
  });

  it('change when a key rates, flags or labels the selected photo', async () => {
    const { user } = renderApp(createFakeClient(samplePhotos(4)));
    await user.click(within(await findGrid()).getByAltText('IMG_0002.JPG'));
    await user.keyboard('3');
    await waitFor(() => expect(badgeText('IMG_0002.JPG')).toBe('★★★'));
    await user.keyboard('p');
    await user.keyboard('6');
    await waitFor(() =>
      expect(
        screen.getByRole('gridcell', {
          name: 'IMG_0002.JPG',
          description: '3 stars, pick, red label',
        }),
      ).toBeTruthy(),
    );
    await user.keyboard('x');
    await waitFor(() =>
      expect(tileOf('IMG_0002.JPG').classList.contains('is-rejected')).toBe(true),
    );
    await user.keyboard('0');
    await user.keyboard('u');
    await user.keyboard('6');
    await waitFor(() => expect(tileOf('IMG_0002.JPG').getAttribute('aria-describedby')).toBeNull());
    expect(badgeText('IMG_0002.JPG')).toBe('');
  });

  it('take compact forms on the smallest tiles', async () => {
    renderApp(createFakeClient(describedPhotos(3, [{ rating: 5, label: 'green' }])));
    await findGrid();
    expect(badgeText('IMG_0001.JPG')).toBe('★★★★★');
    act(() => useShoeboxStore.getState().setTileSize(80));
    await waitFor(() => expect(badgeText('IMG_0001.JPG')).toBe('★5'));
  });
});

describe('thumbnails on screens of more than one device pixel per CSS pixel', () => {
  const ownRatio = Object.getOwnPropertyDescriptor(window, 'devicePixelRatio')!;
  afterEach(() => {
    Object.defineProperty(window, 'devicePixelRatio', ownRatio);
  });

  /** Makes the window report `ratio` device pixels per CSS pixel. */
  function stubPixelRatio(ratio: number): void {
    Object.defineProperty(window, 'devicePixelRatio', { configurable: true, value: ratio });
  }

  const sources = () =>
    ['IMG_0001.JPG', 'IMG_0004.JPG', 'TINY.PNG'].map((name) =>
      mediaPath(screen.getByAltText(name).getAttribute('src')),
    );
  // A 6000×4000 landscape, a 4000×6000 portrait (both 400×267 thumbs), and a 240×160 image
  // whose thumb is the whole image.
  const photos = (): PhotoSeed[] => [
    ...samplePhotos(4),
    { originalName: 'TINY.PNG', takenAt: '2024-06-30T19:00:00', width: 240, height: 160 },
  ];

  it('load the thumb where it covers the tile (162 CSS px at 1×)', async () => {
    stubPixelRatio(1);
    renderApp(createFakeClient(photos()));
    await findGrid();
    expect(sources()).toEqual(['/media/1/thumb', '/media/4/thumb', '/media/5/thumb']);
  });

  it('load the medium where the thumb’s 267 px short edge would be stretched (2×)', async () => {
    stubPixelRatio(2);
    renderApp(createFakeClient(photos()));
    await findGrid();
    expect(sources()).toEqual(['/media/1/medium', '/media/4/medium', '/media/5/thumb']);
    // The smallest tiles (86 CSS px, so 172 device px) are covered by the thumb again.
    act(() => useShoeboxStore.getState().setTileSize(80));
    await waitFor(() =>
      expect(sources()).toEqual(['/media/1/thumb', '/media/4/thumb', '/media/5/thumb']),
    );
  });
});

describe('the images of a turned photo', () => {
  it('have new URLs, since the old ones are cached for good', async () => {
    const { user } = renderApp(createFakeClient(samplePhotos(3)));
    const src = (name: string, within_: HTMLElement = document.body) =>
      within(within_).getByAltText(name).getAttribute('src')!;
    await user.click(within(await findGrid()).getByAltText('IMG_0002.JPG'));
    const before = { turned: src('IMG_0002.JPG'), other: src('IMG_0001.JPG') };
    await user.keyboard('{Control>}[BracketRight]{/Control}');
    await waitFor(() => expect(src('IMG_0002.JPG')).not.toBe(before.turned));
    expect(mediaPath(src('IMG_0002.JPG'))).toBe('/media/2/thumb');
    expect(src('IMG_0001.JPG')).toBe(before.other);
    await user.keyboard('{Enter}');
    const viewer = await screen.findByRole('dialog', { name: 'IMG_0002.JPG' });
    const large = src('IMG_0002.JPG', viewer);
    expect(mediaPath(large)).toBe('/media/2/large');
    await user.keyboard('{Control>}[BracketRight]{/Control}');
    await waitFor(() => expect(src('IMG_0002.JPG', viewer)).not.toBe(large));
    expect(mediaPath(src('IMG_0002.JPG', viewer))).toBe('/media/2/large');
  });

  it('are asked of both transports with the version, and as they are without one', () => {
    const http = createHttpClient();
    expect(http.mediaUrl(4, 'large')).toBe('/media/4/large');
    expect(http.mediaUrl(4, 'large', 0)).toBe('/media/4/large');
    expect(http.mediaUrl(4, 'thumb', 270)).toBe('/media/4/thumb?r=270');
    const desktop = createElectronClient({} as PreloadBridge);
    expect(desktop.mediaUrl(7, 'thumb', 0)).toBe('shoebox-media://photo/7/thumb');
    expect(desktop.mediaUrl(7, 'medium', 90)).toBe('shoebox-media://photo/7/medium?r=90');
  });
});

describe('the grid and the keyboard cursor', () => {
  /** The listing index of the keyboard cursor. */
  const focusIndex = () => useShoeboxStore.getState().focusIndex;

  it('scrolls to the photo auto-advance moves to, and not on a reload', async () => {
    const client = createFakeClient(samplePhotos(200));
    const { user } = renderApp(client);
    const grid = await findGrid();
    // happy-dom lays nothing out: the grid scrolls as far as its canvas is tall.
    Object.defineProperty(grid, 'scrollHeight', {
      get: () => parseFloat(grid.querySelector<HTMLElement>('.grid-canvas')!.style.height),
    });
    await user.click(within(grid).getByAltText('IMG_0001.JPG'));
    expect(grid.scrollTop).toBe(0);
    // Three days of 7 photos (two rows each) and their headings: past the 800 px window.
    for (let next = 1; next <= 21; next += 1) {
      await user.keyboard('{Shift>}3{/Shift}');
      await waitFor(() => expect(focusIndex()).toBe(next));
    }
    await waitFor(() => expect(grid.scrollTop).toBeGreaterThan(0));
    const followed = grid.scrollTop;
    // As a browser would after scrolling (happy-dom's scrollTo does not say so).
    act(() => {
      grid.dispatchEvent(new Event('scroll'));
    });
    expect(tileOf('IMG_0022.JPG').getAttribute('aria-selected')).toBe('true');
    // Its row lies within the 800 px window, at the bottom ('auto': scrolled no further).
    const row = tileOf('IMG_0022.JPG').closest<HTMLElement>('.grid-row')!;
    const rowTop = Number(/translateY\((\d+)px\)/.exec(row.style.transform)?.[1]);
    expect(rowTop).toBeGreaterThanOrEqual(followed);
    expect(rowTop + parseFloat(row.style.height)).toBeLessThanOrEqual(followed + 800);
    expect(tileOf('IMG_0021.JPG').querySelector('.tile-stars')?.textContent).toBe('★★★');

    // The user scrolls on; a reload keeps the cursor where it is, and the scroll where it is.
    act(() => {
      grid.scrollTop = followed + 500;
      grid.dispatchEvent(new Event('scroll'));
    });
    const generation = useShoeboxStore.getState().listGeneration;
    act(() => client.library.emit('libraryChanged', { reason: 'photos' }));
    await waitFor(() =>
      expect(useShoeboxStore.getState().listGeneration).toBeGreaterThan(generation),
    );
    expect(focusIndex()).toBe(21);
    expect(grid.scrollTop).toBe(followed + 500);
  });
});
