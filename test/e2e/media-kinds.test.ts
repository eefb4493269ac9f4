/**
 * Every kind of shot a camera card holds, end to end: the real `shoebox serve` (from source) on
 * a temporary library, a tmpfs stand-in card (a RAW+JPEG pair, a RAW alone, an MP4, a MOV and a
 * Live Photo) imported from its prompt, Debian's Chromium. The tiles' media badges, the viewer
 * playing each video and a Live Photo's movie, the info panel's files. Needs root for the mount,
 * as CI runs it. Screenshots go to test-results/screenshots/media-*.png.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../main/core/shoebox-core';
import { launchChromium } from '../helpers/chromium';
import { createTmpfsMounts, type TmpfsMounts } from '../main/core/cards/tmpfs-cards';
import { buildProductionBundle } from './build-bundle';
import { CARD_SHOTS, CLIP_SECONDS, writeMediaCard } from './media-card';

const SCREENSHOTS = 'test-results/screenshots';
const CARD = 'SHOEBOX_CARD';
// Generous: the card watcher polls every 2 s, and the import makes RAW previews, posters and
// a web copy on a busy 2-core machine.
const CARD_WAIT_MS = 30_000;
const IMPORT_WAIT_MS = 120_000;
// A busy 2-core machine decodes a first frame slowly (a MOV may wait for its web copy first).
const PLAYING_WAIT_MS = 90_000;
// Every other wait in the page (a large to paint, the viewer to open): twice Playwright's 30 s.
const UI_WAIT_MS = 60_000;

let workDir: string;
let mounts: TmpfsMounts;
let card: string;
let serve: ChildProcess;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

/** Starts `shoebox serve` from source on `library`; resolves to the link it prints first. */
async function startServe(library: string): Promise<string> {
  serve = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/helpers/cli-entry.ts', 'serve', '--library', library, '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, SHOEBOX_CARD_ROOTS: mounts.root },
    },
  );
  const lines = createInterface({ input: serve.stdout! });
  for await (const line of lines) return line.trim();
  throw new Error('shoebox serve printed no link');
}

/** Saves a screenshot as test-results/screenshots/media-<name>.png. */
function shoot(name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(SCREENSHOTS, `media-${name}.png`) });
}

/** Each tile as a user meets it: its photo's name, its media badge, what a reader says. */
function tiles(): Promise<Array<{ name: string; badge: string | null; said: string | null }>> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[role="grid"] .tile')].map((tile) => {
      const describedBy = tile.getAttribute('aria-describedby');
      return {
        name: tile.querySelector('img')?.alt ?? '',
        badge: tile.querySelector('.tile-media')?.textContent ?? null,
        said: describedBy === null ? null : document.getElementById(describedBy)!.textContent,
      };
    }),
  );
}

/** Opens the viewer on the photo named `name` from the grid. */
async function openViewer(name: string) {
  // The tile, not its image: a selected tile's mark lies over the image.
  await page
    .locator('[role="grid"] .tile', { has: page.getByAltText(name, { exact: true }) })
    .dblclick();
  const viewer = page.getByRole('dialog', { name });
  await viewer.waitFor();
  // The large painted (a video's poster frame, a Live Photo's still).
  await page.waitForFunction(() => {
    const image = document.querySelector<HTMLImageElement>('.viewer-image');
    return image !== null && image.complete && image.naturalWidth > 0;
  });
  return viewer;
}

/** Back to the grid from the viewer. */
async function closeViewer(): Promise<void> {
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
}

/** How the first `<video>` matching `selector` plays, as the page sees it. */
function videoState(selector: string) {
  return page.evaluate((css) => {
    const video = document.querySelector<HTMLVideoElement>(css);
    if (video === null) return null;
    return {
      src: video.getAttribute('src'),
      currentTime: video.currentTime,
      readyState: video.readyState,
      paused: video.paused,
      error: video.error?.message ?? null,
    };
  }, selector);
}

/** Waits until the video of `selector` has frames to show and its time has moved on. */
async function waitUntilPlaying(selector: string): Promise<void> {
  await expect
    .poll(async () => (await videoState(selector))?.currentTime ?? 0, {
      timeout: PLAYING_WAIT_MS,
      interval: 250,
    })
    .toBeGreaterThan(0.2);
  expect(await videoState(selector)).toMatchObject({ error: null });
  expect((await videoState(selector))!.readyState).toBeGreaterThanOrEqual(2);
}

/**
 * How far the element of `selector` lies inside the viewer's picture (the large, contained in
 * its frame), as [left, top, right, bottom] in pixels, each positive when inside it.
 */
function insetInPicture(selector: string): Promise<number[]> {
  return page.evaluate((css) => {
    const image = document.querySelector<HTMLImageElement>('.viewer-image')!;
    const frame = image.getBoundingClientRect();
    const scale = Math.min(frame.width / image.naturalWidth, frame.height / image.naturalHeight);
    const width = image.naturalWidth * scale;
    const height = image.naturalHeight * scale;
    const left = frame.left + (frame.width - width) / 2;
    const top = frame.top + (frame.height - height) / 2;
    const box = document.querySelector(css)!.getBoundingClientRect();
    return [box.left - left, box.top - top, left + width - box.right, top + height - box.bottom];
  }, selector);
}

