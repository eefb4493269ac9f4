import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openCore, type ShoeboxCore } from '../../../main/core/shoebox-core';
import { writeSamplePhoto } from '../../helpers/sample-photos';
import { makeTempDir } from '../../helpers/temp-dir';

let core: ShoeboxCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

/** A library with photos taken on three days, two of them abroad with an offset. */
async function libraryOnThreeDays(): Promise<ShoeboxCore> {
  const base = await makeTempDir();
  core = await openCore({ libraryRoot: path.join(base, 'library'), imagingThreads: 1 });
  const shots = [
    ['a.jpg', '2024:03:01 09:00:00'],
    ['b.jpg', '2024:03:01 18:00:00'],
    ['c.jpg', '2024:03:02 23:30:00'],
    ['d.jpg', '2024:03:05 07:00:00'],
  ] as const;
  const files = await Promise.all(
    shots.map(([name, takenAt], index) =>
      writeSamplePhoto(path.join(base, 'inbox', name), { seed: 900 + index, takenAt }),
    ),
  );
  await core.importFiles(files.map((file) => ({ path: file })));
  return core;
}

describe('the core', () => {
  it('tells subscribers once about a commit by another process, never about its own', async () => {
    const libraryRoot = path.join(await makeTempDir(), 'library');
    core = await openCore({ libraryRoot, externalChangePollMs: 10 });
    // A second core on the same library stands for `shoebox import` run in a terminal.
    const cli = await openCore({ libraryRoot });
    try {
      const reasons: string[] = [];
      const stop = core.subscribe(({ event, payload }) => {
        if (event === 'libraryChanged') reasons.push(payload.reason);
      });
      await core.handlers.createAlbum({ name: 'Made in the app' });
      // Many checks go by: the app's own write is announced once, as itself.
      await sleep(150);
      expect(reasons).toEqual(['albums']);

      await cli.handlers.createAlbum({ name: 'Made by the CLI' });
      await vi.waitFor(() => expect(reasons).toEqual(['albums', 'external']), { timeout: 3000 });
      await sleep(150);
      expect(reasons).toEqual(['albums', 'external']);
      stop();
    } finally {
      await cli.close();
    }
  });

  it('drops uploads nobody imported after an hour, and keeps fresh ones', async () => {
    core = await openCore({ libraryRoot: path.join(await makeTempDir(), 'library') });
    const old = await core.stageUpload('old.jpg');
    await writeFile(old.path, 'bytes');
    const now = Date.now();
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now + 2 * 60 * 60 * 1000);
    try {
      const fresh = await core.stageUpload('fresh.jpg');
      await writeFile(fresh.path, 'bytes');
      await expect(stat(old.path)).rejects.toThrow();
      expect((await stat(fresh.path)).isFile()).toBe(true);
      await expect(
        core.handlers.startImport({
          importId: randomUUID(),
          source: { kind: 'uploads', uploadIds: [old.uploadId] },
        }),
      ).rejects.toThrow(/No upload/);
    } finally {
      clock.mockRestore();
    }
  });

  it('counts photos per capture day and starts a page at any day, both ways', async () => {
    const core = await libraryOnThreeDays();
    expect(await core.handlers.getTimeline({ order: 'desc' })).toEqual([
      { day: '2024-03-05', count: 1 },
      { day: '2024-03-02', count: 1 },
      { day: '2024-03-01', count: 2 },
    ]);
    const names = async (input: { fromDay: string; order: 'asc' | 'desc' }): Promise<string[]> =>
      (await core.handlers.listPhotos(input)).photos.map((photo) => photo.originalName);
    expect(await names({ fromDay: '2024-03-02', order: 'asc' })).toEqual(['c.jpg', 'd.jpg']);
    expect(await names({ fromDay: '2024-03-02', order: 'desc' })).toEqual([
      'c.jpg',
      'b.jpg',
      'a.jpg',
    ]);
    // A day without photos starts at the next one in the listing's order.
    expect(await names({ fromDay: '2024-03-04', order: 'asc' })).toEqual(['d.jpg']);
    await expect(
      core.handlers.listPhotos({ fromDay: '2024-03-02', cursor: 'n1~1' }),
    ).rejects.toThrow(/without a cursor/);
  });

  it('deletes photos from the trash for good, files and all, and only those in the trash', async () => {
    const core = await libraryOnThreeDays();
    const [a, b, c] = (await core.listPhotoRecords({})).photos;
    const album = await core.handlers.createAlbum({ name: 'Keep' });
    await core.handlers.addPhotosToAlbum({ albumId: album.id, photoIds: [a!.id, b!.id] });
    await core.handlers.trashPhotos({ photoIds: [a!.id, b!.id] });

    // c is not in the trash: asking to delete it does nothing.
    expect(await core.handlers.deleteFromTrash({ photoIds: [a!.id, c!.id] })).toEqual({ count: 1 });
    await expect(stat(a!.path)).rejects.toThrow();
    await expect(stat(a!.derivatives.thumb.path)).rejects.toThrow();
    expect((await stat(c!.path)).isFile()).toBe(true);
    await expect(core.handlers.getPhoto({ photoId: a!.id })).rejects.toThrow(/no photo/);

    expect(await core.handlers.emptyTrash({})).toEqual({ count: 1 });
    await expect(stat(b!.path)).rejects.toThrow();
    const info = await core.handlers.getLibraryInfo({});
    expect([info.photoCount, info.trashCount]).toEqual([2, 0]);
    expect((await core.handlers.listAlbums({}))[0]?.photoCount).toBe(0);
    expect(await core.verify()).toMatchObject({ ok: true, problems: [] });
  });
});
