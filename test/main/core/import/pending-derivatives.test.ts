import { readFileSync, writeFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { Photo } from '../../../../common/contract';
import { THUMBNAILS_FIRST_ABOVE } from '../../../../main/core/import/import-service';
import { openCore, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import { writeSampleCard } from '../../../helpers/sample-photos';
import { makeTempDir } from '../../../helpers/temp-dir';

const cores: ShoeboxCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

/** A core as the app or `shoebox serve` opens one (finishing leftovers), unless told. */
async function open(library: string, finishLeftovers = true): Promise<ShoeboxCore> {
  const core = await openCore({ libraryRoot: library, imagingThreads: 2, finishLeftovers });
  cores.push(core);
  return core;
}

/** `count` distinct 900×600 photos in a DCIM folder; returns the card's folder. */
function writeCard(base: string, count: number): Promise<string> {
  return writeSampleCard(path.join(base, 'card'), count, 500);
}

function pendingRows(library: string): { id: number; derivatives_pending: string }[] {
  const db = new Database(path.join(library, 'library.db'), { readonly: true });
  try {
    return db
      .prepare('SELECT id, derivatives_pending FROM photos WHERE derivatives_pending IS NOT NULL')
      .all() as { id: number; derivatives_pending: string }[];
  } finally {
    db.close();
  }
}

/** As a thumbnails-first import's first phase left them, under `leaseId`: thumbnails only. */
function leaveThumbnailsOnly(library: string, photos: Photo[], leaseId: string): void {
  const db = new Database(path.join(library, 'library.db'));
  for (const photo of photos) {
    db.prepare("DELETE FROM derivatives WHERE photo_id = ? AND size <> 'thumb'").run(photo.id);
    db.prepare('UPDATE photos SET derivatives_pending = ? WHERE id = ?').run(leaseId, photo.id);
  }
  db.close();
}

function leaseOf(library: string): string {
  const db = new Database(path.join(library, 'library.db'), { readonly: true });
  try {
    return (db.prepare('SELECT id FROM leases').get() as { id: string }).id;
  } finally {
    db.close();
  }
}

/** Every size of every photo is on disk, with the bytes its row records. */
async function expectWhole(core: ShoeboxCore, ids: number[]): Promise<void> {
  for (const photo of await core.photoRecords(ids)) {
    for (const size of ['thumb', 'medium', 'large'] as const) {
      const derivative = photo.derivatives[size];
      expect((await stat(derivative.path)).size).toBe(derivative.bytes);
      expect((await sharp(derivative.path).metadata()).width).toBe(size === 'thumb' ? 400 : 900);
    }
  }
}

async function until(done: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out');
    await delay(50);
  }
}

describe('pending derivatives', () => {
  it('tells open windows as medium and large land, in batches, not per photo', async () => {
    const base = await makeTempDir();
    const library = path.join(base, 'library');
    const core = await open(library);
    const card = await writeCard(base, THUMBNAILS_FIRST_ABOVE + 4);
    const changes: number[] = [];
    core.subscribe((event) => {
      if (event.event === 'libraryChanged' && event.payload.reason === 'photos')
        changes.push(Date.now());
    });

    const summary = await core.importFiles([{ path: card }]);
    await delay(600); // the last batch

    expect(summary.failed).toEqual([]);
    expect(changes.length).toBeGreaterThanOrEqual(1);
    expect(changes.length).toBeLessThan(summary.imported.length);
    for (let index = 1; index < changes.length; index += 1) {
      expect(changes[index]! - changes[index - 1]!).toBeGreaterThanOrEqual(450);
    }
  });

  it('reports a photo whose larger sizes failed, keeps it pending, and verify repairs it', async () => {
    const base = await makeTempDir();
    const library = path.join(base, 'library');
    const core = await open(library);
    const count = THUMBNAILS_FIRST_ABOVE + 1;
    const card = await writeCard(base, count);
    let seen = 0;
    let broken: { file: string; bytes: Buffer } | null = null;
    const failedEvents: string[] = [];
    const summary = await core.importFiles([{ path: card }], {
      onProgress: (event) => {
        if (event.type === 'file' && event.outcome.status === 'failed') {
          failedEvents.push(event.outcome.path);
        }
        if (event.type !== 'file' || event.outcome.status !== 'imported') return;
        seen += 1;
        if (seen !== count) return;
        // Every thumbnail is made: the first photo's original breaks before its medium.
        const db = new Database(path.join(library, 'library.db'), { readonly: true });
        const row = db.prepare('SELECT stored_path FROM photos ORDER BY id LIMIT 1').get() as {
          stored_path: string;
        };
        db.close();
        const file = path.join(library, row.stored_path);
        broken = { file, bytes: readFileSync(file) };
        writeFileSync(file, 'not a picture any more');
      },
    });

    const first = summary.imported.find((photo) => photo.path === broken!.file)!;
    expect(summary.failed).toEqual([
      {
        path: path.join(card, 'DCIM', '100CANON', first.originalName),
        error: expect.stringMatching(
          /^imported with its thumbnail only: its larger sizes could not be made \(.+\); `shoebox verify --repair` makes them again$/,
        ),
      },
    ]);
    // The import's panel lists it too; it is still counted once, as imported.
    expect(failedEvents).toEqual([summary.failed[0]!.path]);
    expect(summary.totals).toMatchObject({ imported: count, failed: 0 });
    expect(summary.imported).toHaveLength(count);
    expect(pendingRows(library)).toEqual([
      { id: first.id, derivatives_pending: 'phase-two-failed' },
    ]);
    // The grid still shows it, by its thumbnail.
    expect((await core.resolveMedia(first.id, 'large'))?.noStore).toBe(true);

    writeFileSync(broken!.file, broken!.bytes);
    const found = await core.verify();
    expect(found.problems.map((problem) => [problem.kind, problem.photoId])).toEqual([
      ['missing-derivative', first.id],
      ['missing-derivative', first.id],
    ]);
    expect((await core.verify({ repair: true })).ok).toBe(true);
    expect(pendingRows(library)).toEqual([]);
    await expectWhole(core, [first.id]);
  });

  it('finishes at start what a crashed import left, and leaves a live one its photos', async () => {
    const base = await makeTempDir();
    const library = path.join(base, 'library');
    const first = await open(library);
    const card = await writeCard(base, 3);
    const { imported } = await first.importFiles([{ path: card }]);
    const ids = imported.map((photo) => photo.id);

    // A live process's photos: a core opening beside it leaves them alone.
    leaveThumbnailsOnly(library, imported, leaseOf(library));
    const beside = await open(library);
    await delay(800);
    expect(pendingRows(library)).toHaveLength(3);
    await beside.close();

    // The process is gone: the next core to open finishes them, and tells its windows.
    await first.close();
    leaveThumbnailsOnly(library, imported, 'a-lease-of-a-process-gone');
    const next = await open(library);
    const changes: string[] = [];
    next.subscribe((event) => {
      if (event.event === 'libraryChanged') changes.push(event.payload.reason);
    });
    await until(() => pendingRows(library).length === 0);
    await expectWhole(next, ids);
    await until(() => changes.includes('photos'));
    expect((await next.verify()).problems).toEqual([]);
  });

  it('leaves a crashed import’s photos to the app when a one-shot command opens the library', async () => {
    const base = await makeTempDir();
    const library = path.join(base, 'library');
    const first = await open(library);
    const { imported } = await first.importFiles([{ path: await writeCard(base, 3) }]);
    await first.close();
    leaveThumbnailsOnly(library, imported, 'a-lease-of-a-process-gone');

    // `shoebox verify` (or `photos`): nothing taken over, all three reported as they are.
    const command = await open(library, false);
    const report = await command.verify();
    await command.close();
    expect(report.problems.filter((problem) => problem.kind === 'missing-derivative')).toHaveLength(
      6,
    );
    expect(pendingRows(library).map((row) => row.derivatives_pending)).toEqual([
      'a-lease-of-a-process-gone',
      'a-lease-of-a-process-gone',
      'a-lease-of-a-process-gone',
    ]);
  });

  it('closes without waiting for the photos it has not finished, leaving them for later', async () => {
    const base = await makeTempDir();
    const library = path.join(base, 'library');
    const first = await open(library);
    const { imported } = await first.importFiles([{ path: await writeCard(base, 3) }]);
    await first.close();
    leaveThumbnailsOnly(library, imported, 'a-lease-of-a-process-gone');

    const closing = await open(library);
    await closing.close();

    expect(pendingRows(library)).toHaveLength(3);
    // A cancelled import's are taken up at start too: no process is making them.
    leaveThumbnailsOnly(library, imported.slice(0, 1), 'left-for-next-import');
    expect(await readdir(path.join(library, '.staging'))).toEqual([]);
    const again = await open(library);
    await until(() => pendingRows(library).length === 0);
    await expectWhole(
      again,
      imported.map((photo) => photo.id),
    );
  });
});
