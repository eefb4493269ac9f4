/**
 * Videos in an exported gallery, in real Chromium from file://: a library the real import filled
 * (a photo, an H.264 phone MP4 the gallery copies as it is, an AVCHD MTS it makes a web copy of,
 * a 720p MP4) is exported, and each video shows as its poster with a labelled play button and
 * its length, plays in the lightbox, pauses when the slide changes, and leaves the keys and a
 * finger's swipe moving through the album. Saves screenshots to test-results/screenshots/.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../main/core/shoebox-core';
import { launchChromium } from '../helpers/chromium';
import { writeSamplePhoto } from '../helpers/sample-photos';
import { avchdMts, phoneMp4, plainMp4 } from '../main/core/video/test-videos';

const SCREENSHOTS = 'test-results/screenshots';
// A busy 2-core machine decodes a first frame slowly: generous room before "it plays".
const PLAYING_TIMEOUT_MS = 30_000;

let browser: Browser;
let gallery: string;
let scratch: string;

interface Watched {
  page: Page;
  requests: string[];
  errors: string[];
}

async function openGallery(viewport = { width: 1280, height: 860 }): Promise<Watched> {
  const page = await browser.newPage({ viewport, hasTouch: true });
  const watched: Watched = { page, requests: [], errors: [] };
  page.on('request', (request) => watched.requests.push(request.url()));
  page.on('pageerror', (error) => watched.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      watched.errors.push(message.text());
    }
  });
  await page.goto(pathToFileURL(path.join(gallery, 'index.html')).href);
  await page.waitForFunction(() =>
    [...document.images].every((image) => image.complete && image.naturalWidth > 0),
  );
  return watched;
}

/** The figure whose caption names `fileName`. */
function figureOf(page: Page, fileName: string) {
  return page.locator('figure', { has: page.locator('.file-name', { hasText: fileName }) });
}

/** The video of the slide in view, as the page sees it. */
async function currentVideo(page: Page) {
  return page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>(
      '.pswp__item[aria-hidden="false"] video',
    );
    if (!video) return null;
    return {
      src: video.getAttribute('src'),
      poster: video.getAttribute('poster'),
      currentTime: video.currentTime,
      paused: video.paused,
      error: video.error?.message ?? null,
      label: video.getAttribute('aria-label'),
    };
  });
}

/** Whether every video in the lightbox but the current slide's is paused. */
function othersPaused(page: Page): Promise<boolean> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLVideoElement>('.pswp video')]
      .filter((video) => !video.closest('.pswp__item[aria-hidden="false"]'))
      .every((video) => video.paused),
  );
}

