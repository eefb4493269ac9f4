import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Photo } from '../../../../common/contract';
import { ShoeboxError } from '../../../../common/errors';
import { openCore, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import { makeTempDir } from '../../../helpers/temp-dir';

/** One generated camera file: what its EXIF says and what its pixels are. */
interface Shot {
  name: string;
  taken: string;
  make?: string;
  model?: string;
  lens?: string;
  iso?: number;
  fNumber?: string;
  focal?: string;
  portrait?: boolean;
  gps?: boolean;
}

const SHOTS: Shot[] = [
  {
    name: 'IMG_9.JPG',
    taken: '2023:07:14 09:30:00',
    make: 'FUJIFILM',
    model: 'X-T4',
    lens: 'XF16-55mmF2.8 R LM WR',
    iso: 3200,
    fNumber: '28/10',
    focal: '23/1',
    gps: true,
  },
  {
    name: 'IMG_10.JPG',
    taken: '2023:07:20 18:00:00',
    make: 'FUJIFILM',
    model: 'X-T4',
    lens: 'XF56mmF1.2 R',
    iso: 160,
    fNumber: '12/10',
    focal: '56/1',
    portrait: true,
  },
  {
    name: 'DSC_0003.JPG',
    taken: '2023:09:02 12:00:00',
    make: 'NIKON CORPORATION',
    model: 'NIKON D750',
    lens: 'AF-S 24-70mm f/2.8',
    iso: 100,
    fNumber: '8/1',
    focal: '70/1',
  },
  {
    name: 'Été_plage.jpg',
    taken: '2022:08:01 10:00:00',
    make: 'Apple',
    model: 'iPhone 13',
    iso: 50,
    fNumber: '16/10',
    focal: '5/1',
  },
  {
    name: 'tour.jpg',
    taken: '2024:01:05 08:00:00',
    make: 'SONY',
    model: 'ILCE-6000',
    iso: 6400,
    fNumber: '35/10',
    focal: '16/1',
  },
  {
    name: 'trash_me.jpg',
    taken: '2023:07:15 09:00:00',
    make: 'FUJIFILM',
    model: 'X-T4',
    iso: 3200,
  },
];

/** A small JPEG per shot, each of its own colour (so none is another's duplicate). */
async function writeShot(folder: string, shot: Shot, index: number): Promise<string> {
  const [width, height] = shot.portrait ? [40, 60] : [60, 40];
  const image = sharp({
    create: {
      width,
      height,
      channels: 3,
      background: { r: (index * 40) % 256, g: (index * 90) % 256, b: (index * 150) % 256 },
    },
  }).withExif({
    IFD0: {
      ...(shot.make ? { Make: shot.make } : {}),
      ...(shot.model ? { Model: shot.model } : {}),
    },
    IFD2: {
      DateTimeOriginal: shot.taken,
      ...(shot.lens ? { LensModel: shot.lens } : {}),
      ...(shot.iso ? { ISOSpeedRatings: String(shot.iso) } : {}),
      ...(shot.fNumber ? { FNumber: shot.fNumber } : {}),
      ...(shot.focal ? { FocalLength: shot.focal } : {}),
    },
    ...(shot.gps
      ? {
          IFD3: {
            GPSLatitudeRef: 'N',
            GPSLatitude: '48/1 51/1 30/1',
            GPSLongitudeRef: 'E',
            GPSLongitude: '2/1 17/1 40/1',
          },
        }
      : {}),
  });
  const file = path.join(folder, shot.name);
  await mkdir(folder, { recursive: true });
  await writeFile(file, await image.jpeg().toBuffer());
  return file;
}

let core: ShoeboxCore;
let base: string;
const byName = new Map<string, Photo>();

// One library for the whole file (makeTempDir's folders go after each test).
beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'shoebox-search-'));
  core = await openCore({ libraryRoot: path.join(base, 'library'), imagingThreads: 1 });
  const files = await Promise.all(
    SHOTS.map((shot, i) => writeShot(path.join(base, 'card'), shot, i)),
  );
  const summary = await core.importFiles(files.map((file) => ({ path: file })));
  expect(summary.imported).toHaveLength(SHOTS.length);
  for (const photo of summary.imported) byName.set(photo.originalName, photo);
  const id = (name: string) => byName.get(name)!.id;
  const set = (
    names: string[],
    changes: Parameters<ShoeboxCore['handlers']['updatePhotos']>[0]['changes'],
  ) => core.handlers.updatePhotos({ photoIds: names.map(id), changes });
  await set(['IMG_9.JPG', 'IMG_10.JPG'], { rating: 4, addKeywords: ['Places/France/Paris'] });
  await set(['DSC_0003.JPG'], {
    rating: 5,
    flag: 'pick',
    label: 'red',
    addKeywords: ['Places/Italy'],
  });
  await set(['Été_plage.jpg'], {
    rating: 2,
    flag: 'reject',
    title: 'Été à la plage',
    caption: 'Sand and sea',
  });
  await set(['tour.jpg'], { label: 'blue', title: 'Tour Eiffel at dawn', addKeywords: ['Family'] });
  await core.handlers.trashPhotos({ photoIds: [id('trash_me.jpg')] });
});

