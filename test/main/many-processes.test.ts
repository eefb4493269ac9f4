/**
 * Several Shoebox processes on one library at once, as users run them: two CLI imports of the
 * same card, the CLI beside `shoebox serve`, a repair while an import runs, two repairs after
 * the database was lost. Each race is run ten times with real processes (the built CLI), and
 * afterwards the library is counted on disk and in its database.
 */
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { connectServeClient } from '../helpers/serve-client';
import { runShoebox } from '../helpers/run-cli';
import { writeSamplePhoto } from '../helpers/sample-photos';
import { makeTempDir } from '../helpers/temp-dir';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'bin/shoebox.js');
const RUNS = 10;
// Ten runs of real processes take 10-20 s alone; a loaded two-core machine may need far more.
const RACE_TIMEOUT_MS = 240_000;
// Photos per run of the serve race: enough for the CLI to be mid-card when the server starts.
const PER_RUN = 16;

interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the built `shoebox` in a process of its own (with stack traces, should it fail). */
function startShoebox(args: string[]): {
  done: Promise<ProcessRun>;
  stdoutLine: () => Promise<string>;
  stop: () => void;
} {
  const child = spawn(process.execPath, [CLI, '--debug', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Sized already, so bin/shoebox.js runs the CLI in this process rather than starting a
    // second one to size libuv's pool: sixty spawns stay within the minute.
    env: { ...process.env, UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? '6' },
  });
  let stdout = '';
  let stderr = '';
  const lineWaiters: ((line: string) => void)[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('\n'))
      lineWaiters.splice(0).forEach((wake) => wake(stdout.split('\n')[0]!));
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<ProcessRun>((resolve) =>
    child.once('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return {
    done,
    stdoutLine: () =>
      stdout.includes('\n')
        ? Promise.resolve(stdout.split('\n')[0]!)
        : new Promise((resolve) => lineWaiters.push(resolve)),
    stop: () => child.kill('SIGTERM'),
  };
}

function runProcess(...args: string[]): Promise<ProcessRun> {
  return startShoebox(args).done;
}

/** Writes `names.length` distinct small photos (seeded by `firstSeed` on) into `folder`. */
async function writePhotos(folder: string, names: string[], firstSeed: number): Promise<void> {
  await Promise.all(
    names.map((name, i) =>
      writeSamplePhoto(path.join(folder, name), {
        seed: firstSeed + i,
        width: 160,
        height: 120,
        takenAt: '2022:05:06 07:08:09',
      }),
    ),
  );
}

/** Every regular file below `dir` (none when it does not exist). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((e) => path.join(e.parentPath, e.name));
}

const isSidecar = (file: string): boolean => /\.xmp$/i.test(file);

/** What the library holds: rows in its database and files on its disk. */
async function countLibrary(library: string): Promise<{
  rows: number;
  distinctHashes: number;
  originals: number;
  rowsWithoutOriginal: number;
  sidecarsWithoutPhoto: number;
  derivatives: number;
  derivativeRows: number;
  recovered: number;
}> {
  const db = new Database(path.join(library, 'library.db'), { readonly: true });
  try {
    const stored = db.prepare('SELECT stored_path FROM photos').pluck().all() as string[];
    const recordedFiles = new Set(stored.map((file) => path.join(library, file)));
    const originals = await filesUnder(path.join(library, 'originals'));
    return {
      rows: stored.length,
      distinctHashes: db.prepare('SELECT count(DISTINCT hash) FROM photos').pluck().get() as number,
      originals: originals.filter((file) => !isSidecar(file)).length,
      rowsWithoutOriginal: stored.filter((file) => !existsSync(path.join(library, file))).length,
      // Each original's XMP sidecar (`<file>.xmp`) lies beside a recorded photo.
      sidecarsWithoutPhoto: originals
        .filter(isSidecar)
        .filter((file) => !recordedFiles.has(file.replace(/\.xmp$/i, ''))).length,
      derivatives: (await filesUnder(path.join(library, 'derivatives'))).length,
      derivativeRows: db.prepare('SELECT count(*) FROM derivatives').pluck().get() as number,
      recovered: (await filesUnder(path.join(library, 'recovered'))).length,
    };
  } finally {
    db.close();
  }
}

/** Photos recorded so far, read beside the running processes (WAL lets a reader in). */
function recordedPhotos(library: string): number {
  const file = path.join(library, 'library.db');
  if (!existsSync(file)) return 0;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT count(*) FROM photos').pluck().get() as number;
  } finally {
    db.close();
  }
}

