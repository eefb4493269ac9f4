import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportProgress } from '../../../../common/contract';
import { openCore, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import { makeExportLibrary, mixedPhotos } from '../../../helpers/export-library';
import { makeTempDir } from '../../../helpers/temp-dir';
import { readZipEntries } from '../../../helpers/zip-entries';

let core: ShoeboxCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

/** A core over a library of `count` photos in one album; returns the album's id. */
async function coreWithAlbum(count: number): Promise<{ core: ShoeboxCore; albumId: number }> {
  const root = await makeTempDir();
  const library = await makeExportLibrary(root, mixedPhotos(count, 800));
  library.db.close();
  core = await openCore({ libraryRoot: root, imagingThreads: 1 });
  return { core, albumId: library.albumId };
}

/** Every exportProgress event of `exportId` up to its `finished` one. */
function eventsOf(
  target: ShoeboxCore,
  start: () => Promise<{ exportId: string }>,
): Promise<ExportProgress[]> {
  const seen: ExportProgress[] = [];
  return new Promise((resolve, reject) => {
    let exportId: string | null = null;
    const unsubscribe = target.subscribe(({ event, payload }) => {
      if (event !== 'exportProgress') return;
      seen.push(payload);
      if (payload.type === 'finished' && (exportId === null || payload.exportId === exportId)) {
        unsubscribe();
        resolve(seen.filter((e) => e.exportId === payload.exportId));
      }
    });
    start().then(({ exportId: id }) => {
      exportId = id;
    }, reject);
  });
}

describe('startExport and cancelExport', () => {
  it('exports imported camera photos without their GPS, with progress events', async () => {
    const inbox = await makeTempDir();
    const gps = {
      GPSLatitudeRef: 'N',
      GPSLatitude: '48/1 51/1 2400/100',
      GPSLongitudeRef: 'E',
      GPSLongitude: '2/1 21/1 300/100',
    };
    for (const [i, name] of ['IMG_1.JPG', 'IMG_2.JPG'].entries()) {
      // Photo-sized, so the three web sizes are three different files.
      await sharp({
        create: {
          width: 1600,
          height: 1200,
          channels: 3,
          background: { r: 90 + i, g: 140, b: 200 },
        },
      })
        .withExif({
          IFD0: { Make: 'SONY', Model: 'ILCE-6000' },
          IFD2: { DateTimeOriginal: '2024:06:03 10:00:00', BodySerialNumber: 'SN-998877' },
          IFD3: gps,
        })
        .jpeg()
        .toFile(path.join(inbox, name));
    }
    core = await openCore({ libraryRoot: await makeTempDir(), imagingThreads: 1 });
    const summary = await core.importFiles([{ path: inbox }]);
    const photoIds = summary.imported.map((photo) => photo.id);
    expect(summary.imported.every((photo) => photo.gps !== null)).toBe(true);
    const album = await core.handlers.createAlbum({ name: 'Paris' });
    await core.handlers.addPhotosToAlbum({ albumId: album.id, photoIds });

    const out = path.join(await makeTempDir(), 'paris');
    const events = await eventsOf(core, () =>
      core!.handlers.startExport({ albumId: album.id, destination: { kind: 'folder', path: out } }),
    );
    expect(events[0]).toMatchObject({ type: 'progress', done: 0, total: 2 });
    expect(events.at(-1)).toMatchObject({
      type: 'finished',
      cancelled: false,
      location: out,
      error: null,
    });

    const manifest = await readFile(path.join(out, 'album.json'), 'utf8');
    expect(manifest).not.toMatch(/gps|48\.8/i);
    for (const file of await readdir(path.join(out, 'images'))) {
      const data = await readFile(path.join(out, 'images', file));
      expect((await sharp(data).metadata()).exif, file).toBeUndefined();
      expect(data.includes('SN-998877')).toBe(false);
      expect(data.includes('ILCE-6000')).toBe(false);
    }

    const withGps = path.join(await makeTempDir(), 'paris-gps');
    await eventsOf(core, () =>
      core!.handlers.startExport({
        albumId: album.id,
        destination: { kind: 'folder', path: withGps },
        keepGps: true,
      }),
    );
    const kept = JSON.parse(await readFile(path.join(withGps, 'album.json'), 'utf8'));
    expect(kept.photos[0].gps.lat).toBeCloseTo(48.8567, 3);
  });

  it('makes a download zip that serve can find, and deletes it when the core closes', async () => {
    const { core, albumId } = await coreWithAlbum(2);
    const events = await eventsOf(core, () =>
      core.handlers.startExport({
        albumId,
        destination: { kind: 'download' },
        title: 'Trip: "best of"',
      }),
    );
    const finished = events.at(-1)!;
    expect(finished).toMatchObject({ type: 'finished', cancelled: false, error: null });
    expect(finished.type === 'finished' && finished.location).toBe(
      `/exports/${finished.exportId}.zip`,
    );
    const zip = await core.resolveExportZip(finished.exportId);
    expect(zip?.fileName).toBe('Trip_ _best of_.zip');
    const names = (await readZipEntries(zip!.path)).map((entry) => entry.name);
    expect(names).toContain('index.html');
    expect(names.filter((name) => name.startsWith('images/'))).toHaveLength(6);
    expect(await core.resolveExportZip('../../library.db')).toBeNull();

    await core.close();
    await expect(stat(zip!.path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('cancels: a finished event says so and no zip appears', async () => {
    const { core, albumId } = await coreWithAlbum(3);
    const zip = path.join(await makeTempDir(), 'album.zip');
    const events = await eventsOf(core, async () => {
      const started = await core.handlers.startExport({
        albumId,
        destination: { kind: 'zip', path: zip },
      });
      await core.handlers.cancelExport(started);
      return started;
    });
    expect(events.at(-1)).toMatchObject({ type: 'finished', cancelled: true, location: null });
    expect(await readdir(path.dirname(zip))).toEqual([]);
    await expect(core.handlers.cancelExport({ exportId: 'nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('reports an unknown album at once and a used folder in the finished event', async () => {
    const { core, albumId } = await coreWithAlbum(1);
    await expect(
      core.handlers.startExport({ albumId: 999, destination: { kind: 'folder', path: '/tmp/x' } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const used = await makeTempDir();
    await writeFile(path.join(used, 'thesis.docx'), 'precious');
    const events = await eventsOf(core, () =>
      core.handlers.startExport({ albumId, destination: { kind: 'folder', path: used } }),
    );
    expect(events.at(-1)).toMatchObject({
      type: 'finished',
      cancelled: false,
      location: null,
      error: { code: 'CONFLICT' },
    });
    expect(await readdir(used)).toEqual(['thesis.docx']);
  });
});
