/**
 * An exported gallery in real Chromium, opened straight from disk (`file://`), as someone who
 * double-clicks index.html would: every image loads, nothing is fetched from outside the
 * folder, the lightbox opens and follows the arrow keys, and a hostile album name stays text.
 * Saves screenshots to test-results/screenshots/ for a human to look at.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportAlbum } from '../../main/core/export/export-service';
import { makeExportLibrary, mixedPhotos } from '../helpers/export-library';
import { launchChromium } from '../helpers/chromium';

const SCREENSHOTS = 'test-results/screenshots';
const HOSTILE = '<img src=x onerror=alert(1)>';
const PHOTOS = 9;

let browser: Browser;
let gallery: string;
// Shared by every test here (makeTempDir's folders go after each test).
let scratch: string;

/** What a page did besides rendering: requests, dialogs, errors (CSP refusals included). */
interface Watched {
  page: Page;
  requests: string[];
  dialogs: string[];
  errors: string[];
}

async function openGallery(
  viewport = { width: 1280, height: 860 },
  colorScheme: 'light' | 'dark' = 'light',
): Promise<Watched> {
  const page = await browser.newPage({ viewport, colorScheme });
  const watched: Watched = { page, requests: [], dialogs: [], errors: [] };
  page.on('request', (request) => watched.requests.push(request.url()));
  page.on('dialog', (dialog) => {
    watched.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => watched.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      watched.errors.push(message.text());
    }
  });
  await page.goto(pathToFileURL(path.join(gallery, 'index.html')).href);
  return watched;
}

/** Scrolls through the page so lazy images load, then waits for all of them. */
async function everyImageLoaded(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 400) {
      window.scrollTo(0, y);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    window.scrollTo(0, 0);
  });
  await page.waitForFunction(() =>
    [...document.images].every((image) => image.complete && image.naturalWidth > 0),
  );
}

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  scratch = await mkdtemp(path.join(tmpdir(), 'shoebox-export-e2e-'));
  const library = await makeExportLibrary(
    path.join(scratch, 'library'),
    mixedPhotos(PHOTOS, 2400).map((spec, i) => ({
      // One panorama: the layout must fit it on a phone too.
      ...(i === 5 ? { width: 3600, height: 600 } : spec),
      originalName: i === 2 ? `<b>DSC_0042</b>.JPG` : `DSC_${String(i + 1).padStart(4, '0')}.JPG`,
    })),
    HOSTILE,
  );
  gallery = path.join(scratch, 'gallery with space & ünïcode');
  await exportAlbum(library, {
    albumId: library.albumId,
    destination: { kind: 'folder', path: gallery },
  });
  library.db.close();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('an exported gallery opened from file://', () => {
  it('loads every image from inside its folder and shows the album name as text', async () => {
    const { page, requests, dialogs, errors } = await openGallery();
    await everyImageLoaded(page);

    expect(await page.locator('img').count()).toBe(PHOTOS);
    expect(await page.locator('h1').textContent()).toBe(HOSTILE);
    expect(await page.title()).toBe(HOSTILE);
    expect(await page.locator('img[src="x"], b').count()).toBe(0);
    expect(await page.locator('figcaption').nth(2).textContent()).toContain('<b>DSC_0042</b>.JPG');

    // The Content-Security-Policy is in force from file:// too: an injected inline script is
    // refused (the one console error this test expects).
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.append(script);
      return 'injected' in window;
    });
    expect(ran).toBe(false);
    expect(errors.splice(0)).toEqual([expect.stringMatching(/Content Security Policy/)]);

    const inside = pathToFileURL(gallery).href + '/';
    expect(requests.length).toBeGreaterThan(PHOTOS);
    expect(requests.filter((url) => !url.startsWith(inside))).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'export-gallery-light.png') });
    await page.close();
  });

  it('opens the lightbox on a photo and moves on with the arrow keys', async () => {
    const { page, requests, dialogs, errors } = await openGallery();
    await everyImageLoaded(page);
    await page.locator('figure a').first().click();
    const lightbox = page.locator('.pswp');
    await expect.poll(() => lightbox.isVisible()).toBe(true);
    const counter = page.locator('.pswp__counter');
    await expect.poll(() => counter.textContent()).toBe(`1 / ${PHOTOS}`);
    await expect.poll(() => page.locator('.pswp__caption').textContent()).toContain('DSC_0001');
    // The full image (not the zoomed thumbnail placeholder) of the slide in view.
    const current = (): Promise<string | null> =>
      page
        .locator('.pswp__item[aria-hidden="false"] img.pswp__img:not(.pswp__img--placeholder)')
        .getAttribute('src');
    await expect.poll(current).toMatch(/-large\.webp$/);
    const first = await current();

    await page.keyboard.press('ArrowRight');
    await expect.poll(() => counter.textContent()).toBe(`2 / ${PHOTOS}`);
    await expect.poll(current).not.toBe(first);
    await expect.poll(() => page.locator('.pswp__caption').textContent()).toContain('DSC_0002');
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('.pswp__img')].every(
        (image) => image.complete && image.naturalWidth > 0,
      ),
    );
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'export-lightbox.png') });

    await page.keyboard.press('Escape');
    await expect.poll(() => lightbox.count()).toBe(0);
    const inside = pathToFileURL(gallery).href + '/';
    expect(requests.filter((url) => !url.startsWith(inside))).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('looks right in dark mode and on a phone', async () => {
    const dark = await openGallery({ width: 1280, height: 860 }, 'dark');
    await everyImageLoaded(dark.page);
    await dark.page.screenshot({ path: path.join(SCREENSHOTS, 'export-gallery-dark.png') });
    await dark.page.close();

    const phone = await openGallery({ width: 390, height: 844 });
    await everyImageLoaded(phone.page);
    // No sideways scrolling on a narrow screen, panoramas included.
    expect(
      await phone.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);
    await phone.page.screenshot({ path: path.join(SCREENSHOTS, 'export-gallery-phone.png') });
    expect([...dark.errors, ...phone.errors]).toEqual([]);
    await phone.page.close();
  });
});
