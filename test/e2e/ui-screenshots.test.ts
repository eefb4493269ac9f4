/**
 * Screenshot harness for the renderer: builds the bundle, serves it with the fake server over
 * in-memory data, drives Debian's Chromium and saves the main states to
 * test-results/screenshots/ for a human to look at. Also checks what each state shows.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProductionBundle } from './build-bundle';
import { FakeLibrary, samplePhotos } from '../renderer/fake-library';
import { startFakeServe, type FakeServe } from './fake-serve';
import { launchChromium } from '../helpers/chromium';

const SCREENSHOTS = 'test-results/screenshots';

let bundle: string;
let browser: Browser;
const servers: FakeServe[] = [];

/** A page on a fresh fake server over `library`, at a laptop-sized window. */
async function openApp(
  library: FakeLibrary,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<Page> {
  const server = await startFakeServe(library, bundle);
  servers.push(server);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) {
      errors.push(message.text());
    }
  });
  // The fake server has no favicon; Chromium asks for one anyway.
  page.on('requestfailed', (request) => errors.push(`${request.url()} failed`));
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) {
      errors.push(`${response.url()}: ${response.status()}`);
    }
  });
  await page.goto(server.url);
  (page as Page & { errors?: string[] }).errors = errors;
  return page;
}

/** Saves a screenshot of the page. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Waits until every thumbnail in view has decoded. */
async function thumbnailsPainted(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const images = [...document.querySelectorAll<HTMLImageElement>('[role="grid"] img')];
    return images.length > 0 && images.every((image) => image.complete && image.naturalWidth > 0);
  });
}

/**
 * Waits until the image `selector` has decoded and is what the page shows at the centre of the
 * stage: a decoded image that is hidden, zero-sized or covered would still leave it empty.
 */
async function imageShown(page: Page, selector: string): Promise<void> {
  await page.waitForFunction((wanted) => {
    const image = document.querySelector<HTMLImageElement>(wanted);
    const stage = document.querySelector('.viewer-stage')?.getBoundingClientRect();
    if (image === null || stage === undefined || !image.complete || image.naturalWidth === 0) {
      return false;
    }
    const box = image.getBoundingClientRect();
    const atCentre = document.elementFromPoint(
      stage.left + stage.width / 2,
      stage.top + stage.height / 2,
    );
    return box.width > 0 && box.height > 0 && atCentre === image;
  }, selector);
}

/** A library with a few months of photos and two albums. */
function sampleLibrary(): FakeLibrary {
  const library = new FakeLibrary(samplePhotos(400, 9, '2024-06-30'));
  library.addAlbum('Paris weekend', [1, 2, 3, 5, 8, 13, 21]);
  library.addAlbum('Family');
  return library;
}

/** A library of described photos: stars, flags, keywords and two cameras, to search and filter. */
function describedLibrary(): FakeLibrary {
  const places = ['Places/France/Paris', 'Places/France/Lyon', 'Places/Italy/Rome', 'Family'];
  const seeds = samplePhotos(240, 9, '2024-06-30').map((seed, index) => ({
    ...seed,
    rating: (index * 7) % 6,
    flag: index % 9 === 0 ? ('pick' as const) : index % 13 === 0 ? ('reject' as const) : null,
    label: index % 11 === 0 ? ('red' as const) : index % 17 === 0 ? ('green' as const) : null,
    keywords: index % 3 === 0 ? [places[index % places.length]] : [],
    cameraMake: index % 2 === 0 ? 'FUJIFILM' : 'NIKON CORPORATION',
    cameraModel: index % 2 === 0 ? 'X-T4' : 'NIKON D750',
    lens: index % 2 === 0 ? 'XF16-55mmF2.8 R LM WR' : '24-70mm f/2.8',
  }));
  const library = new FakeLibrary(seeds);
  library.addAlbum('Paris weekend', [1, 2, 3, 5, 8, 13, 21]);
  return library;
}

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  bundle = await mkdtemp(join(tmpdir(), 'shoebox-ui-'));
  await buildProductionBundle(bundle);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((server) => server.close()));
  if (bundle) await rm(bundle, { recursive: true, force: true });
});

