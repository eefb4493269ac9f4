import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import { writeSamplePhoto } from '../../../helpers/sample-photos';
import { makeTempDir } from '../../../helpers/temp-dir';
import { nefLike, nefParts } from '../raw/raw-containers';
import { KEY_A, KEY_B, writeLiveMovie, writeLiveStill } from './live-photo-files';

let core: ShoeboxCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

async function openTempLibrary(): Promise<{ core: ShoeboxCore; first: string; second: string }> {
  const base = await makeTempDir();
  core = await openCore({ libraryRoot: path.join(base, 'library'), imagingThreads: 2 });
  const first = path.join(base, 'first');
  const second = path.join(base, 'second');
  await mkdir(first, { recursive: true });
  await mkdir(second, { recursive: true });
  return { core, first, second };
}

async function meanColour(file: string): Promise<[number, number, number]> {
  const { channels } = await sharp(file).stats();
  return [channels[0]!.mean, channels[1]!.mean, channels[2]!.mean];
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

const TAKEN = '2020:04:17 10:03:40';
const CREATED = '2020-04-17T10:03:40-0600';
// writeLiveStill's colour for seed 1.
const STILL_RGB = [53, 97, 151];

describe('a file joining its photo in a later import', () => {
  it('makes a still arriving after its Live Photo movie the photo’s original', async () => {
    const { core, first, second } = await openTempLibrary();
    await writeLiveMovie(path.join(first, 'IMG_0001.MOV'), {
      identifier: KEY_A,
      seconds: 6,
      creationDate: CREATED,
    });
    const movieOnly = await core.importFiles([{ path: first }]);
    const video = movieOnly.imported[0]!;
    expect(video.kind).toBe('video');
    const album = await core.handlers.createAlbum({ name: 'Chicago' });
    await core.handlers.addPhotosToAlbum({ albumId: album.id, photoIds: [video.id] });
    await core.handlers.updatePhotos({
      photoIds: [video.id],
      changes: { rating: 5, addKeywords: ['Places/Chicago'] },
    });
    // A taken-at that is a minute off: the key, not the clock, says they are one shot.
    await writeLiveStill(path.join(second, 'IMG_0001.JPG'), {
      identifier: KEY_A,
      takenAt: '2020:04:17 10:04:40',
    });

    const stillAfter = await core.importFiles([{ path: second }]);

    expect(stillAfter.failed).toEqual([]);
    expect(stillAfter.imported.map((photo) => photo.id)).toEqual([video.id]);
    const { photos } = await core.listPhotoRecords({});
    expect(photos).toHaveLength(1);
    const [photo] = photos;
    expect(photo).toMatchObject({
      id: video.id,
      kind: 'photo',
      format: 'jpeg',
      originalName: 'IMG_0001.JPG',
      durationSeconds: null,
      rating: 5,
      keywords: ['Places/Chicago'],
      width: 64,
      height: 48,
      // The still's moment and camera, not the movie's.
      takenAt: '2020-04-17T10:04:40',
      cameraMake: 'Apple',
      cameraModel: 'iPhone XR',
    });
    expect(photo!.files.map((file) => [file.role, path.basename(file.path)])).toEqual([
      ['original', 'IMG_0001.jpg'],
      ['motion', 'IMG_0001.mov'],
    ]);
    const inAlbum = await core.handlers.listPhotos({ albumId: album.id });
    expect(inAlbum.photos.map((entry) => entry.id)).toEqual([video.id]);
    // Every size is the still's picture now, and the poster's files are gone.
    for (const size of ['thumb', 'medium', 'large'] as const) {
      const derivative = photo!.derivatives[size];
      const colour = await meanColour(derivative.path);
      colour.forEach((value, channel) => expect(value).toBeCloseTo(STILL_RGB[channel]!, -1));
      expect(await exists(video.derivatives[size].path)).toBe(false);
    }
    expect((await core.verify()).problems).toEqual([]);
  });

  it('keeps a still whose key is not its movie’s a photo of its own', async () => {
    const { core, first, second } = await openTempLibrary();
    await writeLiveMovie(path.join(first, 'IMG_0002.MOV'), {
      identifier: KEY_A,
      seconds: 2,
      creationDate: CREATED,
    });
    await core.importFiles([{ path: first }]);
    await writeLiveStill(path.join(second, 'IMG_0002.JPG'), { identifier: KEY_B, takenAt: TAKEN });

    const stillAfter = await core.importFiles([{ path: second }]);

    expect(stillAfter.failed).toEqual([]);
    const { photos } = await core.listPhotoRecords({});
    expect(photos.map((photo) => [photo.originalName, photo.kind, photo.files.length])).toEqual([
      ['IMG_0002.MOV', 'video', 1],
      ['IMG_0002.JPG', 'photo', 1],
    ]);
  });

  it('without keys, joins a short movie’s still taken at the same moment only', async () => {
    const { core, first, second } = await openTempLibrary();
    await writeLiveMovie(path.join(first, 'IMG_0003.MOV'), {
      identifier: null,
      seconds: 2,
      creationDate: CREATED,
    });
    await writeLiveMovie(path.join(first, 'IMG_0004.MOV'), {
      identifier: null,
      seconds: 3,
      creationDate: CREATED,
    });
    await core.importFiles([{ path: first }]);
    await writeLiveStill(path.join(second, 'IMG_0003.JPG'), { identifier: null, takenAt: TAKEN });
    // Another day's IMG_0004: stems come round again.
    await writeLiveStill(path.join(second, 'IMG_0004.JPG'), {
      identifier: null,
      takenAt: '2021:01:02 08:00:00',
      seed: 2,
    });

    await core.importFiles([{ path: second }]);

    const { photos } = await core.listPhotoRecords({});
    expect(
      photos.map((photo) => [photo.originalName, photo.kind, photo.files.length]).sort(),
    ).toEqual([
      ['IMG_0003.JPG', 'photo', 2],
      ['IMG_0004.JPG', 'photo', 1],
      ['IMG_0004.MOV', 'video', 1],
    ]);
  });

  it('shows a RAW from its camera JPEG once the JPEG arrives, the preview’s files removed', async () => {
    const { core, first, second } = await openTempLibrary();
    await writeFile(path.join(first, 'DSC_0003.NEF'), nefLike(await nefParts()));
    const rawOnly = await core.importFiles([{ path: first }]);
    const raw = rawOnly.imported[0]!;
    // The RAW's red 1200×800 preview, turned upright.
    expect([raw.width, raw.height]).toEqual([800, 1200]);
    await writeSamplePhoto(path.join(second, 'DSC_0003.JPG'), {
      seed: 4,
      takenAt: '2024:05:01 10:00:00',
      make: 'NIKON CORPORATION',
      model: 'NIKON D850',
    });

    const jpegAfter = await core.importFiles([{ path: second }]);

    expect(jpegAfter.failed).toEqual([]);
    const [photo] = (await core.listPhotoRecords({})).photos;
    expect(photo).toMatchObject({ id: raw.id, format: 'nef', width: 64, height: 48 });
    expect(photo!.files.map((file) => file.role)).toEqual(['original', 'pair']);
    for (const size of ['thumb', 'medium', 'large'] as const) {
      const meta = await sharp(photo!.derivatives[size].path).metadata();
      expect([meta.width, meta.height]).toEqual([64, 48]);
      expect(photo!.derivatives[size].path).not.toBe(raw.derivatives[size].path);
      expect(await exists(raw.derivatives[size].path)).toBe(false);
    }
    expect((await core.verify()).problems).toEqual([]);
  });

  it('remakes the derivatives from the JPEG when a card brings it beside a RAW already in', async () => {
    const { core, first, second } = await openTempLibrary();
    const nef = nefLike(await nefParts());
    await writeFile(path.join(first, 'DSC_0005.NEF'), nef);
    const raw = (await core.importFiles([{ path: first }])).imported[0]!;
    // The whole card again: the RAW a duplicate, its JPEG new.
    await writeFile(path.join(second, 'DSC_0005.NEF'), nef);
    await writeSamplePhoto(path.join(second, 'DSC_0005.JPG'), {
      seed: 5,
      takenAt: '2024:05:01 10:00:00',
      make: 'NIKON CORPORATION',
      model: 'NIKON D850',
    });

    const again = await core.importFiles([{ path: second }]);

    expect(again.totals).toMatchObject({ imported: 0, duplicates: 1 });
    const [photo] = (await core.listPhotoRecords({})).photos;
    expect(photo).toMatchObject({ id: raw.id, width: 64, height: 48 });
    expect(photo!.files.map((file) => file.role)).toEqual(['original', 'pair']);
    const meta = await sharp(photo!.derivatives.large.path).metadata();
    expect([meta.width, meta.height]).toEqual([64, 48]);
    expect(await exists(raw.derivatives.large.path)).toBe(false);
    expect((await core.verify()).problems).toEqual([]);
  });
});
