import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { Photo } from '../../../../common/contract';
import { openCore, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import { QUADRANT_COLOURS, quadrantImage } from '../../../helpers/make-images';
import { writeSamplePhoto } from '../../../helpers/sample-photos';
import { makeTempDir } from '../../../helpers/temp-dir';

let core: ShoeboxCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

async function libraryWith(count: number): Promise<{ core: ShoeboxCore; photos: Photo[] }> {
  const base = await makeTempDir();
  core = await openCore({ libraryRoot: path.join(base, 'library'), imagingThreads: 1 });
  const files = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      writeSamplePhoto(path.join(base, 'inbox', `IMG_${i}.JPG`), {
        seed: 300 + i,
        takenAt: `2021:03:04 05:06:0${i}`,
      }),
    ),
  );
  const summary = await core.importFiles(files.map((file) => ({ path: file })));
  // Imports finish in any order; the tests name photos by file.
  const photos = [...summary.imported].sort((a, b) => a.originalName.localeCompare(b.originalName));
  return { core, photos };
}

describe('describing photos', () => {
  it('starts every imported photo undescribed', async () => {
    const { photos } = await libraryWith(1);
    expect(photos[0]).toMatchObject({
      rating: 0,
      flag: null,
      label: null,
      title: null,
      caption: null,
      keywords: [],
      takenAtOriginal: null,
      rotation: 0,
    });
  });

  it('sets stars, flag, label, title, caption and keywords on every photo given', async () => {
    const { core, photos } = await libraryWith(2);
    const ids = photos.map((photo) => photo.id);
    const { count, previous } = await core.handlers.updatePhotos({
      photoIds: ids,
      changes: {
        rating: 4,
        flag: 'pick',
        label: 'green',
        title: 'Quai de la Tournelle',
        caption: 'Été, evening light',
        addKeywords: ['Places/France/Paris', 'people/Anna'],
      },
    });
    expect(count).toBe(2);
    expect(previous.map((snapshot) => snapshot.description.rating)).toEqual([0, 0]);
    const [photo] = await core.photoRecords([ids[0]!]);
    expect(photo).toMatchObject({
      rating: 4,
      flag: 'pick',
      label: 'green',
      title: 'Quai de la Tournelle',
      caption: 'Été, evening light',
      keywords: ['people/Anna', 'Places/France/Paris'],
    });
    // Listings carry the badges.
    const page = await core.handlers.listPhotos({});
    expect(page.photos.map((summary) => [summary.rating, summary.flag, summary.label])).toEqual([
      [4, 'pick', 'green'],
      [4, 'pick', 'green'],
    ]);
  });

  it('changes nothing when one id does not exist', async () => {
    const { core, photos } = await libraryWith(1);
    await expect(
      core.handlers.updatePhotos({ photoIds: [photos[0]!.id, 999], changes: { rating: 5 } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('999') });
    expect((await core.photoRecords([photos[0]!.id]))[0]!.rating).toBe(0);
  });

  it('keeps one keyword per name whatever its case, and removes by any case', async () => {
    const { core, photos } = await libraryWith(1);
    const photoIds = [photos[0]!.id];
    await core.handlers.updatePhotos({ photoIds, changes: { addKeywords: ['Places/Paris'] } });
    await core.handlers.updatePhotos({
      photoIds,
      changes: { addKeywords: ['places/paris', 'Dogs'] },
    });
    expect((await core.photoRecords(photoIds))[0]!.keywords).toEqual(['Dogs', 'Places/Paris']);
    await core.handlers.updatePhotos({ photoIds, changes: { removeKeywords: ['PLACES/PARIS'] } });
    expect((await core.photoRecords(photoIds))[0]!.keywords).toEqual(['Dogs']);
  });

  it('puts everything back from the snapshots an update answered (undo)', async () => {
    const { core, photos } = await libraryWith(1);
    const photoIds = [photos[0]!.id];
    await core.handlers.updatePhotos({
      photoIds,
      changes: { rating: 2, addKeywords: ['A'], title: 'first' },
    });
    const before = (await core.photoRecords(photoIds))[0]!;
    const { previous } = await core.handlers.updatePhotos({
      photoIds,
      changes: { rating: 5, flag: 'reject', addKeywords: ['B'], shiftTimeSeconds: 3600 },
    });
    await core.handlers.restoreDescriptions({ snapshots: previous });
    const after = (await core.photoRecords(photoIds))[0]!;
    expect(after).toMatchObject({
      rating: 2,
      flag: null,
      keywords: ['A'],
      title: 'first',
      takenAt: before.takenAt,
      takenAtOriginal: null,
    });
  });

  it('shifts, sets, re-zones and reverts the capture time, and the timeline follows', async () => {
    const { core, photos } = await libraryWith(2);
    const [first, second] = photos;
    expect(first!.takenAt).toBe('2021-03-04T05:06:00');
    await core.handlers.updatePhotos({
      photoIds: [first!.id],
      changes: { shiftTimeSeconds: -2 * 86_400 },
    });
    let [moved] = await core.photoRecords([first!.id]);
    expect(moved).toMatchObject({
      takenAt: '2021-03-02T05:06:00',
      takenAtOriginal: '2021-03-04T05:06:00',
    });
    expect(await core.handlers.getTimeline({})).toEqual([
      { day: '2021-03-02', count: 1 },
      { day: '2021-03-04', count: 1 },
    ]);
    await core.handlers.updatePhotos({ photoIds: [first!.id], changes: { timeZone: '+02:00' } });
    [moved] = await core.photoRecords([first!.id]);
    expect(moved!.takenAt).toBe('2021-03-02T05:06:00+02:00');
    await core.handlers.updatePhotos({ photoIds: [first!.id], changes: { revertTime: true } });
    [moved] = await core.photoRecords([first!.id]);
    expect(moved).toMatchObject({ takenAt: '2021-03-04T05:06:00', takenAtOriginal: null });
    await core.handlers.updatePhotos({
      photoIds: [second!.id],
      changes: { takenAt: '1999-12-31T23:59' },
    });
    expect((await core.photoRecords([second!.id]))[0]!.takenAt).toBe('1999-12-31T23:59:00');
    // A shift that would leave the years 0001-9999 is refused, and changes nothing.
    await core.handlers.updatePhotos({
      photoIds: [second!.id],
      changes: { takenAt: '0002-01-01T00:00:00' },
    });
    await expect(
      core.handlers.updatePhotos({
        photoIds: [second!.id],
        changes: { shiftTimeSeconds: -3 * 365 * 86_400 },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect((await core.photoRecords([second!.id]))[0]!.takenAt).toBe('0002-01-01T00:00:00');
  });

  it('lists the keyword tree with counts of each keyword and what is under it', async () => {
    const { core, photos } = await libraryWith(3);
    const [a, b, c] = photos.map((photo) => photo.id);
    await core.handlers.updatePhotos({
      photoIds: [a!, b!],
      changes: { addKeywords: ['Places/France/Paris'] },
    });
    await core.handlers.updatePhotos({
      photoIds: [b!, c!],
      changes: { addKeywords: ['Places/France', 'Dogs'] },
    });
    await core.handlers.trashPhotos({ photoIds: [c!] });
    expect(await core.handlers.listKeywords({})).toEqual([
      { name: 'Dogs', path: 'Dogs', count: 1, total: 1, children: [] },
      {
        name: 'Places',
        path: 'Places',
        count: 0,
        total: 2,
        children: [
          {
            name: 'France',
            path: 'Places/France',
            count: 1,
            total: 2,
            children: [
              { name: 'Paris', path: 'Places/France/Paris', count: 2, total: 2, children: [] },
            ],
          },
        ],
      },
    ]);
  });

  it('marks a changed photo for its sidecar and moves the change counter', async () => {
    const { core, photos } = await libraryWith(1);
    const db = new Database(core.layout.database, { readonly: true });
    try {
      const revisions = () =>
        db.prepare('SELECT description_rev AS rev, sidecar_rev AS written FROM photos').get() as {
          rev: number;
          written: number;
        };
      const counter = () =>
        (db.prepare('SELECT counter FROM library_changes').get() as { counter: number }).counter;
      const start = revisions();
      const changes = counter();
      await core.handlers.updatePhotos({ photoIds: [photos[0]!.id], changes: { rating: 3 } });
      expect(revisions().rev).toBe(start.rev + 1);
      expect(revisions().written).toBe(start.written);
      expect(counter()).toBeGreaterThan(changes);
    } finally {
      db.close();
    }
  });
});

/** The colour at a fraction of a WebP's width and height. */
async function colourAt(file: string, fx: number, fy: number): Promise<number[]> {
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  const x = Math.floor(info.width * fx);
  const y = Math.floor(info.height * fy);
  const offset = (y * info.width + x) * info.channels;
  return [...data.subarray(offset, offset + 3)];
}

function near(actual: number[], expected: readonly number[]): boolean {
  return actual.every((value, index) => Math.abs(value - expected[index]!) < 40);
}

describe('rotating photos', () => {
  it('turns the derivatives, swaps the sides, and leaves the original byte for byte', async () => {
    const base = await makeTempDir();
    core = await openCore({ libraryRoot: path.join(base, 'library'), imagingThreads: 1 });
    const source = path.join(base, 'wide.jpg');
    await writeFile(source, await quadrantImage(120, 80).jpeg({ quality: 95 }).toBuffer());
    const [photo] = (await core.importFiles([{ path: source }])).imported;
    const originalBytes = await readFile(photo!.path);
    const oldLarge = photo!.derivatives.large.path;

    expect(await core.handlers.rotatePhotos({ photoIds: [photo!.id], direction: 'right' })).toEqual(
      { count: 1 },
    );
    const [turned] = await core.photoRecords([photo!.id]);
    expect(turned).toMatchObject({ rotation: 90, width: 80, height: 120 });
    for (const size of ['thumb', 'medium', 'large'] as const) {
      const derivative = turned!.derivatives[size];
      expect(derivative.height).toBeGreaterThan(derivative.width);
      const meta = await sharp(derivative.path).metadata();
      expect([meta.width, meta.height]).toEqual([derivative.width, derivative.height]);
      // Turned right: what was top-left is now top-right.
      expect(near(await colourAt(derivative.path, 0.8, 0.2), QUADRANT_COLOURS.topLeft)).toBe(true);
      expect(near(await colourAt(derivative.path, 0.2, 0.2), QUADRANT_COLOURS.bottomLeft)).toBe(
        true,
      );
    }
    expect(existsSync(oldLarge)).toBe(false);
    expect(await readFile(photo!.path)).toEqual(originalBytes);

    await core.handlers.rotatePhotos({ photoIds: [photo!.id], direction: 'left' });
    const [back] = await core.photoRecords([photo!.id]);
    expect(back).toMatchObject({ rotation: 0, width: 120, height: 80 });
    expect(
      near(await colourAt(back!.derivatives.large.path, 0.2, 0.2), QUADRANT_COLOURS.topLeft),
    ).toBe(true);
    expect(await core.verify()).toMatchObject({ ok: true, problems: [] });
  });

  it('refuses an unknown id and turns nothing', async () => {
    const { core, photos } = await libraryWith(1);
    await expect(
      core.handlers.rotatePhotos({ photoIds: [photos[0]!.id, 4242], direction: '180' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await core.photoRecords([photos[0]!.id]))[0]!.rotation).toBe(0);
  });
});