/** Resolves once `condition` holds, checking every few milliseconds (at most 30 s). */
async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A library in which `photos` are all present, every derivative too, nothing else. */
async function expectWholeLibrary(library: string, photos: number): Promise<void> {
  expect(await countLibrary(library)).toEqual({
    rows: photos,
    distinctHashes: photos,
    originals: photos,
    rowsWithoutOriginal: 0,
    sidecarsWithoutPhoto: 0,
    derivatives: photos * 3,
    derivativeRows: photos * 3,
    recovered: 0,
  });
  const verify = await runShoebox('verify', '--json', '--library', library);
  expect(JSON.parse(verify.stdout)).toEqual({ ok: true, photos, problems: [], notices: [] });
}

describe('many processes on one library', () => {
  it(
    'two CLI imports of overlapping cards never lose a photo, and a racing copy is a duplicate',
    async () => {
      const base = await makeTempDir();
      for (let run = 0; run < RUNS; run += 1) {
        const library = path.join(base, `library-${run}`);
        const [cardA, cardB] = [path.join(base, `a-${run}`), path.join(base, `b-${run}`)];
        // The same names on both cards, first in both scans: the two imports race for the same
        // content and the same file names in originals/ at the same moment.
        const shared = Array.from({ length: 8 }, (_, i) => `IMG_0${i}.JPG`);
        const seed = 10 + run * 12;
        await writePhotos(cardA, shared, seed);
        await writePhotos(cardB, shared, seed);
        await writePhotos(cardA, ['IMG_9A0.JPG', 'IMG_9A1.JPG'], seed + 8);
        await writePhotos(cardB, ['IMG_9B0.JPG', 'IMG_9B1.JPG'], seed + 10);

        const [a, b] = await Promise.all([
          runProcess('import', cardA, '--library', library, '--json'),
          runProcess('import', cardB, '--library', library, '--json'),
        ]);
        for (const result of [a, b]) {
          expect(result.stderr).toBe('');
          expect(result.code).toBe(0);
        }
        const [summaryA, summaryB] = [JSON.parse(a.stdout), JSON.parse(b.stdout)];
        expect(summaryA.failed).toEqual([]);
        expect(summaryB.failed).toEqual([]);
        expect(summaryA.imported.length + summaryA.duplicates.length).toBe(10);
        expect(summaryB.imported.length + summaryB.duplicates.length).toBe(10);
        // Each shared photo was imported by exactly one of them; the other saw a duplicate.
        expect(summaryA.imported.length + summaryB.imported.length).toBe(12);
        await expectWholeLibrary(library, 12);
      }
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'a CLI import beside `shoebox serve` importing the same files loses nothing',
    async () => {
      const base = await makeTempDir();
      const library = path.join(base, 'library');
      await runShoebox('import', '--library', library, base); // creates the (empty) library
      const server = startShoebox(['serve', '--library', library]);
      try {
        const url = new URL(await server.stdoutLine());
        const client = await connectServeClient(url.origin, url.searchParams.get('token')!);
        try {
          let photos = 0;
          let servedDuplicates = 0;
          for (let run = 0; run < RUNS; run += 1) {
            const card = path.join(base, `card-${run}`);
            const names = Array.from({ length: PER_RUN }, (_, i) => `IMG_${run}${i}.JPG`);
            await writePhotos(card, names, 10 + run * PER_RUN);
            const finished = new Promise<{ imported: number; duplicates: number; failed: number }>(
              (resolve) => {
                const stop = client.events((event) => {
                  if (event.event === 'importProgress' && event.payload.type === 'finished') {
                    stop();
                    resolve(event.payload.totals);
                  }
                });
              },
            );
            const cli = runProcess('import', card, '--library', library, '--json');
            // The server starts once the CLI is importing, from the other end of the card: they
            // meet in the middle, on the same files at the same moment.
            await waitFor(() => recordedPhotos(library) > photos);
            await client.api.startImport({
              importId: randomUUID(),
              source: {
                kind: 'paths',
                paths: names.map((name) => path.join(card, name)).reverse(),
              },
            });
            const [cliRun, served] = await Promise.all([cli, finished]);
            expect(cliRun.code).toBe(0);
            const fromCli = JSON.parse(cliRun.stdout);
            expect(fromCli.failed).toEqual([]);
            expect(served.failed).toBe(0);
            expect(served.imported + served.duplicates).toBe(PER_RUN);
            expect(fromCli.imported.length + served.imported).toBe(PER_RUN);
            photos += PER_RUN;
            servedDuplicates += served.duplicates;
            await expectWholeLibrary(library, photos);
          }
          // The two met on the same files: the server found some already imported by the CLI.
          expect(servedDuplicates).toBeGreaterThan(0);
        } finally {
          client.close();
        }
      } finally {
        server.stop();
        expect((await server.done).code).toBe(0);
      }
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'verify --repair while another process imports leaves that import alone',
    async () => {
      const base = await makeTempDir();
      for (let run = 0; run < RUNS; run += 1) {
        const library = path.join(base, `library-${run}`);
        const card = path.join(base, `card-${run}`);
        await writePhotos(
          card,
          Array.from({ length: 12 }, (_, i) => `IMG_${i}.JPG`),
          10 + run * 12,
        );
        const importing = startShoebox(['import', card, '--library', library, '--json']);
        // Repairs from this process, one after another, for as long as the import runs: some
        // land while its originals are placed but not yet recorded.
        let running = true;
        const repairs: number[] = [];
        void importing.done.then(() => (running = false));
        while (running) {
          if (existsSync(path.join(library, 'library.db'))) {
            const repair = await runShoebox('verify', '--repair', '--json', '--library', library);
            repairs.push(repair.code);
          } else {
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
        }
        const imported = await importing.done;
        expect(imported.code).toBe(0);
        expect(JSON.parse(imported.stdout).imported).toHaveLength(12);
        expect(repairs.length).toBeGreaterThan(0);
        expect(repairs.every((code) => code === 0)).toBe(true);
        await expectWholeLibrary(library, 12);
      }
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'two verify --repair at once after the database was lost record every photo once',
    async () => {
      const base = await makeTempDir();
      const library = path.join(base, 'library');
      const card = path.join(base, 'card');
      await writePhotos(
        card,
        Array.from({ length: 10 }, (_, i) => `IMG_${i}.JPG`),
        40,
      );
      expect((await runShoebox('import', card, '--library', library)).code).toBe(0);
      for (let run = 0; run < RUNS; run += 1) {
        await Promise.all(
          ['library.db', 'library.db-wal', 'library.db-shm'].map((file) =>
            rm(path.join(library, file), { force: true }),
          ),
        );
        const repairs = await Promise.all([
          runProcess('verify', '--repair', '--library', library),
          runProcess('verify', '--repair', '--library', library),
        ]);
        // One repairs; the other either waits its turn and finds nothing left, or says plainly
        // that another process is repairing — never "Library OK" over a library it broke.
        for (const repair of repairs) {
          if (repair.code !== 0) {
            expect(repair.stderr).toMatch(/Another Shoebox process .* is repairing this library/);
          }
        }
        expect(repairs.some((repair) => repair.code === 0)).toBe(true);
        await expectWholeLibrary(library, 10);
      }
    },
    RACE_TIMEOUT_MS,
  );
});
