/**
 * The camera-card prompt end to end: the real `shoebox serve` (from source) on a temporary
 * library, a tmpfs put in as a stand-in card under a temporary mount root (SHOEBOX_CARD_ROOTS),
 * Debian's Chromium. The card arrives while the page is open (the watcher, then
 * `cardsChanged` over Server-Sent Events), is imported with "Eject when done", and goes.
 * Needs root for the mounts, as CI runs it. Screenshots go to test-results/screenshots/card-*.png.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMountTable } from '../../main/core/cards/mount-table';
import { openCore } from '../../main/core/shoebox-core';
import { launchChromium } from '../helpers/chromium';
import { writeSamplePhoto } from '../helpers/sample-photos';
import { writeCard } from '../main/core/cards/card-tree';
import { createTmpfsMounts, type TmpfsMounts } from '../main/core/cards/tmpfs-cards';
import { buildProductionBundle } from './build-bundle';

const SCREENSHOTS = 'test-results/screenshots';
// Generous: the watcher polls every 2 s, and the count reads every shot on a busy machine.
const CARD_WAIT_MS = 30_000;

let workDir: string;
let mounts: TmpfsMounts;
let serve: ChildProcess;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

/**
 * What the photographer shot: June 20 (four frames, imported last time), July 1 (three, the
 * first imported) and July 2 (three), besides the Nikon pair of May 1 and its JPEGs that
 * `writeCard` makes. Answers the files already in the library.
 */
async function shootCard(card: string): Promise<string[]> {
  await writeCard(card);
  const folder = path.join(card, 'DCIM', '101NIKON');
  const days = [
    { day: '2024:06:20', frames: 4, imported: 4 },
    { day: '2024:07:01', frames: 3, imported: 1 },
    { day: '2024:07:02', frames: 3, imported: 0 },
  ];
  const imported: string[] = [];
  for (const [dayIndex, { day, frames, imported: before }] of days.entries()) {
    for (let frame = 0; frame < frames; frame += 1) {
      const file = await writeSamplePhoto(
        path.join(folder, `DSC_${dayIndex + 1}${String(frame + 1).padStart(3, '0')}.JPG`),
        {
          seed: 20 + dayIndex * 10 + frame,
          width: 900,
          height: frame === 1 ? 1200 : 600,
          takenAt: `${day} ${String(9 + frame).padStart(2, '0')}:30:00`,
          make: 'NIKON CORPORATION',
          model: 'NIKON Z 6',
        },
      );
      if (frame < before) imported.push(file);
    }
  }
  return imported;
}

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

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  workDir = await mkdtemp(path.join(tmpdir(), 'shoebox-card-e2e-'));
  mounts = await createTmpfsMounts();
  // The bundle `shoebox serve` finds in dist/renderer: rebuilt so it is the renderer under test.
  await buildProductionBundle();
}, 180_000);

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

describe('a camera card on shoebox serve', () => {
  it('offers the new photos of a card put in while the page is open', async () => {
    const library = path.join(workDir, 'library');
    let alreadyImported: string[] = [];
    // Filled before it is put in; what was imported last time goes into the library first.
    const cardPath = mounts.insert('EOS_DIGITAL', async (staged) => {
      alreadyImported = await shootCard(staged);
      const core = await openCore({ libraryRoot: library, imagingThreads: 1 });
      try {
        const summary = await core.importFiles(alreadyImported.map((file) => ({ path: file })));
        expect(summary.totals.imported).toBe(5);
      } finally {
        await core.close();
      }
      const url = await startServe(library);
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(url);
      await page.getByRole('grid', { name: 'All photos' }).waitFor();
    });
    const card = await cardPath;

    const prompt = page.getByRole('region', { name: 'Import 8 new photos from EOS_DIGITAL' });
    await prompt.waitFor({ timeout: CARD_WAIT_MS });
    expect(
      await prompt
        .getByText(/already in the library/)
        .first()
        .innerText(),
    ).toMatch(/· 5 already in the library$/);
    const days = prompt.getByRole('list', { name: 'Capture days' }).getByRole('listitem');
    expect((await days.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(/July 2, 2024 3 new$/),
      expect.stringMatching(/July 1, 2024 2 new · 1 already imported$/),
      expect.stringMatching(/June 20, 2024 all 4 already imported$/),
      expect.stringMatching(/May 2, 2024 2 new$/),
      expect.stringMatching(/May 1, 2024 1 new$/),
    ]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'card-01-prompt.png') });
    expect(card).toBe(path.join(mounts.root, 'EOS_DIGITAL'));
  }, 120_000);

  it('imports the ticked days, ejects the card, and the prompt goes', async () => {
    const prompt = page.getByRole('region', { name: 'Import 8 new photos from EOS_DIGITAL' });
    await prompt.getByRole('checkbox', { name: 'Eject when done' }).check();
    await prompt.getByRole('button', { name: 'Import', exact: true }).click();

    const panel = page.getByRole('article', { name: 'Import' });
    await panel.getByRole('heading', { name: 'Imported 8 photos' }).waitFor({ timeout: 60_000 });
    await page
      .getByText('EOS_DIGITAL was ejected: it can be taken out.')
      .waitFor({ timeout: CARD_WAIT_MS });
    await expect
      .poll(async () =>
        (await readMountTable()).some((entry) => entry.mountPoint.startsWith(mounts.root)),
      )
      .toBe(false);
    expect(await prompt.count()).toBe(0);
    // Every shot of the card in the library, a pair as one photo with two files: 5 before, 8 now.
    const originals = await readdir(path.join(workDir, 'library', 'originals'), {
      recursive: true,
    });
    expect(originals.filter((file) => /\.(jpe?g|nef)$/i.test(file))).toHaveLength(14);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'card-02-imported.png') });
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
