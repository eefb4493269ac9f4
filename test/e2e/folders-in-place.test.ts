/**
 * Folders added in place in Chromium, through the fake server: the sidebar's folders (one
 * there, one on a drive that is not connected, one with missing files), a grid of missing and
 * offline tiles, the viewer's info panel of a referenced photo, a folder's photos (a click on
 * it) and its menu (its "⋯" button), the browser's Add folder dialog and the Delete from disk
 * confirmation. Screenshots go to test-results/screenshots/folders-*.png.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium';
import { FakeLibrary, samplePhotos, type PhotoSeed } from '../renderer/fake-library';
import { buildProductionBundle } from './build-bundle';
import { startFakeServe, type FakeServe } from './fake-serve';

const SCREENSHOTS = 'test-results/screenshots';
const PICTURES = '/home/anna/Pictures/2024 Summer';
const ARCHIVE = '/media/anna/PhotoArchive/Scans';
// Photos of the sample whose files stay in Pictures; of those, the missing ones.
const IN_PICTURES = new Set([1, 2, 3, 4, 5, 8, 11, 12]);
const MISSING = new Set([4, 11]);
// Photos on the archive drive, which is not connected.
const OFFLINE = new Set([6, 7, 9, 10]);

let bundle: string;
let browser: Browser;
const servers: FakeServe[] = [];

/**
 * 120 photos, newest first: of the first twelve, eight in Pictures (two missing) and four on
 * the archive drive (offline); the rest in the library itself. Three folders in the sidebar.
 */
function folderLibrary(): FakeLibrary {
  const seeds = samplePhotos(120, 9, '2024-06-30').map((seed, index): PhotoSeed => {
    const number = index + 1;
    if (IN_PICTURES.has(number)) {
      return {
        ...seed,
        folderPath: `${PICTURES}/${seed.originalName}`,
        status: MISSING.has(number) ? 'missing' : 'ok',
      };
    }
    if (OFFLINE.has(number)) {
      return { ...seed, folderPath: `${ARCHIVE}/${seed.originalName}`, status: 'offline' };
    }
    return seed;
  });
  const library = new FakeLibrary(seeds);
  library.addAlbum('Paris weekend', [1, 2, 3, 13]);
  library.folders = [
    { id: 1, path: PICTURES, status: 'ok', photos: IN_PICTURES.size, missing: MISSING.size },
    { id: 2, path: ARCHIVE, status: 'offline', photos: OFFLINE.size, missing: 0 },
    { id: 3, path: '/home/anna/Pictures/Phone', status: 'ok', photos: 0, missing: 0 },
  ];
  return library;
}

/** A page on a fresh fake server over `library`; page errors gather on `errors`. */
async function openApp(
  library: FakeLibrary,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<{ page: Page; errors: string[] }> {
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
  await page.goto(server.url);
  return { page, errors };
}

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

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  bundle = await mkdtemp(join(tmpdir(), 'shoebox-folders-ui-'));
  await buildProductionBundle(bundle);
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((server) => server.close()));
  if (bundle) await rm(bundle, { recursive: true, force: true });
});