/** The info panel's files, a row's role, name and size each. */
async function fileRows(): Promise<string[][]> {
  const files = page.getByRole('complementary', { name: 'Info' }).getByRole('region', {
    name: 'Files',
  });
  await files.waitFor();
  return files
    .getByRole('listitem')
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('span')].map((cell) => cell.textContent ?? '')),
    );
}

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  workDir = await mkdtemp(path.join(tmpdir(), 'shoebox-media-e2e-'));
  mounts = await createTmpfsMounts();
  // The bundle `shoebox serve` finds in dist/renderer: rebuilt so it is the renderer under test.
  await buildProductionBundle();
  const library = path.join(workDir, 'library');
  // `serve` opens a library, never creates one: made here as the app or `shoebox import` would.
  await (await openCore({ libraryRoot: library, imagingThreads: 1 })).close();
  card = await mounts.insert(CARD, writeMediaCard);
  const url = await startServe(library);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(UI_WAIT_MS);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (serve && serve.exitCode === null) {
    const exited = new Promise((resolve) => serve.once('exit', resolve));
    serve.kill('SIGTERM');
    await exited;
  }
  await mounts?.cleanup();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('RAWs, pairs, videos and Live Photos on shoebox serve', () => {
  it(
    'imports the card, a pair and a Live Photo as one photo each',
    async () => {
      // Five shots: the pair's JPEG and the Live Photo's movie are files of their shots.
      const prompt = page.getByRole('region', { name: `Import 5 new photos from ${CARD}` });
      await prompt.waitFor({ timeout: CARD_WAIT_MS });
      await prompt.getByRole('button', { name: 'Import', exact: true }).click();
      const panel = page.getByRole('article', { name: 'Import' });
      await panel
        .getByRole('heading', { name: 'Imported 5 photos' })
        .waitFor({ timeout: IMPORT_WAIT_MS });
      await panel.getByRole('button', { name: 'Done' }).click();
      await page.waitForFunction(() => {
        const images = [...document.querySelectorAll<HTMLImageElement>('[role="grid"] img')];
        return images.length === 5 && images.every((image) => image.complete && image.naturalWidth);
      });
      expect(pageErrors).toEqual([]);
    },
    IMPORT_WAIT_MS + CARD_WAIT_MS,
  );

  it('badges each tile with its kind, said to screen readers too', async () => {
    const clip = `0:0${CLIP_SECONDS}`;
    const spoken = `video, ${CLIP_SECONDS} seconds`;
    expect((await tiles()).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: CARD_SHOTS.pair, badge: 'RAW+JPEG', said: 'RAW with JPEG' },
      { name: CARD_SHOTS.raw, badge: 'RAW', said: 'RAW' },
      { name: CARD_SHOTS.live, badge: 'LIVE', said: 'Live Photo' },
      { name: CARD_SHOTS.mov, badge: clip, said: spoken },
      { name: CARD_SHOTS.mp4, badge: clip, said: spoken },
    ]);
    // Picked, so the badge shares the tile's top edge with the flag, as it would in a cull.
    await page.getByRole('grid', { name: 'All photos' }).getByAltText(CARD_SHOTS.pair).click();
    await page.keyboard.press('p');
    await page.locator('.tile-flag-pick').waitFor();
    await page.getByRole('grid', { name: 'All photos' }).focus();
    await shoot('01-badges');
  });

  it('keeps the badges whole and clear of the flag on the smallest tiles', async () => {
    const slider = page.getByRole('slider', { name: 'Thumbnail size' });
    await slider.focus();
    await page.keyboard.press('Home');
    await page.locator('.tile-media.is-compact').first().waitFor();
    const boxes = await page.evaluate(() =>
      [...document.querySelectorAll('[role="grid"] .tile')].map((tile) => {
        const box = (element: Element | null) => {
          const rect = element?.getBoundingClientRect();
          return rect === undefined ? null : [rect.left, rect.top, rect.right, rect.bottom];
        };
        const badge = tile.querySelector('.tile-media');
        return {
          text: badge?.textContent ?? null,
          tile: box(tile)!,
          badge: box(badge),
          flag: box(tile.querySelector('.tile-flag')),
          fontSize: badge === null ? 0 : parseFloat(getComputedStyle(badge).fontSize),
          // Cut text shows as a scroll width past the box.
          clipped: badge === null ? false : badge.scrollWidth > badge.clientWidth,
        };
      }),
    );
    expect(boxes.map((tile) => tile.text).sort()).toEqual(
      // "RAW+J": the whole word would run into the flag beside it.
      ['0:03', '0:03', 'LIVE', 'RAW', 'RAW+J'].sort(),
    );
    for (const { tile, badge, flag, fontSize, clipped } of boxes) {
      const [left, top, right, bottom] = badge!;
      expect(left).toBeGreaterThanOrEqual(tile[0]!);
      expect(top).toBeGreaterThanOrEqual(tile[1]!);
      expect(right).toBeLessThanOrEqual(tile[2]!);
      expect(bottom).toBeLessThanOrEqual(tile[3]!);
      expect(fontSize).toBeGreaterThanOrEqual(10);
      expect(clipped).toBe(false);
      if (flag !== null) expect(left).toBeGreaterThanOrEqual(flag[2]!);
    }
    expect(boxes.some((tile) => tile.flag !== null)).toBe(true);
    await shoot('02-badges-smallest');
    // Back to the default size (160: four steps of 20 up from 80) for the viewer's tests.
    await slider.focus();
    for (let step = 0; step < 4; step += 1) await page.keyboard.press('ArrowRight');
  });

  it(
    'plays an MP4 and a MOV in the viewer',
    async () => {
      for (const name of [CARD_SHOTS.mp4, CARD_SHOTS.mov]) {
        const viewer = await openViewer(name);
        expect(await viewer.locator('video.viewer-video').getAttribute('src')).toMatch(
          /\/media\/\d+\/video(\?r=\d+)?$/,
        );
        expect(await viewer.locator('video.viewer-video').getAttribute('poster')).toMatch(
          /\/media\/\d+\/large(\?r=\d+)?$/,
        );
        // The dialog has the focus: Space plays, as a player's would.
        await page.keyboard.press('Space');
        await waitUntilPlaying('video.viewer-video');
        // The video (its controls along its bottom) lies on the picture, not in a letterbox.
        for (const inset of await insetInPicture('video.viewer-video')) {
          expect(Math.abs(inset)).toBeLessThan(1.5);
        }
        if (name === CARD_SHOTS.mp4) await shoot('03-viewer-video');
        await closeViewer();
      }
      expect(pageErrors).toEqual([]);
    },
    2 * PLAYING_WAIT_MS + 30_000,
  );

  it(
    'plays a Live Photo’s movie while its LIVE control is hovered',
    async () => {
      const viewer = await openViewer(CARD_SHOTS.live);
      const live = viewer.getByRole('button', { name: /^Play Live Photo/ });
      expect(await viewer.locator('video.viewer-motion').getAttribute('src')).toMatch(
        /\/media\/\d+\/motion(\?r=\d+)?$/,
      );
      // On the picture's top left corner, as Apple Photos has it.
      const [left, top, right, bottom] = await insetInPicture('.viewer-live');
      expect([left, top]).toEqual([expect.closeTo(10, 0), expect.closeTo(10, 0)]);
      expect(right).toBeGreaterThan(0);
      expect(bottom).toBeGreaterThan(0);
      await live.hover();
      await waitUntilPlaying('video.viewer-motion');
      expect(await live.getAttribute('aria-pressed')).toBe('true');
      await shoot('04-live-playing');
      await page.mouse.move(5, 400);
      await expect.poll(() => live.getAttribute('aria-pressed')).toBe('false');
      await closeViewer();
    },
    PLAYING_WAIT_MS + 30_000,
  );

  it(
    'lists each photo’s files in the info panel',
    async () => {
      await openViewer(CARD_SHOTS.live);
      expect((await fileRows()).map(([role, name]) => [role, name])).toEqual([
        ['Original', 'IMG_0005.jpg'],
        ['Live movie', 'IMG_0005.mov'],
      ]);
      await closeViewer();
      await openViewer(CARD_SHOTS.mp4);
      expect((await fileRows()).map(([role, name]) => [role, name])).toEqual([
        ['Original', 'VID_0003.mp4'],
      ]);
      const files = page.getByRole('region', { name: 'Files' });
      const duration = files.getByText('Duration', { exact: true }).locator('xpath=../dd');
      expect(await duration.textContent()).toBe(`0:0${CLIP_SECONDS}`);
      await closeViewer();
      await openViewer(CARD_SHOTS.pair);
      const rows = await fileRows();
      expect(rows.map(([role, name]) => [role, name])).toEqual([
        ['Original', 'DSC_0001.nef'],
        ['JPEG', 'DSC_0001.jpg'],
      ]);
      // Each file's size as the card has it (tens of kB: one decimal, in 1000s as formatBytes).
      const sizes = await Promise.all(
        ['DSC_0001.NEF', 'DSC_0001.JPG'].map(async (name) => {
          const { size } = await stat(path.join(card, 'DCIM', '100SHOTS', name));
          return `${(size / 1000).toFixed(1)} KB`;
        }),
      );
      expect(rows.map(([, , size]) => size)).toEqual(sizes);
      await page.getByRole('region', { name: 'Files' }).scrollIntoViewIfNeeded();
      await shoot('05-info-files');
      await closeViewer();
      expect(pageErrors).toEqual([]);
    },
    4 * UI_WAIT_MS,
  );
});
