/**
 * When sharp is loaded: only when an in-thread imaging pool is created, in the thread that
 * creates it, and before any of its workers start (sharp#2263). A process that only browses a
 * library (the CLI's other commands, the Linux app's Electron main with its imaging in a child
 * process) never loads it; a sharp that cannot be loaded fails each photo with one clear error
 * while the library still lists. Child processes run with `--import fixtures/sharp-watch.mjs`,
 * which logs every `sharp` import (and sharp in the CommonJS module cache) and can make it throw.
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ImagingError, createImagingPool } from '../../../../main/core/imaging/imaging-pool';
import { runShoebox } from '../../../helpers/run-cli';
import { writeSamplePhoto } from '../../../helpers/sample-photos';
import { makeTempDir } from '../../../helpers/temp-dir';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const CLI_ENTRY = path.join(ROOT, 'test/helpers/cli-entry.ts');
const CORE_CHILD = path.join(import.meta.dirname, 'fixtures/core-with-process-imaging.ts');
const SHARP_WATCH = pathToFileURL(path.join(import.meta.dirname, 'fixtures/sharp-watch.mjs')).href;
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const SHARP_FAILURE = 'sharp: this CPU lacks an instruction its binaries need (test)';
const UNAVAILABLE = `the image library (sharp) could not be loaded on this machine: ${SHARP_FAILURE}`;

interface ChildRun {
  code: number;
  stdout: string;
  stderr: string;
  /** What sharp-watch.mjs logged: one line per `sharp` import, and one if it was in the cache. */
  sharpLog: string[];
}

/** Runs a TypeScript entry in a child Node under sharp-watch.mjs. */
async function runWatched(
  entry: string,
  args: string[],
  options: { failSharp?: boolean } = {},
): Promise<ChildRun> {
  const logDir = await makeTempDir('shoebox-sharp-log-');
  const logFile = path.join(logDir, 'sharp.log');
  const env: NodeJS.ProcessEnv = { ...process.env, SHOEBOX_TEST_SHARP_LOG: logFile };
  if (options.failSharp) env.SHOEBOX_TEST_FAIL_SHARP = '1';
  const result = await promisify(execFile)(
    process.execPath,
    ['--import', TSX, '--import', SHARP_WATCH, entry, ...args],
    { cwd: ROOT, env, timeout: 60_000 },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => {
      if (typeof error.code !== 'number') throw error;
      return { code: error.code, stdout: error.stdout ?? '', stderr: error.stderr ?? '' };
    },
  );
  return { ...result, sharpLog: await readSharpLog(logFile) };
}

/** A library holding two photos, imported in this (test) process. */
async function libraryWithPhotos(): Promise<{ library: string; inbox: string }> {
  const base = await makeTempDir();
  const library = path.join(base, 'library');
  const inbox = path.join(base, 'inbox');
  await writeSamplePhoto(path.join(inbox, 'a.jpg'), { seed: 1 });
  await writeSamplePhoto(path.join(inbox, 'b.jpg'), { seed: 2 });
  const run = await runShoebox('import', inbox, '--library', library);
  expect(run.code).toBe(0);
  return { library, inbox };
}

/**
 * `shoebox serve` in a watched child whose sharp throws: lists the library over HTTP and fetches
 * a thumbnail, then stops the server. Answers what it listed and what the watch logged.
 */