async function waitUntilPlaying(page: Page): Promise<void> {
  await expect
    .poll(async () => (await currentVideo(page))?.currentTime ?? 0, {
      timeout: PLAYING_TIMEOUT_MS,
    })
    .toBeGreaterThan(0.2);
  expect((await currentVideo(page))?.paused).toBe(false);
}

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  scratch = await mkdtemp(path.join(tmpdir(), 'shoebox-export-video-e2e-'));
  const card = path.join(scratch, 'card');
  await mkdir(card, { recursive: true });
  await writeSamplePhoto(path.join(card, 'IMG_0100.JPG'), {
    seed: 7,
    width: 1200,
    height: 800,
    takenAt: '2023:05:01 09:00:00',
  });
  await phoneMp4(card);
  await avchdMts(card);
  await plainMp4(card, 'VID_wide.mp4', '1280x720', 3);
  const core = await openCore({ libraryRoot: path.join(scratch, 'library'), imagingThreads: 2 });
  try {
    const summary = await core.importFiles([{ path: card }]);
    expect(summary.failed).toEqual([]);
    expect(summary.imported).toHaveLength(4);
    const album = await core.handlers.createAlbum({ name: 'Holiday clips' });
    await core.handlers.addPhotosToAlbum({
      albumId: album.id,
      photoIds: summary.imported.map((photo) => photo.id),
    });
    gallery = path.join(scratch, 'gallery');
    const exported = await core.exportAlbum({
      albumId: album.id,
      destination: { kind: 'folder', path: gallery },
    });
    expect(exported.failed).toEqual([]);
  } finally {
    await core.close();
  }
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('videos in an exported gallery', () => {
  it('shows each video as its poster with a labelled play button and its length', async () => {
    const { page, requests, errors } = await openGallery();
    const buttons = page.getByRole('button', { name: /^Play Video, 0:0[23]/ });
    await expect.poll(() => buttons.count()).toBe(3);
    expect(await buttons.evaluateAll((all) => all.every((b) => !b.hasAttribute('hidden')))).toBe(
      true,
    );
    expect(await figureOf(page, 'VID_phone.mp4').locator('.duration').textContent()).toBe('0:02');
    expect(await figureOf(page, 'VID_wide.mp4').locator('.duration').textContent()).toBe('0:03');
    // One tab stop per video: its button (the link beside it says the same to a mouse).
    expect(await figureOf(page, 'VID_phone.mp4').locator('a').getAttribute('tabindex')).toBe('-1');
    expect(await figureOf(page, 'IMG_0100.JPG').locator('button').count()).toBe(0);
    expect(await page.locator('.summary').textContent()).toMatch(/^1 photo, 3 videos · /);

    const inside = pathToFileURL(gallery).href + '/';
    expect(requests.filter((url) => !url.startsWith(inside))).toEqual([]);
    expect(errors).toEqual([]);
    await figureOf(page, 'VID_wide.mp4').locator('button.play').focus();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'export-video-grid.png') });
    await page.close();
  });

  it('plays a copied MP4 and a web-copied MTS in the lightbox, pausing on the way', async () => {
    const { page, requests, errors } = await openGallery();
    // The thumbnail itself, away from its play button in the middle.
    await figureOf(page, 'VID_phone.mp4')
      .locator('a')
      .click({ position: { x: 12, y: 12 } });
    await expect.poll(() => page.locator('.pswp').isVisible()).toBe(true);
    await waitUntilPlaying(page);
    const phone = await currentVideo(page);
    expect(phone).toMatchObject({
      src: expect.stringMatching(/^videos\/[0-9a-f]{16}\.mp4$/),
      poster: expect.stringMatching(/^images\/[0-9a-f]{16}-large\.webp$/),
      error: null,
      label: expect.stringContaining('VID_phone.mp4'),
    });
    await expect.poll(() => page.locator('.pswp__caption').textContent()).toContain('VID_phone');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'export-video-playing.png') });

    // To the next slides with the keyboard: the phone video pauses, the AVCHD clip's web copy
    // plays when its slide comes.
    for (let step = 0; step < 4; step += 1) {
      const caption = await page.locator('.pswp__caption').textContent();
      if (caption?.includes('00000.MTS')) break;
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => othersPaused(page)).toBe(true);
    }
    await expect.poll(() => page.locator('.pswp__caption').textContent()).toContain('00000.MTS');
    await waitUntilPlaying(page);
    expect((await currentVideo(page))?.error).toBeNull();

    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.pswp').count()).toBe(0);
    expect(
      await page.evaluate(() => [...document.querySelectorAll('video')].every((v) => v.paused)),
    ).toBe(true);
    const inside = pathToFileURL(gallery).href + '/';
    expect(requests.filter((url) => !url.startsWith(inside))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('opens from the keyboard and moves on with a swipe across the video', async () => {
    const { page, errors } = await openGallery({ width: 390, height: 844 });
    const button = figureOf(page, 'VID_wide.mp4').locator('button.play');
    await button.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.pswp').isVisible()).toBe(true);
    await waitUntilPlaying(page);
    const counter = page.locator('.pswp__counter');
    const before = await counter.textContent();

    // A finger dragged right to left across the upper half of the picture: the next slide.
    const box = await page.locator('.pswp__item[aria-hidden="false"] video').boundingBox();
    expect(box).not.toBeNull();
    const y = box!.y + box!.height * 0.3;
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number) =>
      cdp.send('Input.dispatchTouchEvent', {
        type,
        touchPoints: type === 'touchEnd' ? [] : [{ x, y }],
      });
    await touch('touchStart', 340);
    for (let x = 320; x >= 60; x -= 20) await touch('touchMove', x);
    await touch('touchEnd', 60);
    await expect.poll(() => counter.textContent()).not.toBe(before);
    await expect.poll(() => othersPaused(page)).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'export-video-phone-swiped.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
