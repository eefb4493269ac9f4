/**
 * `npm run bench:ui`: the renderer on a generated library served by `shoebox serve`, measured in
 * Debian's Chromium: time from navigation to the first thumbnails painted, long tasks and frame
 * times while scrolling from top to bottom, DOM nodes and JS heap. A 1,000-photo library is
 * measured in the same run as the baseline: DOM nodes must not grow with the library.
 */
import { existsSync } from 'node:fs';
import { link, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, type Page, type Request } from 'playwright-core';
import sharp from 'sharp';
import { openCore } from '../main/core/shoebox-core';
import { openLibraryDatabase } from '../main/core/library/database';
import { fromStoredPath, libraryLayout } from '../main/core/library/library-paths';
import { PhotoRepository } from '../main/core/library/photo-repository';
import { startServer } from '../main/serve/http-server';
import { fakePhotoRecord } from '../test/helpers/photo-records';
import { launchChromium } from '../test/helpers/chromium';

const CORPUS = path.join(import.meta.dirname, '.corpus');
const RENDERER = path.join(import.meta.dirname, '..', 'dist', 'renderer');
// A handful of distinct thumbnails, hard-linked under every photo's derivative path: 100k real
// encodes would take minutes and gigabytes for no difference in what the browser does.
const DISTINCT_THUMBS = 24;
// Two viewports per frame: a brisk fling, which is where a grid drops frames.
const VIEWPORTS_PER_FRAME = 2;
// The jump to the middle gives up after this: a UI that walks every page before the visible
// one takes seconds, not minutes, so reaching it means something is broken.
const JUMP_TIMEOUT_MS = 60_000;

/** What one library measured. */
interface UiMeasure {
  photos: number;
  firstThumbnailMs: number;
  longTasks: number;
  longestTaskMs: number;
  frameP50Ms: number;
  frameP95Ms: number;
  frameMaxMs: number;
  frames: number;
  domNodesTop: number;
  domNodesMax: number;
  jsHeapMb: number;
  jumpMs: number;
  jumpRequests: number;
}