async function serveWithoutSharp(library: string): Promise<{
  listed: unknown;
  thumbnail: { status: number; type: string | null };
  sharpLog: string[];
}> {
  const logDir = await makeTempDir('shoebox-sharp-log-');
  const logFile = path.join(logDir, 'sharp.log');
  const child = spawn(
    process.execPath,
    [
      '--import',
      TSX,
      '--import',
      SHARP_WATCH,
      CLI_ENTRY,
      'serve',
      '--library',
      library,
      '--port',
      '0',
    ],
    {
      cwd: ROOT,
      env: { ...process.env, SHOEBOX_TEST_SHARP_LOG: logFile, SHOEBOX_TEST_FAIL_SHARP: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stderr.resume();
  const exited = once(child, 'exit');
  try {
    const [url] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const signIn = await fetch(url, { redirect: 'manual' });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const origin = new URL(url).origin;
    const answer = await fetch(`${origin}/api/listPhotos`, {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/json' },
      body: '{}',
    });
    const listed = (await answer.json()) as { value: { photos: { id: number }[] } };
    const media = await fetch(`${origin}/media/${listed.value.photos[0]!.id}/thumb`, {
      headers: { Cookie: cookie },
    });
    await media.arrayBuffer();
    const thumbnail = { status: media.status, type: media.headers.get('content-type') };
    child.kill('SIGTERM');
    await exited;
    // Read after the exit: the watch logs sharp in the module cache as the process exits.
    return { listed, thumbnail, sharpLog: await readSharpLog(logFile) };
  } finally {
    child.kill('SIGTERM');
  }
}

async function readSharpLog(logFile: string): Promise<string[]> {
  return existsSync(logFile) ? (await readFile(logFile, 'utf8')).split('\n').filter(Boolean) : [];
}

describe('loading sharp', () => {
  it('an in-thread pool whose sharp fails to load fails each photo with one clear ImagingError', async () => {
    const pool = createImagingPool({
      threads: 1,
      loadSharp: () =>
        Promise.reject(
          new Error(`${SHARP_FAILURE}\nPossible solutions:\n- Install with verbose logging`),
        ),
    });
    try {
      const outputDir = await makeTempDir();
      for (const name of ['a', 'b']) {
        const made = pool.makeDerivatives({
          sourcePath: path.join(outputDir, `${name}.jpg`),
          outputDir,
          baseName: name,
        });
        await expect(made).rejects.toBeInstanceOf(ImagingError);
        await expect(made).rejects.toMatchObject({ code: 'INTERNAL', message: UNAVAILABLE });
      }
    } finally {
      await pool.destroy();
    }
  });

  it('no task reaches a worker before the main thread has loaded sharp (sharp#2263)', async () => {
    let loaded!: () => void;
    const gate = new Promise<void>((resolve) => (loaded = resolve));
    const order: string[] = [];
    const pool = createImagingPool({
      threads: 1,
      loadSharp: async () => {
        await gate;
        const sharp = await import('sharp');
        order.push('sharp loaded');
        return sharp;
      },
    });
    try {
      const base = await makeTempDir();
      const photo = await writeSamplePhoto(path.join(base, 'photo.jpg'), { seed: 3 });
      const outputDir = path.join(base, 'out');
      const made = pool
        .makeDerivatives({ sourcePath: photo, outputDir, baseName: 'photo' })
        .then((result) => {
          order.push('derivatives made');
          return result;
        });
      // Long enough for a worker to make the three derivatives of a small photo, had it started.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(order).toEqual([]);
      expect(existsSync(outputDir) ? await readdir(outputDir) : []).toEqual([]);
      loaded();
      expect((await made).derivatives).toHaveLength(3);
      expect(order).toEqual(['sharp loaded', 'derivatives made']);
    } finally {
      await pool.destroy();
    }
  });

  it('the CLI lists, shows albums and verifies without loading sharp; importing loads it', async () => {
    const { library, inbox } = await libraryWithPhotos();

    const photos = await runWatched(CLI_ENTRY, ['photos', '--json', '--library', library]);
    expect(photos.stderr).toBe('');
    expect(photos.code).toBe(0);
    expect(JSON.parse(photos.stdout)).toHaveLength(2);
    expect(photos.sharpLog).toEqual([]);

    for (const command of ['albums', 'verify']) {
      const run = await runWatched(CLI_ENTRY, [command, '--library', library]);
      expect(run.code, `${command}: ${run.stderr}`).toBe(0);
      expect(run.sharpLog, command).toEqual([]);
    }

    // The watch sees a load: an import of a new photo loads sharp, through both signals.
    await writeSamplePhoto(path.join(inbox, 'c.jpg'), { seed: 4 });
    const imported = await runWatched(CLI_ENTRY, ['import', inbox, '--library', library]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.sharpLog).toEqual([
      'import sharp',
      expect.stringMatching(/^require\.cache .*[\\/]node_modules[\\/]sharp[\\/]/),
    ]);
  }, 120_000);

  it('a core whose imaging runs in a child process never loads sharp itself', async () => {
    const base = await makeTempDir();
    const photo = await writeSamplePhoto(path.join(base, 'inbox', 'photo.jpg'), { seed: 5 });
    const run = await runWatched(CORE_CHILD, [path.join(base, 'library'), photo]);
    expect(run.code, run.stderr).toBe(0);
    // The photo was made by the imaging child (a separate process, outside the watch).
    expect(JSON.parse(run.stdout)).toEqual({ imported: 1, listed: 1 });
    expect(run.sharpLog).toEqual([]);
  }, 120_000);

  it('where sharp cannot load, each import fails with that one message and the library still browses', async () => {
    const { library, inbox } = await libraryWithPhotos();
    await writeSamplePhoto(path.join(inbox, 'new-1.jpg'), { seed: 6 });
    await writeSamplePhoto(path.join(inbox, 'new-2.jpg'), { seed: 7 });

    const imported = await runWatched(
      CLI_ENTRY,
      ['import', inbox, '--library', library, '--json'],
      { failSharp: true },
    );
    expect(imported.code).not.toBe(0);
    const result = JSON.parse(imported.stdout);
    expect(result.imported).toEqual([]);
    expect(result.failed).toHaveLength(2);
    for (const failure of result.failed) expect(failure.error).toBe(UNAVAILABLE);
    // One attempt for the whole import (the pool's), not one per photo; nothing was loaded.
    expect(imported.sharpLog).toEqual(['import sharp']);

    const photos = await runWatched(CLI_ENTRY, ['photos', '--json', '--library', library], {
      failSharp: true,
    });
    expect(photos.code, photos.stderr).toBe(0);
    expect(JSON.parse(photos.stdout)).toHaveLength(2);
    expect(photos.sharpLog).toEqual([]);
    for (const command of ['albums', 'verify']) {
      const run = await runWatched(CLI_ENTRY, [command, '--library', library], { failSharp: true });
      expect(run.code, `${command}: ${run.stderr}`).toBe(0);
    }

    const served = await serveWithoutSharp(library);
    expect(served.listed).toMatchObject({ ok: true, value: { photos: [{}, {}] } });
    expect(served.thumbnail).toEqual({ status: 200, type: 'image/webp' });
    expect(served.sharpLog).toEqual([]);
  }, 120_000);
});
