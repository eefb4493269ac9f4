import { readdirSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { Photo } from '../../../../common/contract';
import { THUMBNAILS_FIRST_ABOVE } from '../../../../main/core/import/import-service';
import { openCore, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import { writeSampleCard } from '../../../helpers/sample-photos';
import { makeTempDir } from '../../../helpers/temp-dir';

let core: ShoeboxCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

// A card just big enough for thumbnails first.
const CARD_PHOTOS = THUMBNAILS_FIRST_ABOVE + 2;

async function openLibrary(): Promise<{ core: ShoeboxCore; library: string; base: string }> {
  const base = await makeTempDir();
  const library = path.join(base, 'library');
  core = await openCore({ libraryRoot: library, imagingThreads: 2 });
  return { core, library, base };
}

/** `count` distinct 900×600 photos in a DCIM folder; returns the card's folder. */
function writeCard(base: string, count: number): Promise<string> {
  return writeSampleCard(path.join(base, `card-${count}`), count, 300);
}

/** The derivative files of a library of one size, by the name's ending. */
function filesOfSize(library: string, size: string): string[] {
  const dir = path.join(library, 'derivatives');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) =>
    name.endsWith(`-${size}.webp`),
  );
}

/** Every size of every photo is on disk at the size and with the bytes its row records. */
async function expectWhole(photos: Photo[]): Promise<void> {
  for (const photo of photos) {
    for (const [size, edge] of [
      ['thumb', [400, 267]],
      ['medium', [900, 600]],
      ['large', [900, 600]],
    ] as const) {
      const derivative = photo.derivatives[size];
      expect((await stat(derivative.path)).size).toBe(derivative.bytes);
      const meta = await sharp(derivative.path).metadata();
      expect([meta.width, meta.height]).toEqual(edge);
    }
  }
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

describe('thumbnails first', () => {
  it('reports every photo of a card with its thumbnail before any medium or large is made', async () => {
    const { core, library, base } = await openLibrary();
    const card = await writeCard(base, CARD_PHOTOS);
    const seen: { thumbs: number; mediums: number; larges: number; large: unknown }[] = [];
    const summary = await core.importFiles([{ path: card }], {
      onProgress: (event) => {
        if (event.type !== 'file' || event.outcome.status !== 'imported') return;
        seen.push({
          thumbs: filesOfSize(library, 'thumb').length,
          mediums: filesOfSize(library, 'medium').length,
          larges: filesOfSize(library, 'large').length,
          // The size the grid lays the photo out at, before its large exists.
          large: event.outcome.photo.large,
        });
      },
    });

    expect(summary.failed).toEqual([]);
    expect(seen).toHaveLength(CARD_PHOTOS);
    for (const [index, moment] of seen.entries()) {
      expect(moment.thumbs).toBeGreaterThanOrEqual(index + 1);
      expect(moment.mediums).toBe(0);
      expect(moment.larges).toBe(0);
      expect(moment.large).toEqual({ width: 900, height: 600 });
    }
    // The summary has each photo as it ended: every size made and recorded.
    expect(summary.imported).toHaveLength(CARD_PHOTOS);
    await expectWhole(summary.imported);
    expect(pendingRows(library)).toEqual([]);
    expect(await core.verify()).toMatchObject({ ok: true, problems: [] });
  });

  it('makes every size of each photo of a handful at once', async () => {
    const { core, library, base } = await openLibrary();
    const card = await writeCard(base, 3);
    const mediumsSeen: number[] = [];
    const summary = await core.importFiles([{ path: card }], {
      onProgress: (event) => {
        if (event.type === 'file' && event.outcome.status === 'imported')
          mediumsSeen.push(filesOfSize(library, 'medium').length);
      },
    });
    expect(summary.imported).toHaveLength(3);
    for (const [index, mediums] of mediumsSeen.entries())
      expect(mediums).toBeGreaterThanOrEqual(index + 1);
    await expectWhole(summary.imported);
  });

  it('finishes the photos of an import cancelled between the phases in the next import', async () => {
    const { core, library, base } = await openLibrary();
    const card = await writeCard(base, CARD_PHOTOS);
    const controller = new AbortController();
    let imported = 0;
    const summary = await core.importFiles([{ path: card }], {
      signal: controller.signal,
      onProgress: (event) => {
        if (event.type !== 'file' || event.outcome.status !== 'imported') return;
        imported += 1;
        if (imported === CARD_PHOTOS) controller.abort();
      },
    });
    expect(summary.cancelled).toBe(true);
    expect(summary.imported).toHaveLength(CARD_PHOTOS);
    expect(filesOfSize(library, 'large')).toEqual([]);
    expect(pendingRows(library)).toHaveLength(CARD_PHOTOS);
    // This process is alive and will finish them: verify has nothing to say.
    expect(await core.verify()).toMatchObject({ ok: true, problems: [] });

    const nothingNew = path.join(base, 'empty');
    await mkdir(nothingNew);
    await core.importFiles([{ path: nothingNew }]);
    expect(pendingRows(library)).toEqual([]);
    const photos = await core.photoRecords(summary.imported.map((photo) => photo.id));
    await expectWhole(photos);
    expect(await core.verify()).toMatchObject({ ok: true, problems: [] });
  });

  it('leaves a live import its pending photos, and repairs a dead one’s', async () => {
    const { core, library, base } = await openLibrary();
    const summary = await core.importFiles([{ path: await writeCard(base, CARD_PHOTOS) }]);
    const photo = summary.imported[0]!;
    const db = new Database(path.join(library, 'library.db'));
    const leaseId = (db.prepare('SELECT id FROM leases').get() as { id: string }).id;
    // As the first phase left it: the thumbnail only, under this process's lease; a medium
    // being written lies on disk, not recorded yet.
    db.prepare("DELETE FROM derivatives WHERE photo_id = ? AND size = 'large'").run(photo.id);
    db.prepare("DELETE FROM derivatives WHERE photo_id = ? AND size = 'medium'").run(photo.id);
    db.prepare('UPDATE photos SET derivatives_pending = ? WHERE id = ?').run(leaseId, photo.id);
    await rm(photo.derivatives.large.path);
    expect(await core.verify({ repair: true })).toMatchObject({ ok: true, problems: [] });
    expect((await stat(photo.derivatives.medium.path)).size).toBe(photo.derivatives.medium.bytes);

    // The same photo under a lease no process holds (its import crashed).
    db.prepare('UPDATE photos SET derivatives_pending = ? WHERE id = ?').run(
      'a-lease-of-a-process-gone',
      photo.id,
    );
    db.close();
    const found = await core.verify();
    expect(found.ok).toBe(false);
    expect(found.problems.map((problem) => [problem.kind, problem.photoId])).toEqual(
      expect.arrayContaining([
        ['missing-derivative', photo.id],
        ['missing-derivative', photo.id],
        ['stray-derivative', undefined],
      ]),
    );
    const repaired = await core.verify({ repair: true });
    expect(repaired.ok).toBe(true);
    expect(pendingRows(library)).toEqual([]);
    const [after] = await core.photoRecords([photo.id]);
    await expectWhole([after!]);
    expect(await core.verify()).toMatchObject({ ok: true, problems: [] });
  });
});
