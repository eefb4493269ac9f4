import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CameraCard, CardDay } from '../../common/contract';
import { createFakeClient } from './fake-client';
import { FakeLibrary, samplePhotos } from './fake-library';
import { findGrid, renderApp } from './render-app';

afterEach(cleanup);

const CARD = '/media/anna/EOS_DIGITAL';
const SHOT_BYTES = 30_000_000;

/** A day of the card: `names` its shots, the first `known` of them already imported. */
function cardDay(day: string, names: string[], known: number, pairs: string[] = []): CardDay {
  const fresh = names.slice(known).map((name) => `${CARD}/DCIM/100CANON/${name}`);
  return {
    day,
    files: names.length,
    newFiles: fresh.length,
    paths: fresh,
    importPaths: fresh.flatMap((path) => {
      const stem = path.replace(/\.[^.]+$/, '');
      return pairs.some((pair) => path.endsWith(pair)) ? [path, `${stem}.JPG`] : [path];
    }),
  };
}

/** EOS_DIGITAL: 3 new shots on July 2 (one RAW+JPEG), 2 of 3 new on July 1, June 20 imported. */
function sampleCard(): CameraCard {
  const days = [
    cardDay('2024-07-02', ['IMG_0301.CR3', 'IMG_0302.JPG', 'IMG_0303.JPG'], 0, ['IMG_0301.CR3']),
    cardDay('2024-07-01', ['IMG_0201.JPG', 'IMG_0202.JPG', 'IMG_0203.JPG'], 1),
    cardDay('2024-06-20', ['IMG_0101.JPG', 'IMG_0102.JPG', 'IMG_0103.JPG', 'IMG_0104.JPG'], 4),
  ];
  return {
    path: CARD,
    label: 'EOS_DIGITAL',
    removable: true,
    files: 10,
    newFiles: 5,
    bytes: 10 * SHOT_BYTES,
    newBytes: 5 * SHOT_BYTES,
    unreadable: 0,
    days,
  };
}

/** A library holding the card's already-imported shots, with the card mounted. */
function libraryWithCard(): FakeLibrary {
  const library = new FakeLibrary([
    ...samplePhotos(6),
    ...['IMG_0201.JPG', 'IMG_0101.JPG', 'IMG_0102.JPG', 'IMG_0103.JPG', 'IMG_0104.JPG'].map(
      (originalName) => ({ originalName, takenAt: '2024-06-20T10:00:00' }),
    ),
  ]);
  library.cards = [sampleCard()];
  return library;
}

function prompt(): HTMLElement {
  return screen.getByRole('region', { name: 'Import 5 new photos from EOS_DIGITAL' });
}

function startedPaths(library: FakeLibrary): unknown {
  const call = library.calls.find((candidate) => candidate.method === 'startImport');
  return (call?.input as { source?: { paths?: string[] } } | undefined)?.source?.paths;
}