describe('folders in place in Chromium (fake server)', () => {
  it('shows the folders, missing and offline tiles, and where a referenced photo is', async () => {
    const { page, errors } = await openApp(folderLibrary());
    const folders = page.getByRole('navigation', { name: 'Folders' });
    await folders.getByRole('button', { name: 'Scans', exact: true }).waitFor();
    await page.getByRole('grid', { name: 'All photos' }).waitFor();
    await thumbnailsPainted(page);
    expect(
      await folders.getByRole('button', { name: 'Scans', exact: true }).textContent(),
    ).toContain('Offline');
    expect(await page.locator('.tile.is-offline').count()).toBe(OFFLINE.size);
    expect(await page.locator('.tile.is-missing').count()).toBe(MISSING.size);
    await shoot(page, 'folders-sidebar-grid');

    // The info panel of a photo in Pictures, then of one on the archive drive.
    await page.getByAltText('IMG_0002.JPG').dblclick();
    const viewer = page.getByRole('dialog', { name: 'IMG_0002.JPG' });
    const place = viewer.getByText(`In folder ${PICTURES}`);
    await place.waitFor();
    await place.scrollIntoViewIfNeeded();
    await shoot(page, 'folders-info-panel');
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });

    await page.getByAltText('IMG_0007.JPG').dblclick();
    const offline = page.getByRole('dialog', { name: 'IMG_0007.JPG' });
    await offline.getByText('The original is on a drive that is not connected').waitFor();
    await offline.getByText(`In folder ${ARCHIVE} (its drive is not connected)`).waitFor();
    await page.waitForFunction(() => {
      const image = document.querySelector<HTMLImageElement>('.viewer-image');
      return image !== null && image.complete && image.naturalWidth > 0;
    });
    await shoot(page, 'folders-viewer-offline');
    await page.keyboard.press('Escape');
    await offline.waitFor({ state: 'detached' });

    // A click on a folder shows its photos (the offline ones too) as its search.
    const scans = folders.getByRole('button', { name: 'Scans', exact: true });
    await scans.click();
    const results = page.getByRole('grid', { name: 'Search results' });
    await results.waitFor();
    await expect.poll(() => results.locator('.tile').count()).toBe(OFFLINE.size);
    expect(await results.locator('.tile.is-offline').count()).toBe(OFFLINE.size);
    expect(await scans.getAttribute('aria-current')).toBe('page');
    expect(await page.getByRole('searchbox', { name: 'Search photos' }).inputValue()).toBe(
      `folder:"${ARCHIVE}"`,
    );
    await thumbnailsPainted(page);

    // A folder's menu, from its "⋯" button (shown on hover).
    await folders.getByRole('button', { name: '2024 Summer', exact: true }).hover();
    await shoot(page, 'folders-folder-photos');
    await folders.getByRole('button', { name: 'Folder actions for 2024 Summer' }).click();
    await page.getByRole('menu', { name: 'Folder “2024 Summer”' }).waitFor();
    await shoot(page, 'folders-menu');
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('asks a browser for the path and options, and confirms a delete from disk', async () => {
    const { page, errors } = await openApp(folderLibrary());
    await page.getByRole('grid', { name: 'All photos' }).waitFor();
    await thumbnailsPainted(page);
    await page.getByRole('button', { name: 'Add folder…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add folder' });
    await dialog.getByRole('textbox', { name: 'Folder' }).fill('/srv/photos/Trip');
    await shoot(page, 'folders-add-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByAltText('IMG_0001.JPG').click();
    await page.getByAltText('IMG_0004.JPG').click({ modifiers: ['Shift'] });
    await page.getByAltText('IMG_0013.JPG').click({ modifiers: ['Control'] });
    await expect.poll(() => page.getByRole('gridcell', { selected: true }).count()).toBe(5);
    await shoot(page, 'folders-selection');
    // On the tile: the thumbnail lets the pointer through to it.
    await page
      .getByRole('gridcell')
      .filter({ has: page.getByAltText('IMG_0013.JPG') })
      .click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Delete from disk…' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete 4 files from the disk?' });
    await confirm.waitFor();
    await shoot(page, 'folders-delete-from-disk');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('marks the smallest tiles, and follows a dark theme', async () => {
    const { page, errors } = await openApp(folderLibrary(), 'dark');
    await page
      .getByRole('navigation', { name: 'Folders' })
      .getByRole('button', { name: 'Scans', exact: true })
      .waitFor();
    await page.getByRole('grid', { name: 'All photos' }).waitFor();
    await thumbnailsPainted(page);
    await page.getByAltText('IMG_0006.JPG').click();
    await page.getByAltText('IMG_0004.JPG').click({ modifiers: ['Control'] });
    await shoot(page, 'folders-dark');
    await page.getByRole('slider', { name: 'Thumbnail size' }).fill('80');
    await thumbnailsPainted(page);
    expect(await page.locator('.tile-status.is-compact').count()).toBeGreaterThan(0);
    await shoot(page, 'folders-small-tiles');
    expect(errors).toEqual([]);
    await page.close();
  });
});
