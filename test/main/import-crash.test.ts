import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runShoebox } from '../helpers/run-cli';
import { writeSamplePhoto } from '../helpers/sample-photos';
import { makeTempDir } from '../helpers/temp-dir';

const PHOTOS = 24;
const CLI_ENTRY = path.resolve(import.meta.dirname, '../helpers/cli-entry.ts');

/** Photos recorded so far, read beside the running import (WAL lets a reader in). */
function recordedPhotos(library: string): number {
  const file = path.join(library, 'library.db');
  if (!existsSync(file)) return 0;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT count(*) FROM photos').pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return 0; // the schema may not exist yet
  }
}

/** Starts `shoebox import` in a child process and SIGKILLs it once `killAfter` photos are in. */
async function importAndKill(inbox: string, library: string, killAfter: number): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CLI_ENTRY, 'import', inbox, '--library', library],
    {
      stdio: 'ignore',
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while (recordedPhotos(library) < killAfter && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  child.kill('SIGKILL');
  await exited;
}

describe('a kill during import', () => {
  it('leaves a library that verify --repair mends and a re-run completes, without duplicates', async () => {
    const base = await makeTempDir();
    const inbox = path.join(base, 'card');
    const library = path.join(base, 'library');
    await Promise.all(
      Array.from({ length: PHOTOS }, (_, i) =>
        writeSamplePhoto(path.join(inbox, `IMG_${String(i).padStart(4, '0')}.JPG`), {
          seed: 500 + i,
          width: 1600,
          height: 1200,
          takenAt: '2020:08:09 10:11:12',
        }),
      ),
    );

    // Killed at two different moments: early, and in the middle of the batch.
    for (const killAfter of [1, PHOTOS / 2]) {
      await importAndKill(inbox, library, killAfter);
      const recorded = recordedPhotos(library);
      expect(recorded).toBeGreaterThanOrEqual(killAfter);
      expect(recorded).toBeLessThan(PHOTOS);
      const repair = await runShoebox('verify', '--repair', '--json', '--library', library);
      expect(
        JSON.parse(repair.stdout).problems.filter((p: { repaired?: string }) => !p.repaired),
      ).toEqual([]);
      expect(repair.code).toBe(0);
    }

    const rerun = await runShoebox('import', inbox, '--library', library, '--json');
    expect(rerun.code).toBe(0);
    const result = JSON.parse(rerun.stdout);
    expect(result.imported.length + result.duplicates.length).toBe(PHOTOS);
    const photos = JSON.parse((await runShoebox('photos', '--json', '--library', library)).stdout);
    expect(photos).toHaveLength(PHOTOS);
    expect(new Set(photos.map((photo: { hash: string }) => photo.hash)).size).toBe(PHOTOS);
    expect(await runShoebox('verify', '--library', library)).toMatchObject({ code: 0 });
  });

  it('without repair, a re-run alone completes the library and leaves it consistent', async () => {
    const base = await makeTempDir();
    const inbox = path.join(base, 'card');
    const library = path.join(base, 'library');
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        writeSamplePhoto(path.join(inbox, `DSC_${i}.JPG`), {
          seed: 700 + i,
          width: 1600,
          height: 1200,
        }),
      ),
    );
    await importAndKill(inbox, library, 3);
    const rerun = await runShoebox('import', inbox, '--library', library, '--json');
    expect(rerun.code).toBe(0);
    expect(
      JSON.parse((await runShoebox('photos', '--json', '--library', library)).stdout),
    ).toHaveLength(12);
    // Temp files of the killed process are the only leftovers a re-run cannot know about.
    const report = JSON.parse((await runShoebox('verify', '--json', '--library', library)).stdout);
    expect(report.problems.filter((p: { kind: string }) => p.kind !== 'leftover-temp')).toEqual([]);
  });

  it('stops cleanly on Ctrl-C: exit 130, what finished is kept, nothing half-written', async () => {
    const base = await makeTempDir();
    const inbox = path.join(base, 'card');
    const library = path.join(base, 'library');
    await Promise.all(
      // Enough work left after the second photo that Ctrl-C lands mid-import.
      Array.from({ length: 24 }, (_, i) =>
        writeSamplePhoto(path.join(inbox, `IMG_${i}.JPG`), {
          seed: 800 + i,
          width: 2400,
          height: 1800,
        }),
      ),
    );
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CLI_ENTRY, 'import', inbox, '--library', library],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    const deadline = Date.now() + 60_000;
    while (recordedPhotos(library) < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stdout).toMatch(/^Import cancelled: \d+ new/m);
    const kept = recordedPhotos(library);
    expect(kept).toBeGreaterThanOrEqual(2);
    // A clean stop leaves not even temporary files: verify finds nothing at all.
    const report = JSON.parse((await runShoebox('verify', '--json', '--library', library)).stdout);
    expect(report).toMatchObject({ ok: true, photos: kept, problems: [] });
  });
});
