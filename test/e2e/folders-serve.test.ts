/**
 * Folders in place end to end: the real `shoebox serve` (the built CLI) on a temporary
 * library, real folders on disk, Debian's Chromium. A folder is added through the browser's
 * dialog and its photos import where they are; a file deleted behind Shoebox's back comes back
 * as missing and a folder renamed away as offline after a rescan from the folder's menu; Locate…
 * brings the folder back at its new path. The user's files are never written. Screenshots go
 * to test-results/screenshots/folders-serve-*.png.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../main/core/shoebox-core';
import { launchChromium } from '../helpers/chromium';
import { writeSamplePhoto } from '../helpers/sample-photos';
import { buildProductionBundle } from './build-bundle';

const SCREENSHOTS = 'test-results/screenshots';
// Generous: imports and rescans share two cores with other work.
const WAIT_MS = 60_000;

let workDir: string;
let serve: ChildProcess;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

/** Starts `shoebox serve` on a fresh library; resolves to the link it prints first. */
async function startServe(library: string): Promise<string> {
  await (await openCore({ libraryRoot: library, imagingThreads: 1 })).close();
  serve = spawn(
    process.execPath,
    ['bin/shoebox.js', 'serve', '--library', library, '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: serve.stdout! });
  for await (const line of lines) return line.trim();
  throw new Error('shoebox serve printed no link');
}

/** Writes `count` camera JPEGs into `folder`, named with `prefix`. */
async function shoot(folder: string, prefix: string, count: number, seed: number): Promise<void> {
  for (let index = 1; index <= count; index += 1) {
    await writeSamplePhoto(join(folder, `${prefix}_000${index}.JPG`), {
      seed: seed + index,
      width: 900,
      height: 600,
      takenAt: `2024:05:0${index} 10:00:00`,
      make: 'SONY',
      model: 'ILCE-6000',
    });
  }
}

/** Every file under `root` with a hash of its bytes: what "untouched" is checked against. */
async function filesOf(root: string): Promise<Record<string, string>> {
  const names = (await readdir(root, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
  const hashes: Record<string, string> = {};
  for (const name of names.sort()) {
    hashes[name.slice(root.length)] = createHash('sha256')
      .update(await readFile(name))
      .digest('hex');
  }
  return hashes;
}

function screenshot(name: string): Promise<Buffer> {
  return page.screenshot({ path: join(SCREENSHOTS, `folders-serve-${name}.png`) });
}

/** Adds `path` through the sidebar's Add folder… dialog, as a browser does. */
async function addFolderInBrowser(path: string): Promise<void> {
  await page.getByRole('button', { name: 'Add folder…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add folder' });
  await dialog.getByRole('textbox', { name: 'Folder' }).fill(path);
  await dialog.getByRole('button', { name: 'Add folder' }).click();
  await dialog.waitFor({ state: 'detached', timeout: WAIT_MS });
}

/** What a folder's entry says of it beyond its name: "3 photos, 1 missing". */
function describedAs(entry: Locator): Promise<string> {
  return entry.evaluate(
    (element) =>
      document.getElementById(element.getAttribute('aria-describedby') ?? '')?.textContent ?? '',
  );
}

/** Opens a folder's menu with its "⋯" button and picks `command`. */
async function folderCommand(name: string, command: string): Promise<void> {
  const folders = page.getByRole('navigation', { name: 'Folders' });
  await folders.getByRole('button', { name, exact: true }).hover();
  await folders.getByRole('button', { name: `Folder actions for ${name}`, exact: true }).click();
  await page
    .getByRole('menu', { name: `Folder “${name}”` })
    .getByRole('menuitem', { name: command })
    .click();
}

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  workDir = await mkdtemp(join(tmpdir(), 'shoebox-folders-e2e-'));
  if (!existsSync('dist/cli.js')) throw new Error('Build first: node scripts/build.mjs');
  await buildProductionBundle();
  await shoot(join(workDir, 'Pictures'), 'DSC', 3, 10);
  await shoot(join(workDir, 'Archive'), 'SCAN', 2, 40);
  const url = await startServe(join(workDir, 'library'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
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
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('folders in place on shoebox serve', () => {
  it('adds folders, marks a missing file and an offline folder, and locates it', async () => {
    const pictures = join(workDir, 'Pictures');
    const archive = join(workDir, 'Archive');
    const before = { pictures: await filesOf(pictures), archive: await filesOf(archive) };
    await page.getByRole('heading', { name: 'Drop photos here' }).waitFor();

    await addFolderInBrowser(pictures);
    const card = page.getByRole('article', { name: 'Import' });
    await card.getByRole('heading', { name: 'Imported 3 photos' }).waitFor({ timeout: WAIT_MS });
    await addFolderInBrowser(archive);
    await page.getByRole('grid', { name: 'All photos' }).waitFor();
    await expect
      .poll(() => page.locator('[role="gridcell"][id^="photo-tile-"]').count(), {
        timeout: WAIT_MS,
      })
      .toBe(5);
    const folders = page.getByRole('navigation', { name: 'Folders' });
    const picturesEntry = folders.getByRole('button', { name: 'Pictures', exact: true });
    const archiveEntry = folders.getByRole('button', { name: 'Archive', exact: true });
    await expect.poll(() => describedAs(picturesEntry), { timeout: WAIT_MS }).toBe('3 photos');
    await expect.poll(() => describedAs(archiveEntry), { timeout: WAIT_MS }).toBe('2 photos');
    // Adding them wrote nothing into them.
    expect(await filesOf(pictures)).toEqual(before.pictures);
    expect(await filesOf(archive)).toEqual(before.archive);
    await screenshot('01-added');

    // Behind Shoebox's back: a file deleted, a folder moved away (its drive "unplugged").
    await rm(join(pictures, 'DSC_0002.JPG'));
    const moved = join(workDir, 'Moved Archive');
    await rename(archive, moved);
    await folderCommand('Pictures', 'Rescan');
    await folderCommand('Archive', 'Rescan');
    await expect
      .poll(() => describedAs(archiveEntry), { timeout: WAIT_MS })
      .toBe('2 photos, offline: its drive is not connected');
    await page
      .getByText('Archive is offline: its drive is not connected. Connect it, or Locate… it.')
      .waitFor({ timeout: WAIT_MS });
    await page.getByText('Rescanned Pictures: 1 missing').waitFor({ timeout: WAIT_MS });
    await expect.poll(() => page.locator('.tile.is-missing').count(), { timeout: WAIT_MS }).toBe(1);
    await expect.poll(() => page.locator('.tile.is-offline').count(), { timeout: WAIT_MS }).toBe(2);
    await expect
      .poll(() => describedAs(picturesEntry), { timeout: WAIT_MS })
      .toBe('3 photos, 1 missing');
    await screenshot('02-missing-offline');

    // The info panel of an offline photo says where it was, the viewer why it shows a preview.
    await page.locator('.tile.is-offline').first().dblclick();
    const viewer = page.getByRole('dialog');
    await viewer.getByText('The original is on a drive that is not connected').waitFor();
    await viewer.getByText(`In folder ${archive} (its drive is not connected)`).waitFor();
    await screenshot('03-offline-viewer');
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });

    // Locate… at its new path: back as it was.
    await folderCommand('Archive', 'Locate…');
    const locate = page.getByRole('dialog', { name: 'Locate “Archive”' });
    await locate.getByRole('textbox', { name: 'New place' }).fill(moved);
    await locate.getByRole('button', { name: 'Locate' }).click();
    await locate.waitFor({ state: 'detached', timeout: WAIT_MS });
    const movedEntry = folders.getByRole('button', { name: 'Moved Archive', exact: true });
    await movedEntry.waitFor({ timeout: WAIT_MS });
    await expect.poll(() => describedAs(movedEntry), { timeout: WAIT_MS }).toBe('2 photos');
    await expect.poll(() => page.locator('.tile.is-offline').count(), { timeout: WAIT_MS }).toBe(0);
    await screenshot('04-located');

    // Never written: the files are as they were (less the one deleted by hand).
    const kept = Object.fromEntries(
      Object.entries(before.pictures).filter(([name]) => name !== '/DSC_0002.JPG'),
    );
    expect(await filesOf(pictures)).toEqual(kept);
    expect(await filesOf(moved)).toEqual(before.archive);
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