describe('the camera-card prompt', () => {
  it('offers the new photos by day, every new day ticked, beside a usable library', async () => {
    const library = libraryWithCard();
    renderApp(createFakeClient(library));

    const offer = await screen.findByRole('region', {
      name: 'Import 5 new photos from EOS_DIGITAL',
    });
    expect(within(offer).getByText('150 MB new · 5 already in the library')).toBeTruthy();
    const days = within(offer).getAllByRole('checkbox').slice(0, 3);
    expect(days.map((box) => box.closest('label')?.textContent)).toEqual([
      expect.stringMatching(/July 2, 2024.*3 new$/),
      expect.stringMatching(/July 1, 2024.*2 new · 1 already imported$/),
      expect.stringMatching(/June 20, 2024.*all 4 already imported$/),
    ]);
    expect(
      days.map((box) => [(box as HTMLInputElement).checked, box.hasAttribute('disabled')]),
    ).toEqual([
      [true, false],
      [true, false],
      [false, true],
    ]);
    // Not a modal: the grid is there to use, and no dialog holds the focus.
    expect(await findGrid()).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('imports the ticked days with their pairs through the import panel, then goes', async () => {
    const library = libraryWithCard();
    const { user } = renderApp(createFakeClient(library));
    await screen.findByRole('region', { name: 'Import 5 new photos from EOS_DIGITAL' });

    await user.click(within(prompt()).getByRole('button', { name: 'Import' }));

    const dcim = `${CARD}/DCIM/100CANON`;
    expect(startedPaths(library)).toEqual([
      `${dcim}/IMG_0301.CR3`,
      `${dcim}/IMG_0301.JPG`,
      `${dcim}/IMG_0302.JPG`,
      `${dcim}/IMG_0303.JPG`,
      `${dcim}/IMG_0202.JPG`,
      `${dcim}/IMG_0203.JPG`,
    ]);
    const panel = screen.getByRole('article', { name: 'Import' });
    expect(
      await within(panel).findByRole('heading', { name: /^Imported \d+ photos$/ }),
    ).toBeTruthy();
    expect(screen.queryByRole('region', { name: /EOS_DIGITAL/ })).toBeNull();
    // Counted again after the import; put back in, the card has nothing new to offer.
    await waitFor(() =>
      expect(library.calls.filter((call) => call.method === 'listCards').length).toBe(2),
    );
    act(() => library.emit('cardsChanged', []));
    await act(async () => library.emit('cardsChanged', await library.api.listCards()));
    expect(screen.queryByRole('region', { name: /EOS_DIGITAL/ })).toBeNull();
    expect(library.calls.some((call) => call.method === 'ejectCard')).toBe(false);
  });

  it('imports only the days left ticked', async () => {
    const library = libraryWithCard();
    const { user } = renderApp(createFakeClient(library));
    await screen.findByRole('region', { name: 'Import 5 new photos from EOS_DIGITAL' });

    await user.click(within(prompt()).getByRole('checkbox', { name: /July 2, 2024/ }));
    const importButton = within(prompt()).getByRole('button', { name: 'Import 2 of 5' });
    await user.click(importButton);

    expect(startedPaths(library)).toEqual([
      `${CARD}/DCIM/100CANON/IMG_0202.JPG`,
      `${CARD}/DCIM/100CANON/IMG_0203.JPG`,
    ]);
    // The card is dealt with: the day left out is not offered again while it stays in.
    const panel = screen.getByRole('article', { name: 'Import' });
    expect(await within(panel).findByRole('heading', { name: 'Imported 2 photos' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: /EOS_DIGITAL/ })).toBeNull();
    act(() => library.emit('cardsChanged', []));
    await act(async () => library.emit('cardsChanged', await library.api.listCards()));
    expect(
      screen.getByRole('region', { name: 'Import 3 new photos from EOS_DIGITAL' }),
    ).toBeTruthy();
  });

  it('can import nothing once every day is unticked', async () => {
    const library = libraryWithCard();
    const { user } = renderApp(createFakeClient(library));
    await screen.findByRole('region', { name: 'Import 5 new photos from EOS_DIGITAL' });

    await user.click(within(prompt()).getByRole('checkbox', { name: /July 2, 2024/ }));
    await user.click(within(prompt()).getByRole('checkbox', { name: /July 1, 2024/ }));

    expect(within(prompt()).getByRole('button', { name: 'Import 0 of 5' })).toHaveProperty(
      'disabled',
      true,
    );
  });

  it('hides on Not now until the card is taken out and put back', async () => {
    const library = libraryWithCard();
    const { user } = renderApp(createFakeClient(library));
    await screen.findByRole('region', { name: 'Import 5 new photos from EOS_DIGITAL' });

    await user.click(within(prompt()).getByRole('button', { name: 'Not now' }));
    expect(screen.queryByRole('region', { name: /EOS_DIGITAL/ })).toBeNull();
    // The same card counted again (a poll, another card coming) stays put off.
    act(() => library.emit('cardsChanged', [sampleCard()]));
    expect(screen.queryByRole('region', { name: /EOS_DIGITAL/ })).toBeNull();

    act(() => library.emit('cardsChanged', []));
    act(() => library.emit('cardsChanged', [sampleCard()]));
    expect(prompt()).toBeTruthy();
  });

  it('ejects the card when asked once the import has ended well, and says so', async () => {
    const library = libraryWithCard();
    const { user } = renderApp(createFakeClient(library));
    await screen.findByRole('region', { name: 'Import 5 new photos from EOS_DIGITAL' });

    await user.click(within(prompt()).getByRole('checkbox', { name: 'Eject when done' }));
    await user.click(within(prompt()).getByRole('button', { name: 'Import' }));

    expect(await screen.findByText('EOS_DIGITAL was ejected: it can be taken out.')).toBeTruthy();
    expect(library.calls.filter((call) => call.method === 'ejectCard')).toEqual([
      { method: 'ejectCard', input: { path: CARD } },
    ]);
    expect(library.cards).toEqual([]);
  });

  it('offers nothing for a card whose photos are all in the library', async () => {
    const library = new FakeLibrary(samplePhotos(3));
    library.cards = [
      { ...sampleCard(), newFiles: 0, newBytes: 0, days: [cardDay('2024-06-20', ['A.JPG'], 1)] },
    ];
    renderApp(createFakeClient(library));
    await findGrid();
    await waitFor(() =>
      expect(library.calls.some((call) => call.method === 'listCards')).toBe(true),
    );

    expect(screen.queryByRole('region', { name: /EOS_DIGITAL/ })).toBeNull();
  });
});