afterAll(async () => {
  await core.close();
  await rm(base, { recursive: true, force: true });
});

/** The names a search finds, in its order. */
async function names(
  query: string,
  options: { sort?: 'taken' | 'added' | 'name' | 'rating'; order?: 'asc' | 'desc' } = {},
) {
  const page = await core.handlers.search({ query, limit: 1000, ...options });
  expect(page.total).toBe(page.photos.length);
  return page.photos.map((photo) => photo.originalName);
}

/** The same names in alphabetical order, for searches whose order does not matter. */
async function found(query: string): Promise<string[]> {
  return (await names(query)).sort((a, b) => a.localeCompare(b, 'en'));
}

describe('search', () => {
  it('finds free text in names, titles, captions and keywords, any case and accents', async () => {
    expect(await found('ete')).toEqual(['Été_plage.jpg']);
    expect(await found('SAND')).toEqual(['Été_plage.jpg']);
    expect(await found('paris')).toEqual(['IMG_10.JPG', 'IMG_9.JPG']);
    expect(await found('tour*')).toEqual(['tour.jpg']);
    expect(await found('"tour eiffel"')).toEqual(['tour.jpg']);
    // File names also by any substring.
    expect(await found('0003')).toEqual(['DSC_0003.JPG']);
    expect(await found('img_1')).toEqual(['IMG_10.JPG']);
    // Never the trash.
    expect(await found('trash_me')).toEqual([]);
  });

  it('filters by every field', async () => {
    expect(await found('rating>=4')).toEqual(['DSC_0003.JPG', 'IMG_10.JPG', 'IMG_9.JPG']);
    expect(await found('rating:2')).toEqual(['Été_plage.jpg']);
    expect(await found('rating<1')).toEqual(['tour.jpg']);
    expect(await found('rating:4..5')).toEqual(['DSC_0003.JPG', 'IMG_10.JPG', 'IMG_9.JPG']);
    expect(await found('flag:pick')).toEqual(['DSC_0003.JPG']);
    expect(await found('flag:none')).toEqual(['IMG_10.JPG', 'IMG_9.JPG', 'tour.jpg']);
    expect(await found('flag:reject|pick')).toEqual(['DSC_0003.JPG', 'Été_plage.jpg']);
    expect(await found('label:red')).toEqual(['DSC_0003.JPG']);
    expect(await found('label:none')).toEqual(['Été_plage.jpg', 'IMG_10.JPG', 'IMG_9.JPG']);
    expect(await found('keyword:Places')).toEqual(['DSC_0003.JPG', 'IMG_10.JPG', 'IMG_9.JPG']);
    expect(await found('tag:places/france')).toEqual(['IMG_10.JPG', 'IMG_9.JPG']);
    // A keyword is not a prefix of another one: "Place" is not "Places".
    expect(await found('keyword:Place')).toEqual([]);
    expect(await found('camera:x-t4')).toEqual(['IMG_10.JPG', 'IMG_9.JPG']);
    expect(await found('camera:nikon')).toEqual(['DSC_0003.JPG']);
    expect(await found('lens:"24-70"')).toEqual(['DSC_0003.JPG']);
    expect(await found('iso>=3200')).toEqual(['IMG_9.JPG', 'tour.jpg']);
    expect(await found('f<=2.8')).toEqual(['Été_plage.jpg', 'IMG_10.JPG', 'IMG_9.JPG']);
    expect(await found('f:2.8')).toEqual(['IMG_9.JPG']);
    expect(await found('mm:20..60')).toEqual(['IMG_10.JPG', 'IMG_9.JPG']);
    expect(await found('type:jpeg')).toHaveLength(5);
    expect(await found('type:raw')).toEqual([]);
    expect(await found('has:gps')).toEqual(['IMG_9.JPG']);
    expect(await found('has:caption')).toEqual(['Été_plage.jpg']);
    expect(await found('has:keywords')).toEqual([
      'DSC_0003.JPG',
      'IMG_10.JPG',
      'IMG_9.JPG',
      'tour.jpg',
    ]);
    expect(await found('orient:portrait')).toEqual(['IMG_10.JPG']);
    expect(await found('title:eiffel')).toEqual(['tour.jpg']);
    expect(await found('caption:sea')).toEqual(['Été_plage.jpg']);
    expect(await found('name:plage')).toEqual(['Été_plage.jpg']);
  });

  it('filters by capture and import dates', async () => {
    expect(await found('2023')).toEqual(['DSC_0003.JPG', 'IMG_10.JPG', 'IMG_9.JPG']);
    expect(await found('2023-07')).toEqual(['IMG_10.JPG', 'IMG_9.JPG']);
    expect(await found('2023-07-14')).toEqual(['IMG_9.JPG']);
    expect(await found('2023-07..2023-09')).toEqual(['DSC_0003.JPG', 'IMG_10.JPG', 'IMG_9.JPG']);
    expect(await found('taken<2023')).toEqual(['Été_plage.jpg']);
    const today = new Date().toISOString().slice(0, 10);
    expect(await found(`added:${today}`)).toHaveLength(5);
    expect(await found('added<2020')).toEqual([]);
  });

  it('combines terms with AND, OR, parentheses and NOT', async () => {
    expect(await found('rating>=4 keyword:Places -flag:pick')).toEqual(['IMG_10.JPG', 'IMG_9.JPG']);
    expect(await found('(label:red OR label:blue) has:keywords')).toEqual([
      'DSC_0003.JPG',
      'tour.jpg',
    ]);
    expect(await found('NOT camera:fujifilm')).toEqual([
      'DSC_0003.JPG',
      'Été_plage.jpg',
      'tour.jpg',
    ]);
    // Photos without a lens are "not this lens".
    expect(await found('-lens:xf')).toEqual(['DSC_0003.JPG', 'Été_plage.jpg', 'tour.jpg']);
    expect(await found('2023 camera:x-t4 iso>=3200 has:gps rating:4 paris')).toEqual(['IMG_9.JPG']);
  });

  it('sorts by capture time, import time, file name (natural order) and stars, either way', async () => {
    expect(await names('', { sort: 'taken' })).toEqual([
      'Été_plage.jpg',
      'IMG_9.JPG',
      'IMG_10.JPG',
      'DSC_0003.JPG',
      'tour.jpg',
    ]);
    expect(await names('', { sort: 'name' })).toEqual([
      'DSC_0003.JPG',
      'Été_plage.jpg',
      'IMG_9.JPG',
      'IMG_10.JPG',
      'tour.jpg',
    ]);
    expect(await names('', { sort: 'rating', order: 'desc' })).toEqual([
      'DSC_0003.JPG',
      'IMG_10.JPG',
      'IMG_9.JPG',
      'Été_plage.jpg',
      'tour.jpg',
    ]);
    expect(await names('', { sort: 'added' })).toHaveLength(5);
  });

  it('pages with keyset cursors to the same photos as one page, in every sort', async () => {
    for (const sort of ['taken', 'added', 'name', 'rating'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const whole = await names('', { sort, order });
        const paged: string[] = [];
        let cursor: string | null = null;
        do {
          const page = await core.handlers.search({ query: '', sort, order, cursor, limit: 2 });
          paged.push(...page.photos.map((photo) => photo.originalName));
          cursor = page.nextCursor;
        } while (cursor !== null);
        expect(paged).toEqual(whole);
      }
    }
    await expect(
      core.handlers.search({ query: '', sort: 'name', cursor: 'not-a-cursor' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('gives a search its timeline, a page from a day and its facet counts', async () => {
    expect(await core.handlers.searchTimeline({ query: 'rating>=4', order: 'desc' })).toEqual([
      { day: '2023-09-02', count: 1 },
      { day: '2023-07-20', count: 1 },
      { day: '2023-07-14', count: 1 },
    ]);
    const fromDay = await core.handlers.search({ query: '', fromDay: '2023-07-16', order: 'desc' });
    expect(fromDay.photos.map((photo) => photo.originalName)).toEqual([
      'IMG_9.JPG',
      'Été_plage.jpg',
    ]);

    const facets = await core.handlers.searchFacets({ query: 'camera:x-t4 OR camera:nikon' });
    expect(facets.rating).toEqual([
      { value: 4, count: 2 },
      { value: 5, count: 1 },
    ]);
    expect(facets.flag).toEqual(
      expect.arrayContaining([
        { value: 'none', count: 2 },
        { value: 'pick', count: 1 },
      ]),
    );
    expect(facets.camera).toEqual([
      { value: 'X-T4', count: 2 },
      { value: 'NIKON D750', count: 1 },
    ]);
    expect(facets.keyword).toEqual([
      { value: 'Places/France/Paris', count: 2 },
      { value: 'Places/Italy', count: 1 },
    ]);
    expect(facets.year).toEqual([{ value: '2023', count: 3 }]);
  });

  it('never lets typed text become SQL or FTS syntax', async () => {
    // A quote never closed is an error that says so; nothing else typed is anything but text.
    await expect(core.handlers.search({ query: '" OR 1=1 --' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    // Each is text (or a field's text) and finds what it says literally.
    const hostile: Array<[string, number]> = [
      ["'; DROP TABLE photos; --", 0],
      ['"x" OR 1=1 --', 0],
      ['NEAR(a b)', 0],
      ['%', 0],
      // A literal underscore, not LIKE's any-character: the four names with one.
      ['_', 4],
      ['\\', 0],
      ["name:'", 0],
      ["caption:\"x' OR '1'='1\"", 0],
      ['title:*', 0],
      ['x'.repeat(1999), 0],
    ];
    for (const [query, count] of hostile) {
      expect([query, (await core.handlers.search({ query })).total]).toEqual([query, count]);
    }
    expect(await found('')).toHaveLength(5);
  });

  it('says where a query is wrong', async () => {
    const failure = core.handlers.search({ query: 'rating>=4 colour:red' });
    await expect(failure).rejects.toBeInstanceOf(ShoeboxError);
    await expect(failure).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('at character 11, “colour” is not a field'),
    });
  });
});

describe('smart albums', () => {
  it('lists what their search finds now, as ratings change', async () => {
    const album = await core.handlers.createAlbum({ name: 'Best', query: 'rating>=4' });
    expect(album).toMatchObject({ query: 'rating>=4', photoCount: 3 });
    const listed = async () =>
      (await core.handlers.listPhotos({ albumId: album.id, order: 'asc', limit: 100 })).photos.map(
        (photo) => photo.originalName,
      );
    expect(await listed()).toEqual(['IMG_9.JPG', 'IMG_10.JPG', 'DSC_0003.JPG']);

    await core.handlers.updatePhotos({
      photoIds: [byName.get('tour.jpg')!.id],
      changes: { rating: 5 },
    });
    await core.handlers.updatePhotos({
      photoIds: [byName.get('IMG_9.JPG')!.id],
      changes: { rating: 1 },
    });
    expect(await listed()).toEqual(['IMG_10.JPG', 'DSC_0003.JPG', 'tour.jpg']);
    const albums = await core.handlers.listAlbums({});
    expect(albums.find((candidate) => candidate.id === album.id)).toMatchObject({
      photoCount: 3,
      coverPhotoId: byName.get('tour.jpg')!.id,
    });
    // An album: term can name a smart album, and a smart album can name itself without looping.
    expect(await found('album:best label:blue')).toEqual(['tour.jpg']);
    await core.handlers.setAlbumQuery({ albumId: album.id, query: 'album:Best OR flag:reject' });
    expect(await listed()).toEqual(['Été_plage.jpg']);
    await core.handlers.setAlbumQuery({ albumId: album.id, query: 'rating>=4' });

    // Its photos are those its search finds: they are not added or removed by hand.
    await expect(
      core.handlers.addPhotosToAlbum({
        albumId: album.id,
        photoIds: [byName.get('IMG_9.JPG')!.id],
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      core.handlers.createAlbum({ name: 'Broken', query: 'rating>' }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(await core.handlers.findAlbum({ name: 'Broken' })).toBeNull();

    // Exported, it is the photos it finds now.
    const out = path.join(await makeTempDir(), 'gallery');
    await core.exportAlbum({ albumId: album.id, destination: { kind: 'folder', path: out } });
    const manifest = JSON.parse(await readFile(path.join(out, 'album.json'), 'utf8')) as {
      photos: { rating: number; keywords: string[] }[];
    };
    expect(manifest.photos.map((photo) => photo.rating)).toEqual([4, 5, 5]);

    const manual = await core.handlers.createAlbum({ name: 'Picked by hand' });
    expect(manual.query).toBeNull();
    await expect(
      core.handlers.setAlbumQuery({ albumId: manual.id, query: 'rating:5' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
