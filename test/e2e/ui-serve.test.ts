/**
 * The renderer end to end against the real `shoebox serve` on a temporary library, in Debian's
 * Chromium: import with the file chooser and by a synthesized drop, thumbnails painted, the
 * viewer opening and stepping, an album created and filled, a failed file shown with its
 * reason, a photo deleted for good from the Trash. Screenshots of each state go to test-results/screenshots/serve-*.png.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../main/core/shoebox-core';
import { buildProductionBundle } from './build-bundle';
import { writeSamplePhoto } from '../helpers/sample-photos';
import { launchChromium } from '../helpers/chromium';

const SCREENSHOTS = 'test-results/screenshots';

let workDir: string;
let serve: ChildProcess;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

/** Starts `shoebox serve` on a fresh library; resolves to the link it prints first. */
async function startServe(library: string): Promise<string> {
  // `serve` opens a library, never creates one: made here as the app or `shoebox import` would.
  await (await openCore({ libraryRoot: library, imagingThreads: 1 })).close();
  serve = spawn(
    process.execPath,
    ['bin/shoebox.js', 'serve', '--library', library, '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines = createInterface({ input: serve.stdout! });
  for await (const line of lines) return line.trim();
  throw new Error('shoebox serve printed no link');
}

/** Waits until every thumbnail in the grid has decoded. */
async function thumbnailsPainted(expected: number): Promise<void> {
  await page.waitForFunction((count) => {
    const images = [...document.querySelectorAll<HTMLImageElement>('[role="grid"] img')];
    return (
      images.length === count && images.every((image) => image.complete && image.naturalWidth > 0)
    );
  }, expected);
}

/** The library's original files whose name starts with `prefix`. */
async function originalsNamed(prefix: string): Promise<string[]> {
  const files = await readdir(join(workDir, 'library', 'originals'), { recursive: true });
  // Not the photos' XMP sidecars (`<file>.xmp`) beside them.
  return files.filter((file) => basename(file).startsWith(prefix) && !file.endsWith('.xmp'));
}

/** Saves a screenshot. */
function shoot(name: string): Promise<Buffer> {
  return page.screenshot({ path: join(SCREENSHOTS, `serve-${name}.png`) });
}

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  workDir = await mkdtemp(join(tmpdir(), 'shoebox-ui-e2e-'));
  if (!existsSync('dist/cli.js')) throw new Error('Build first: node scripts/build.mjs');
  // The bundle `shoebox serve` finds beside the CLI: rebuilt so it is the renderer under test.
  await buildProductionBundle();
  const url = await startServe(join(workDir, 'library'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
});

afterAll(async () => {
  await browser?.close();
  if (serve && serve.exitCode === null) {
    const exited = new Promise((resolve) => serve.once('exit', resolve));
    serve.kill('SIGTERM');
    await exited;
  }
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('the UI on shoebox serve', () => {
  it('greets the new library', async () => {
    await page.getByRole('heading', { name: 'Drop photos here' }).waitFor();
    await shoot('01-empty');
  });

  it('imports with the file chooser, thumbnails appear, a broken file says why', async () => {
    const files = await Promise.all(
      [1, 2, 3, 4].map((seed) =>
        writeSamplePhoto(join(workDir, 'card', `DSC0000${seed}.JPG`), {
          seed,
          width: 900,
          height: seed === 3 ? 1200 : 600,
          takenAt: `2024:05:01 10:0${seed}:00`,
          make: 'SONY',
          model: 'ILCE-6000',
        }),
      ),
    );
    const truncated = (await readFile(files[0])).subarray(0, 300);
    const broken = join(workDir, 'card', 'DSC00099.JPG');
    await writeFile(broken, truncated);

    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await (await chooser).setFiles([...files, broken]);

    const card = page.getByRole('article', { name: 'Import' });
    await card.getByRole('heading', { name: 'Imported 4 photos' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => card.getByText('DSC00099.JPG').count()).toBe(1);
    const problem = await card.getByRole('list', { name: 'Files not imported' }).innerText();
    expect(problem).toMatch(/DSC00099\.JPG\s+Failed\s+\S+/);
    await thumbnailsPainted(4);
    await shoot('02-import-chooser');
    await card.getByRole('button', { name: 'Done' }).click();
  });

  it('imports a synthesized drop of files', async () => {
    const dropped = await Promise.all(
      [5, 6].map(async (seed) => {
        const file = await writeSamplePhoto(join(workDir, 'drop', `IMG_010${seed}.JPG`), {
          seed,
          width: 800,
          height: 600,
          takenAt: `2024:06:15 0${seed + 3}:00:00`,
        });
        return { name: `IMG_010${seed}.JPG`, base64: (await readFile(file)).toString('base64') };
      }),
    );
    await page.evaluate((files) => {
      const transfer = new DataTransfer();
      for (const { name, base64 } of files) {
        const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
        transfer.items.add(new File([bytes], name, { type: 'image/jpeg' }));
      }
      const target = document.querySelector('[role="grid"]') ?? document.body;
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(
          new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
      }
    }, dropped);
    await page.getByRole('heading', { name: 'Imported 2 photos' }).waitFor({ timeout: 30_000 });
    await thumbnailsPainted(6);
    await expect.poll(() => page.getByRole('heading', { name: 'June 2024' }).count()).toBe(1);
    await shoot('03-grid-after-drop');
  });

  it('opens the viewer and steps through photos', async () => {
    await page.getByAltText('IMG_0106.JPG').dblclick();
    await page.getByRole('dialog', { name: 'IMG_0106.JPG' }).waitFor();
    await page.keyboard.press('ArrowRight');
    const viewer = page.getByRole('dialog', { name: 'IMG_0105.JPG' });
    await viewer.waitFor();
    await page.waitForFunction(() => {
      const image = document.querySelector<HTMLImageElement>('.viewer-image');
      return image !== null && image.complete && image.naturalWidth > 0;
    });
    await viewer.getByText('800 × 600').waitFor();
    await shoot('04-viewer');
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
  });

  it('creates an album and fills it with selected photos', async () => {
    await page.getByRole('button', { name: 'New album' }).click();
    await page.getByRole('textbox', { name: 'New album name' }).fill('Spring');
    await page.keyboard.press('Enter');
    const albums = page.getByRole('navigation', { name: 'Albums' });
    await albums.getByRole('button', { name: 'Spring' }).waitFor();

    await page.getByAltText('DSC00001.JPG').click();
    await page.getByAltText('DSC00002.JPG').click({ modifiers: ['Control'] });
    await page.getByRole('button', { name: 'Add to album' }).click();
    await page.getByRole('menuitem', { name: 'Spring' }).click();
    await page.getByText('Added 2 photos to “Spring”').waitFor();

    await albums.getByRole('button', { name: 'Spring' }).click();
    await page.getByRole('grid', { name: 'Spring' }).waitFor();
    await thumbnailsPainted(2);
    await shoot('05-album');
  });

  it('exports the album as a zip download, choosing its title in the export dialog', async () => {
    await page.getByRole('button', { name: 'Export album' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export album' });
    const title = dialog.getByRole('textbox', { name: 'Title' });
    expect(await title.inputValue()).toBe('Spring');
    expect(await dialog.getByRole('checkbox', { name: 'Include GPS locations' }).isChecked()).toBe(
      false,
    );
    await title.fill('Spring in the garden');
    await shoot('09-export-dialog');
    const download = page.waitForEvent('download', { timeout: 60_000 });
    await dialog.getByRole('button', { name: 'Download zip' }).click();
    await page.getByRole('heading', { name: 'Exported “Spring”' }).waitFor({ timeout: 60_000 });
    expect((await download).suggestedFilename()).toMatch(/\.zip$/);
    await shoot('06-export');
  });

  it('deletes a photo for good from the Trash: the file leaves the disk, the counts follow', async () => {
    const library = page.getByRole('navigation', { name: 'Library' });
    const countOf = (name: string) =>
      library.getByRole('button', { name, exact: true }).locator('.sidebar-count').innerText();
    await library.getByRole('button', { name: 'All photos' }).click();
    await page.getByRole('grid', { name: 'All photos' }).waitFor();
    await page.getByAltText('DSC00004.JPG').click();
    await page.getByRole('button', { name: 'Move to Trash' }).click();
    await expect.poll(() => countOf('Trash')).toBe('1');
    expect(await countOf('All photos')).toBe('5');
    expect(await originalsNamed('DSC00004')).toHaveLength(1);

    await library.getByRole('button', { name: 'Trash' }).click();
    await page.getByRole('grid', { name: 'Trash' }).waitFor();
    await thumbnailsPainted(1);
    await page.getByAltText('DSC00004.JPG').click();
    await page.getByRole('button', { name: 'Empty Trash' }).waitFor();
    await page.getByRole('button', { name: 'Restore' }).waitFor();
    await shoot('07-trash');
    await page.getByRole('button', { name: 'Delete forever' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Delete 1 photo forever?' });
    await dialog.getByText('This cannot be undone.').waitFor();
    expect(await dialog.innerText()).toMatch(
      /1 photo and its original file \([\d.]+ KB\) will be removed from disk/,
    );
    await shoot('08-delete-forever');
    await dialog.getByRole('button', { name: 'Delete forever' }).click();

    await page.getByRole('heading', { name: 'The Trash is empty' }).waitFor();
    await page.getByText('Deleted 1 photo for good').waitFor();
    await expect.poll(() => countOf('Trash')).toBe('0');
    expect(await countOf('All photos')).toBe('5');
    expect(await originalsNamed('DSC00004')).toEqual([]);
    await library.getByRole('button', { name: 'All photos' }).click();
    await thumbnailsPainted(5);
    expect(await page.getByAltText('DSC00004.JPG').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