async function ensureLibrary(photos: number): Promise<string> {
  const root = path.join(CORPUS, `ui-library-${photos}`);
  const layout = libraryLayout(root);
  if (existsSync(layout.database)) return root;
  await mkdir(root, { recursive: true });
  const thumbs = await Promise.all(
    Array.from({ length: DISTINCT_THUMBS }, async (_, index) => {
      const file = path.join(CORPUS, 'ui-thumbs', `thumb-${index}.webp`);
      if (!(await stat(file).catch(() => null))) {
        await mkdir(path.dirname(file), { recursive: true });
        const hue = Math.round((index * 360) / DISTINCT_THUMBS);
        await sharp({
          create: { width: 400, height: 267, channels: 3, background: `hsl(${hue}, 60%, 55%)` },
        })
          .webp({ quality: 85 })
          .toFile(file);
      }
      return file;
    }),
  );
  const db = openLibraryDatabase(layout.database);
  const repository = new PhotoRepository(db, layout);
  const records = Array.from({ length: photos }, (_, i) => fakePhotoRecord(i + 1));
  db.transaction(() => {
    for (const record of records) repository.insert(record);
  })();
  db.close();
  for (const [index, record] of records.entries()) {
    const thumb = fromStoredPath(layout, record.derivatives[0]!.storedPath)!;
    await mkdir(path.dirname(thumb), { recursive: true });
    await link(thumbs[index % DISTINCT_THUMBS]!, thumb).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  return root;
}

/**
 * Sets the grid's scrollTop to half its height, as dragging the scroll bar there does, and
 * times it until every tile in view shows a decoded thumbnail; counts the listPhotos requests
 * it took. Runs on a freshly loaded page, so nothing past the first page is loaded yet.
 */
async function measureJump(page: Page): Promise<{ ms: number; requests: number }> {
  let requests = 0;
  const count = (request: Request) => {
    if (request.url().includes('/api/listPhotos')) requests += 1;
  };
  page.on('request', count);
  try {
    const ms = await page.evaluate(async (timeoutMs) => {
      const scroller = document.querySelector<HTMLElement>('[role="grid"]')!;
      const start = performance.now();
      scroller.scrollTop = scroller.scrollHeight / 2;
      // Inline, not a helper: tsx names functions with a helper the page does not have.
      for (;;) {
        const box = scroller.getBoundingClientRect();
        const cells = [...scroller.querySelectorAll<HTMLElement>('.tile')].filter((cell) => {
          const rect = cell.getBoundingClientRect();
          return rect.bottom > box.top && rect.top < box.bottom;
        });
        const painted =
          cells.length > 0 &&
          cells.every((cell) => {
            const image = cell.querySelector('img');
            return image !== null && image.complete && image.naturalWidth > 0;
          });
        if (painted) return performance.now() - start;
        if (performance.now() - start > timeoutMs) return Number.NaN;
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
    }, JUMP_TIMEOUT_MS);
    return { ms, requests };
  } finally {
    page.off('request', count);
  }
}

async function measure(browser: Browser, photos: number): Promise<UiMeasure> {
  const core = await openCore({ libraryRoot: await ensureLibrary(photos) });
  const server = await startServer({ core, staticDir: RENDERER, onError: () => undefined });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await page.addInitScript(() => {
      const win = window as unknown as { longTasks: number[] };
      win.longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) win.longTasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(server.url);
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('[role="grid"] img')].some(
        (image) => image.complete && image.naturalWidth > 0,
      ),
    );
    const firstThumbnailMs = await page.evaluate(() => performance.now());
    const domNodesTop = await page.evaluate(() => document.getElementsByTagName('*').length);
    const jump = await measureJump(page);
    await page.evaluate(() => {
      document.querySelector<HTMLElement>('[role="grid"]')!.scrollTop = 0;
    });

    const scroll = await page.evaluate(async (viewportsPerFrame) => {
      const win = window as unknown as { longTasks: number[] };
      win.longTasks = [];
      const scroller = document.querySelector<HTMLElement>('[role="grid"]')!;
      const frames: number[] = [];
      let domNodesMax = 0;
      let last = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
      while (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1) {
        scroller.scrollTop += scroller.clientHeight * viewportsPerFrame;
        const now = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
        frames.push(now - last);
        last = now;
        domNodesMax = Math.max(domNodesMax, document.getElementsByTagName('*').length);
      }
      // Let the last long tasks be reported.
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { frames, domNodesMax, longTasks: win.longTasks };
    }, VIEWPORTS_PER_FRAME);

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? 0;
    const sorted = [...scroll.frames].sort((a, b) => a - b);
    const at = (fraction: number): number =>
      sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
    return {
      photos,
      firstThumbnailMs,
      longTasks: scroll.longTasks.length,
      longestTaskMs: Math.max(0, ...scroll.longTasks),
      frameP50Ms: at(0.5),
      frameP95Ms: at(0.95),
      frameMaxMs: sorted.at(-1) ?? 0,
      frames: sorted.length,
      domNodesTop,
      domNodesMax: scroll.domNodesMax,
      jsHeapMb: heap / 1024 / 1024,
      jumpMs: jump.ms,
      jumpRequests: jump.requests,
    };
  } finally {
    await page.close();
    await server.close();
    await core.close();
  }
}

if (!existsSync(path.join(RENDERER, 'index.html'))) {
  throw new Error('The renderer is not built: run `npm run build` first.');
}
console.log('Generating or reusing libraries of 1,000 and 100,000 photos…');
await ensureLibrary(1_000);
await ensureLibrary(100_000);
const browser = await launchChromium();
try {
  const results = [];
  for (const photos of [1_000, 100_000]) results.push(await measure(browser, photos));
  for (const r of results) {
    console.log(`\n${r.photos.toLocaleString('en')} photos:`);
    console.log(
      `  first thumbnails painted: ${r.firstThumbnailMs.toFixed(0)} ms after navigation  (target < 1000 ms)`,
    );
    console.log(
      `  scrolling top to bottom: ${r.frames} frames, p50 ${r.frameP50Ms.toFixed(1)} ms, p95 ${r.frameP95Ms.toFixed(1)} ms, max ${r.frameMaxMs.toFixed(1)} ms`,
    );
    console.log(
      `  long tasks while scrolling: ${r.longTasks}, longest ${r.longestTaskMs.toFixed(0)} ms  (target: none over 50 ms)`,
    );
    console.log(
      `  DOM nodes: ${r.domNodesTop} at the top, at most ${r.domNodesMax} while scrolling`,
    );
    console.log(`  JS heap: ${r.jsHeapMb.toFixed(1)} MB`);
    console.log(
      `  jump to the middle: ${r.jumpMs.toFixed(0)} ms, ${r.jumpRequests} requests  (until every tile in view shows its thumbnail)`,
    );
  }
  const [small, large] = results as [UiMeasure, UiMeasure];
  console.log(
    `\nDOM nodes, 100,000 / 1,000 photos: ${(large.domNodesMax / small.domNodesMax).toFixed(2)}x  (flat: about 1x)`,
  );
  console.log(`JS heap, 100,000 / 1,000 photos: ${(large.jsHeapMb / small.jsHeapMb).toFixed(2)}x`);
} finally {
  await browser.close();
}
