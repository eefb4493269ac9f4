import { copyFile, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { machineKey } from '../../../../main/core/library/lease-repository';
import type { Photo } from '../../../../common/contract';
import { openCore, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import { writeNotAPhoto, writeSamplePhoto } from '../../../helpers/sample-photos';
import { makeTempDir } from '../../../helpers/temp-dir';

let core: ShoeboxCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

async function libraryWithPhotos(
  count: number,
): Promise<{ core: ShoeboxCore; library: string; inbox: string; photos: Photo[] }> {
  const base = await makeTempDir();
  const library = path.join(base, 'library');
  const inbox = path.join(base, 'inbox');
  core = await openCore({ libraryRoot: library, imagingThreads: 1 });
  const files = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      writeSamplePhoto(path.join(inbox, `IMG_${i}.JPG`), {
        seed: 200 + i,
        takenAt: '2021:03:04 05:06:07',
      }),
    ),
  );
  const summary = await core.importFiles(files.map((file) => ({ path: file })));
  return { core, library, inbox, photos: summary.imported };
}

describe('verify', () => {
  it('passes a freshly imported library', async () => {
    const { core } = await libraryWithPhotos(2);
    const report = await core.verify();
    expect(report).toEqual({ ok: true, photos: 2, problems: [], notices: [] });
  });

  it('finds a missing derivative and, with repair, makes it again from the original', async () => {
    const { core, photos } = await libraryWithPhotos(1);
    const thumb = photos[0]!.derivatives.thumb.path;
    await rm(thumb);
    const found = await core.verify();
    expect(found.ok).toBe(false);
    expect(found.problems).toMatchObject([{ kind: 'missing-derivative', photoId: photos[0]!.id }]);
    const repaired = await core.verify({ repair: true });
    expect(repaired.ok).toBe(true);
    expect((await stat(thumb)).size).toBeGreaterThan(0);
    expect(await core.verify()).toMatchObject({ ok: true, problems: [] });
  });

  it('leaves the sizes a live import is still making alone, and finds them changed once it is not', async () => {
    const { core, library, photos } = await libraryWithPhotos(1);
    const photo = photos[0]!;
    const db = new Database(path.join(library, 'library.db'));
    const { id: liveLease } = db.prepare('SELECT id FROM leases').get() as { id: string };
    // A second phase mid-way: the new thumbnail is in place, its row not yet written.
    db.prepare('UPDATE photos SET derivatives_pending = ? WHERE id = ?').run(liveLease, photo.id);
    await writeFile(photo.derivatives.thumb.path, 'a thumbnail made again, not yet recorded');
    expect((await core.verify()).problems).toEqual([]);

    db.prepare('UPDATE photos SET derivatives_pending = NULL WHERE id = ?').run(photo.id);
    db.close();
    expect((await core.verify()).problems).toMatchObject([
      { kind: 'derivative-changed', photoId: photo.id },
    ]);
  });

  it('finds an original whose content changed, and never repairs it away', async () => {
    const { core, photos } = await libraryWithPhotos(1);
    const original = photos[0]!.path;
    const other = await writeSamplePhoto(`${original}.other.jpg`, { seed: 999 });
    await copyFile(other, original);
    await rm(other);
    const report = await core.verify({ repair: true });
    expect(report.ok).toBe(false);
    expect(report.problems).toMatchObject([{ kind: 'original-changed', photoId: photos[0]!.id }]);
    expect((await stat(original)).isFile()).toBe(true);
  });

  it('finds a missing original', async () => {
    const { core, photos } = await libraryWithPhotos(1);
    await rm(photos[0]!.path);
    const report = await core.verify({ repair: true });
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.kind)).toContain('missing-original');
  });

  it('records a stray original where it lies and moves a stray non-image to recovered/', async () => {
    const { core, library } = await libraryWithPhotos(1);
    const strayPhoto = await writeSamplePhoto(
      path.join(library, 'originals', '2019', '12', 'left-behind.jpg'),
      {
        seed: 300,
      },
    );
    await writeNotAPhoto(path.join(library, 'originals', '2019', '12', 'notes.txt'));
    const found = await core.verify();
    expect(found.problems.map((p) => [p.kind, p.path]).sort()).toEqual([
      ['stray-original', 'originals/2019/12/left-behind.jpg'],
      ['stray-original', 'originals/2019/12/notes.txt'],
    ]);
    const repaired = await core.verify({ repair: true });
    expect(repaired.ok).toBe(true);
    const listed = await core.listPhotoRecords({});
    expect(listed.photos.map((photo) => photo.path)).toContain(strayPhoto);
    expect(await readdir(path.join(library, 'recovered', '2019', '12'))).toEqual(['notes.txt']);
    expect(await core.verify()).toMatchObject({ ok: true, problems: [] });
  });

  it('removes stray derivatives and the temporary files of a crashed import', async () => {
    const { core, library } = await libraryWithPhotos(1);
    const strayDerivative = path.join(library, 'derivatives', 'ff', 'ffff-thumb.webp');
    await mkdir(path.dirname(strayDerivative), { recursive: true });
    await writeFile(strayDerivative, 'x');
    // Written under a lease no process holds any more (it crashed and was reaped).
    const leftover = path.join(library, '.staging', 'original-00000000deadbeef-abc.tmp');
    await writeFile(leftover, 'partial');
    // A derivative being written by an import of another living process on this library.
    const other = await openCore({ libraryRoot: library });
    try {
      const otherLease = /upload-([0-9a-f]{16})-/.exec((await other.stageUpload('a.jpg')).path)![1];
      const inFlight = path.join(
        library,
        'derivatives',
        'ff',
        `ffff-thumb.webp.tmp-${otherLease}-0a1b`,
      );
      await writeFile(inFlight, 'half');
      const repaired = await core.verify({ repair: true });
      expect((await stat(inFlight)).size).toBe(4);
      expect(repaired.problems.map((p) => p.kind).sort()).toEqual([
        'leftover-temp',
        'stray-derivative',
      ]);
      expect(repaired.ok).toBe(true);
      await expect(stat(strayDerivative)).rejects.toThrow();
      await expect(stat(leftover)).rejects.toThrow();
    } finally {
      await other.close();
    }
  });

  it('removes the temp files of a dead writer whose pid now belongs to another program', async () => {
    // The monotonic clock leases are judged by, moved by the test instead of waited for.
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const { core, library } = await libraryWithPhotos(1);
      // A lease of a process that stopped long ago, whose pid (our parent's) is alive: it keeps
      // no lease alive, since it never heartbeats.
      const db = new Database(path.join(library, 'library.db'));
      db.prepare(
        `INSERT INTO leases (id, pid, host, machine, program, started_at, heartbeats)
         VALUES ('0123456789abcdef', ?, 'here', ?, 'shoebox import', '2020-01-01T00:00:00Z', 7)`,
      ).run(process.ppid, machineKey());
      db.close();
      const leftover = path.join(library, '.staging', 'original-0123456789abcdef-abc.tmp');
      await writeFile(leftover, 'partial');
      // First seen now: it may be a live import about to heartbeat, so its temp stays.
      expect((await core.verify()).problems).toEqual([]);
      vi.advanceTimersByTime(31_000);
      const checked = await core.verify();
      expect(checked.problems.map((p) => [p.kind, p.path])).toEqual([
        ['leftover-temp', '.staging/original-0123456789abcdef-abc.tmp'],
      ]);
      expect((await core.verify({ repair: true })).ok).toBe(true);
      await expect(stat(leftover)).rejects.toThrow();
    } finally {
      vi.useRealTimers();
    }
  });
});