describe('the UI in Chromium (fake server)', () => {
  it('greets an empty library', async () => {
    const page = await openApp(new FakeLibrary());
    await page.getByRole('heading', { name: 'Drop photos here' }).waitFor();
    await shoot(page, '01-empty-library');
    await page.close();
  });

  it('shows the timeline grid, a selection, and the viewer', async () => {
    const page = await openApp(sampleLibrary());
    await page.getByRole('grid', { name: 'All photos' }).waitFor();
    await thumbnailsPainted(page);
    await shoot(page, '02-grid');

    await page.getByAltText('IMG_0002.JPG').click();
    await page.getByAltText('IMG_0005.JPG').click({ modifiers: ['Shift'] });
    await page.getByAltText('IMG_0012.JPG').click({ modifiers: ['Control'] });
    await expect.poll(() => page.getByRole('gridcell', { selected: true }).count()).toBe(5);
    await shoot(page, '03-selection');

    await page.keyboard.press('Enter');
    const viewer = page.getByRole('dialog', { name: 'IMG_0012.JPG' });
    await viewer.waitFor();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('dialog', { name: 'IMG_0013.JPG' }).waitFor();
    await imageShown(page, '.viewer-image');
    await page.getByText('48.85837° N, 2.29448° E').waitFor();
    await shoot(page, '04-viewer');

    await page.keyboard.press('z');
    await page.getByRole('button', { name: 'Fit' }).waitFor();
    await imageShown(page, '.viewer-original-image');
    await shoot(page, '04b-viewer-one-to-one');
    await page.keyboard.press('z');

    // The info panel's describe fields, filled in.
    const info = page.getByRole('complementary', { name: 'Info', exact: true });
    await info.getByRole('button', { name: '4 stars' }).click();
    await info.getByLabel('Title').fill('Eiffel tower at dusk');
    await info.getByLabel('Title').press('Enter');
    for (const keyword of ['Places/France/Paris', 'Family']) {
      await info.getByRole('combobox', { name: 'Add keyword' }).fill(keyword);
      await info.getByRole('combobox', { name: 'Add keyword' }).press('Enter');
      await info.getByRole('button', { name: `Remove ${keyword}` }).waitFor();
    }
    await info.getByLabel('Shift by').fill('+1h');
    await info.getByLabel('Shift by').press('Enter');
    await info.getByText(/^Changed from/).waitFor();
    await shoot(page, '04c-viewer-describe');
    // Out of the field first: there Escape only leaves it.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('imports chosen files with progress, a failure and its reason', async () => {
    const library = sampleLibrary();
    library.holdImports = true;
    const page = await openApp(library);
    await page.getByRole('grid', { name: 'All photos' }).waitFor();
    const jpeg = { mimeType: 'image/jpeg', buffer: Buffer.from('fake') };
    await page.setInputFiles('[data-testid="import-file-input"]', [
      { name: 'DSC01001.JPG', ...jpeg },
      { name: 'DSC01002.JPG', ...jpeg },
      { name: 'broken-card-copy.JPG', ...jpeg },
      { name: 'huge-panorama.tif', ...jpeg },
      { name: 'DSC01003.JPG', ...jpeg },
    ]);
    await expect.poll(() => library.calls.some((call) => call.method === 'startImport')).toBe(true);
    // queued, two files, the broken one: then stop mid-way for the picture.
    for (let step = 0; step < 4; step += 1) library.releaseImport();
    await page.getByText('Not an image: the file is damaged').waitFor();
    await page.getByText('Larger than the 200 MB upload limit').waitFor();
    await page.getByAltText('DSC01001.JPG').waitFor();
    await shoot(page, '05-import-progress');
    while (library.releaseImport());
    await page.getByRole('heading', { name: 'Imported 3 photos' }).waitFor();
    await shoot(page, '06-import-finished');
    await page.close();
  });

  it('shows the drop overlay and imports a synthesized drop into an album', async () => {
    const library = sampleLibrary();
    const page = await openApp(library);
    await page
      .getByRole('navigation', { name: 'Albums' })
      .getByRole('button', { name: 'Paris weekend' })
      .click();
    await page.getByRole('grid', { name: 'Paris weekend' }).waitFor();
    await thumbnailsPainted(page);
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['x'], 'DSC02001.JPG', { type: 'image/jpeg' }));
      document.body.dispatchEvent(
        new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true }),
      );
    });
    await page.getByText('Drop to import into “Paris weekend”').waitFor();
    await shoot(page, '07-drop-overlay');
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['x'], 'DSC02001.JPG', { type: 'image/jpeg' }));
      const target = document.querySelector('[role="grid"]') ?? document.body;
      target.dispatchEvent(
        new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }),
      );
      target.dispatchEvent(
        new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
      );
    });
    await page.getByRole('grid', { name: 'Paris weekend' }).getByAltText('DSC02001.JPG').waitFor();
    const start = library.calls.find((call) => call.method === 'startImport');
    expect(start?.input).toMatchObject({ albumId: 1, source: { kind: 'uploads' } });

    await page.getByAltText('IMG_0003.JPG').click();
    await page.getByRole('button', { name: 'Export album' }).click();
    await page
      .getByRole('dialog', { name: 'Export album' })
      .getByRole('button', { name: 'Download zip' })
      .click();
    await page.getByRole('heading', { name: 'Exported “Paris weekend”' }).waitFor();
    await shoot(page, '07b-album-selection-export');
    await page.close();
  });

  it('shows that another Shoebox process is importing into the library', async () => {
    const library = sampleLibrary();
    library.otherProcesses = [
      {
        program: 'shoebox import',
        pid: 31337,
        host: 'laptop',
        activity: 'importing',
        startedAt: '2026-12-02T06:00:00.000Z',
      },
    ];
    const page = await openApp(library);
    await page.getByRole('grid', { name: 'All photos' }).waitFor();
    const card = page.getByRole('article', { name: 'Another Shoebox process' });
    await card.getByText('shoebox import is importing').waitFor();
    await thumbnailsPainted(page);
    await shoot(page, '12-another-process-importing');
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('says so when shoebox serve stops', async () => {
    const server = await startFakeServe(sampleLibrary(), bundle);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
    await page.getByRole('grid', { name: 'All photos' }).waitFor();
    await thumbnailsPainted(page);
    expect(await page.getByRole('alert').count()).toBe(0);
    await server.close();
    await page.getByRole('alert').getByText('Disconnected from Shoebox — retrying…').waitFor();
    await shoot(page, '13-disconnected');
    await page.close();
  });

  it('opens the tile menu by a right-click, with its submenus inside the window', async () => {
    const page = await openApp(sampleLibrary());
    await page.getByRole('grid', { name: 'All photos' }).waitFor();
    await thumbnailsPainted(page);
    await page.getByAltText('IMG_0003.JPG').click();
    await page.getByAltText('IMG_0004.JPG').click({ modifiers: ['Control'] });
    // On the tile: a selected tile's ring lies over its image.
    await page
      .getByRole('gridcell')
      .filter({ has: page.getByAltText('IMG_0004.JPG') })
      .click({ button: 'right' });
    const menu = page.getByRole('menu', { name: '2 photos' });
    await menu.getByRole('menuitem', { name: 'Label' }).hover();
    await page.getByRole('menu', { name: 'Label' }).waitFor();
    await shoot(page, '16-tile-menu');
    const box = await page.getByRole('menu', { name: 'Label' }).boundingBox();
    expect(box !== null && box.x + box.width <= 1280 && box.y + box.height <= 800).toBe(true);
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('follows a dark system theme', async () => {
    const page = await openApp(sampleLibrary(), 'dark');
    await page.getByRole('grid', { name: 'All photos' }).waitFor();
    await thumbnailsPainted(page);
    await page.getByAltText('IMG_0003.JPG').click();
    await shoot(page, '08-dark-grid');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await shoot(page, '09-dark-viewer');
    await page.close();
  });

  it('shows stars, flags and labels on the tiles, at the default and the smallest size', async () => {
    const library = sampleLibrary();
    const described: Array<
      [number[], Parameters<FakeLibrary['api']['updatePhotos']>[0]['changes']]
    > = [
      [[1], { rating: 5, flag: 'pick', label: 'red' }],
      [[2], { rating: 3, label: 'yellow' }],
      [[3], { flag: 'reject', rating: 1 }],
      [[4], { label: 'green' }],
      [[5], { rating: 4, flag: 'pick', label: 'blue' }],
      [[6], { label: 'purple', rating: 2 }],
      [[8, 9], { flag: 'reject' }],
      [[10], { rating: 2, flag: 'pick' }],
    ];
    for (const [photoIds, changes] of described) {
      await library.api.updatePhotos({ photoIds, changes });
    }
    for (const scheme of ['light', 'dark'] as const) {
      const page = await openApp(library, scheme);
      await page.getByRole('grid', { name: 'All photos' }).waitFor();
      await thumbnailsPainted(page);
      await page.getByAltText('IMG_0005.JPG').click();
      await shoot(page, `14-badges-${scheme}`);
      await page.getByRole('slider', { name: 'Thumbnail size' }).fill('80');
      await thumbnailsPainted(page);
      await shoot(page, `15-badges-small-${scheme}`);
      expect((page as Page & { errors?: string[] }).errors).toEqual([]);
      await page.close();
    }
  });

  it('culls a shoot with the keyboard only: stars, flags, labels, 1:1, undo, the shortcut list', async () => {
    const library = sampleLibrary();
    const page = await openApp(library);
    const grid = page.getByRole('grid', { name: 'All photos' });
    await grid.waitFor();
    await thumbnailsPainted(page);
    const tile = (name: string) => page.getByRole('gridcell', { name });
    // The keyboard cursor starts on the first tile: Space selects it, keys describe it.
    await grid.focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('4');
    await page.keyboard.press('p');
    await page.keyboard.press('6');
    const described = (name: string) =>
      tile(name).evaluate(
        (cell) =>
          document.getElementById(cell.getAttribute('aria-describedby') ?? '')?.textContent ?? '',
      );
    await expect.poll(() => described('IMG_0001.JPG')).toBe('4 stars, pick, red label');
    // Shift with a key applies it and moves on to the next photo.
    await page.keyboard.press('Shift+KeyX');
    await expect.poll(() => tile('IMG_0003.JPG').getAttribute('aria-selected')).toBe('false');
    await expect.poll(() => tile('IMG_0002.JPG').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => described('IMG_0001.JPG')).toBe('4 stars, reject, red label');
    await page.keyboard.press('3');
    await page.keyboard.press('Shift+Digit8');
    await expect.poll(() => described('IMG_0002.JPG')).toBe('3 stars, green label');
    await expect.poll(() => tile('IMG_0003.JPG').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Control+KeyZ');
    await expect.poll(() => described('IMG_0002.JPG')).toBe('3 stars');
    await shoot(page, '18-culled-grid');

    // The viewer on the selected photo, at 1:1, and back.
    await page.keyboard.press('Enter');
    const viewer = page.getByRole('dialog', { name: 'IMG_0003.JPG' });
    await viewer.waitFor();
    await imageShown(page, '.viewer-image');
    await page.keyboard.press('5');
    await page.keyboard.press('z');
    await page.waitForFunction(() => {
      const image = document.querySelector<HTMLImageElement>('.viewer-original-image');
      return image !== null && image.complete && image.naturalWidth > 0;
    });
    await expect.poll(() => viewer.getByRole('button', { name: 'Fit' }).isVisible()).toBe(true);
    await shoot(page, '19-culling-viewer-1-1');
    await page.keyboard.press('Escape');
    await expect.poll(() => described('IMG_0003.JPG')).toBe('5 stars');

    await page.keyboard.press('Shift+Slash');
    const shortcuts = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => shortcuts.getByText('Flag as reject').isVisible()).toBe(true);
    await shoot(page, '20-shortcuts');
    await page.keyboard.press('Escape');
    await expect.poll(() => shortcuts.count()).toBe(0);
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('searches with completion, filters by facets and saves a smart album', async () => {
    const page = await openApp(describedLibrary());
    await page.getByRole('grid', { name: 'All photos' }).waitFor();
    await thumbnailsPainted(page);
    const box = page.getByRole('searchbox', { name: 'Search photos' });
    await page.keyboard.press('Control+f');
    await box.pressSequentially('rating>=3 fla');
    await page.getByRole('listbox', { name: 'Suggestions' }).waitFor();
    await shoot(page, '30-search-completion');
    await page.keyboard.press('Tab');
    await page.getByRole('option', { name: /pick/ }).click();
    await page.keyboard.press('Enter');
    await page.getByRole('grid', { name: 'Search results' }).waitFor();
    await thumbnailsPainted(page);
    await page.getByRole('button', { name: 'Filter' }).click();
    const bar = page.getByRole('region', { name: 'Filter' });
    await bar.locator('.filter-bar-facets[aria-busy="false"]').waitFor();
    await bar
      .getByRole('group', { name: 'Camera' })
      .getByRole('button', { name: /^NIKON D750/ })
      .click();
    await page.waitForFunction(() =>
      document
        .querySelector<HTMLInputElement>('input[type="search"]')
        ?.value.includes('NIKON D750'),
    );
    await bar.locator('.filter-bar-facets[aria-busy="false"]').waitFor();
    await thumbnailsPainted(page);
    await shoot(page, '31-filter-bar');
    await page.getByRole('button', { name: 'Save as smart album…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save as smart album' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Nikon picks');
    await shoot(page, '32-save-smart-album');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('grid', { name: 'Nikon picks' }).waitFor();
    await thumbnailsPainted(page);
    await page
      .getByRole('list', { name: 'Smart albums' })
      .getByRole('button', { name: 'Nikon picks' })
      .hover();
    await shoot(page, '33-smart-album');
    // A query that does not parse says where, beside the box.
    await box.fill('rating>=3 flag:maybe');
    await box.press('Enter');
    await page.getByRole('alert').waitFor();
    await shoot(page, '34-search-problem');
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await page.close();

    const dark = await openApp(describedLibrary(), 'dark');
    await dark.getByRole('grid', { name: 'All photos' }).waitFor();
    await dark.getByRole('button', { name: 'Filter' }).click();
    await dark.locator('.filter-bar-facets[aria-busy="false"]').waitFor();
    await dark
      .getByRole('group', { name: 'Rating' })
      .getByRole('button', { name: /^4 stars/ })
      .click();
    await dark.getByRole('grid', { name: 'Search results' }).waitFor();
    await dark.locator('.filter-bar-facets[aria-busy="false"]').waitFor();
    await thumbnailsPainted(dark);
    await shoot(dark, '35-filter-bar-dark');
    expect((dark as Page & { errors?: string[] }).errors).toEqual([]);
    await dark.close();
  });

  it('keeps the DOM flat while scrolling 100,000 photos', async () => {
    const page = await openApp(new FakeLibrary(samplePhotos(100_000, 60, '2024-06-30')));
    const grid = page.getByRole('grid', { name: 'All photos' });
    await grid.waitFor();
    await thumbnailsPainted(page);
    await page.evaluate(() => {
      const tasks: number[] = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) tasks.push(entry.duration);
      }).observe({ type: 'longtask' });
      (window as unknown as { longTasks: number[] }).longTasks = tasks;
    });
    const nodesAtTop = await page.evaluate(() => document.querySelectorAll('*').length);
    // Scroll a screen at a time through the first part, then jump far: pages load on the way.
    for (let step = 0; step < 20; step += 1) {
      await grid.evaluate((element) => element.scrollBy(0, element.clientHeight));
      await page.waitForTimeout(16);
    }
    await grid.evaluate((element) => element.scrollTo(0, element.scrollHeight / 2));
    await thumbnailsPainted(page);
    await shoot(page, '10-scrolled-100k');
    const nodesDeep = await page.evaluate(() => document.querySelectorAll('*').length);
    const longTasks = await page.evaluate(
      () => (window as unknown as { longTasks: number[] }).longTasks,
    );
    console.log(
      `100k photos: ${nodesAtTop} DOM nodes at the top, ${nodesDeep} half-way; long tasks (ms): ${longTasks.map(Math.round).join(', ') || 'none'}`,
    );
    expect(nodesDeep).toBeLessThan(nodesAtTop * 1.5);

    // Denser tiles keep the photo that was at the top in view.
    const topPhoto = await page.evaluate(() => {
      const grid = document.querySelector('[role="grid"]')!;
      const top = grid.getBoundingClientRect().top + 20;
      const images = [...grid.querySelectorAll('img')];
      return images.find((image) => image.getBoundingClientRect().bottom > top)?.alt ?? '';
    });
    await page.getByRole('slider', { name: 'Thumbnail size' }).fill('80');
    await thumbnailsPainted(page);
    const stillVisible = await page.getByAltText(topPhoto, { exact: true }).boundingBox();
    expect(stillVisible?.y).toBeGreaterThan(0);
    expect(stillVisible?.y).toBeLessThan(800);
    await shoot(page, '11-dense-100k');
    await page.close();
  });
});
