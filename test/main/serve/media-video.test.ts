import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Photo } from '../../../common/contract';
import { openCore, type ShoeboxCore } from '../../../main/core/shoebox-core';
import { readVideoMetadata } from '../../../main/core/video/video-metadata';
import { startServer, type RunningServer } from '../../../main/serve/http-server';
import { runLibrarySql } from '../../helpers/photo-records';
import { writeSamplePhoto } from '../../helpers/sample-photos';
import { nefLike, nefParts } from '../core/raw/raw-containers';
import { appleHevcMov, avchdMts, phoneMp4 } from '../core/video/test-videos';

// Any 43 characters: the server only compares it.
const TOKEN = 'v'.repeat(43);
// Web copies and RAW renditions are made on the request; a busy 2-core machine needs room.
const SLOW = 120_000;

let base: string;
let core: ShoeboxCore;
let server: RunningServer;
const photos = new Map<string, Photo>();
let mp4Bytes: Buffer;

beforeAll(async () => {
  // One library for the file (made once: it holds real videos): removed in afterAll.
  base = await mkdtemp(path.join(tmpdir(), 'shoebox-serve-video-'));
  const card = path.join(base, 'card');
  const live = path.join(card, 'live');
  const pair = path.join(card, 'pair');
  await mkdir(live, { recursive: true });
  await mkdir(pair, { recursive: true });
  mp4Bytes = await readFile(await phoneMp4(card));
  await avchdMts(card);
  // A Live Photo: a still and an iPhone's HEVC movie of the same stem.
  await writeSamplePhoto(path.join(live, 'IMG_0001.JPG'), { seed: 2 });
  await appleHevcMov(live);
  // A RAW alone (IFD0 Orientation 6), and a RAW with the camera's JPEG.
  const nef = nefLike(await nefParts());
  await writeFile(path.join(card, 'DSC_0001.NEF'), nef);
  // A byte more: another shot's content (the same bytes would be a duplicate).
  await writeFile(path.join(pair, 'DSC_0002.NEF'), Buffer.concat([nef, Buffer.from([0])]));
  await writeSamplePhoto(path.join(pair, 'DSC_0002.JPG'), {
    seed: 4,
    takenAt: '2024:05:01 10:00:00',
    make: 'NIKON CORPORATION',
    model: 'NIKON D850',
  });
  core = await openCore({ libraryRoot: path.join(base, 'library'), imagingThreads: 1 });
  const summary = await core.importFiles([{ path: card }]);
  expect(summary.failed).toEqual([]);
  for (const photo of summary.imported) photos.set(photo.originalName, photo);
  server = await startServer({ core, token: TOKEN, maxUploadBytes: 1024, staticDir: null });
}, SLOW);

afterAll(async () => {
  await server?.close();
  await core?.close();
  await rm(base, { recursive: true, force: true });
});

const idOf = (name: string): number => {
  const photo = photos.get(name);
  if (!photo) throw new Error(`${name} was not imported: ${[...photos.keys()].join(', ')}`);
  return photo.id;
};

const get = (route: string, headers: Record<string, string> = {}) =>
  fetch(`${server.origin}${route}`, {
    headers: { Authorization: `Bearer ${TOKEN}`, ...headers },
  });

const body = async (answer: Response) => Buffer.from(await answer.arrayBuffer());

describe('GET /media/<id>/video', () => {
  it('answers a video Chromium plays as it is: its original bytes, ranges welcome', async () => {
    const answer = await get(`/media/${idOf('VID_phone.mp4')}/video`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('video/mp4');
    expect(answer.headers.get('accept-ranges')).toBe('bytes');
    expect((await body(answer)).equals(mp4Bytes)).toBe(true);
  });

  it('answers byte ranges as 206 with their Content-Range', async () => {
    const id = idOf('VID_phone.mp4');
    const size = mp4Bytes.length;
    const first = await get(`/media/${id}/video`, { Range: 'bytes=0-99' });
    expect(first.status).toBe(206);
    expect(first.headers.get('content-range')).toBe(`bytes 0-99/${size}`);
    expect(first.headers.get('content-length')).toBe('100');
    expect((await body(first)).equals(mp4Bytes.subarray(0, 100))).toBe(true);

    const middle = await get(`/media/${id}/video`, { Range: 'bytes=1000-' });
    expect(middle.status).toBe(206);
    expect(middle.headers.get('content-range')).toBe(`bytes 1000-${size - 1}/${size}`);
    expect((await body(middle)).equals(mp4Bytes.subarray(1000))).toBe(true);

    // A last byte past the end is the end.
    const past = await get(`/media/${id}/video`, { Range: `bytes=${size - 10}-${size + 500}` });
    expect(past.status).toBe(206);
    expect((await body(past)).equals(mp4Bytes.subarray(size - 10))).toBe(true);
  });

  it('answers a suffix range with the last bytes', async () => {
    const id = idOf('VID_phone.mp4');
    const size = mp4Bytes.length;
    const tail = await get(`/media/${id}/video`, { Range: 'bytes=-50' });
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe(`bytes ${size - 50}-${size - 1}/${size}`);
    expect((await body(tail)).equals(mp4Bytes.subarray(size - 50))).toBe(true);
    // A suffix longer than the file is all of it.
    const all = await get(`/media/${id}/video`, { Range: `bytes=-${size * 2}` });
    expect(all.status).toBe(206);
    expect((await body(all)).equals(mp4Bytes)).toBe(true);
  });

  it('answers 416 for a range outside the file, and ignores one it cannot read', async () => {
    const id = idOf('VID_phone.mp4');
    const size = mp4Bytes.length;
    for (const range of [`bytes=${size}-`, `bytes=${size + 10}-${size + 20}`, 'bytes=-0']) {
      const answer = await get(`/media/${id}/video`, { Range: range });
      expect(answer.status, range).toBe(416);
      expect(answer.headers.get('content-range'), range).toBe(`bytes */${size}`);
      expect((await body(answer)).length, range).toBe(0);
    }
    // Not one byte range (several, another unit, backwards, garbage): the whole file, 200.
    for (const range of ['bytes=0-9,20-29', 'items=0-9', 'bytes=50-10', 'bytes=x-y']) {
      const answer = await get(`/media/${id}/video`, { Range: range });
      expect(answer.status, range).toBe(200);
      expect((await body(answer)).equals(mp4Bytes), range).toBe(true);
    }
  });

  it('answers the whole file when If-Range names another version', async () => {
    const id = idOf('VID_phone.mp4');
    const etag = (await get(`/media/${id}/video`, { Range: 'bytes=0-0' })).headers.get('etag')!;
    const same = await get(`/media/${id}/video`, { Range: 'bytes=0-9', 'If-Range': etag });
    expect(same.status).toBe(206);
    const other = await get(`/media/${id}/video`, { Range: 'bytes=0-9', 'If-Range': '"old"' });
    expect(other.status).toBe(200);
    expect((await body(other)).length).toBe(mp4Bytes.length);
  });

  it(
    'answers a web copy of a video Chromium cannot play (AVCHD), the same one each time',
    async () => {
      const id = idOf('00000.MTS');
      const answers = await Promise.all([get(`/media/${id}/video`), get(`/media/${id}/video`)]);
      const copies: Buffer[] = [];
      for (const answer of answers) {
        expect(answer.status).toBe(200);
        expect(answer.headers.get('content-type')).toBe('video/mp4');
        copies.push(await body(answer));
      }
      expect(copies[1]!.equals(copies[0]!)).toBe(true);
      const file = path.join(base, 'copy.mp4');
      await writeFile(file, copies[0]!);
      const copy = await readVideoMetadata(file);
      expect(copy).toMatchObject({ videoCodec: 'AVC', browserPlayable: true, width: 320 });
      expect(copy.durationSeconds).toBeGreaterThan(1.5);
      // Its ranges are served like any file's.
      const part = await get(`/media/${id}/video`, { Range: 'bytes=4-7' });
      expect(part.status).toBe(206);
      // The MP4's first box is ftyp: bytes 4-7 name it.
      expect((await body(part)).toString('latin1')).toBe('ftyp');
    },
    SLOW,
  );

  it('is not found for a photo, which has no video', async () => {
    expect((await get(`/media/${idOf('DSC_0001.NEF')}/video`)).status).toBe(404);
  });

  it('never serves a file outside the library, whatever its row says', async () => {
    const id = idOf('VID_phone.mp4');
    const outside = path.join(base, 'outside.mp4');
    await writeFile(outside, mp4Bytes);
    const stored = (await core.photoRecords([id]))[0]!.path;
    const relative = path.relative(core.layout.root, stored).split(path.sep).join('/');
    try {
      for (const escape of ['../outside.mp4', outside]) {
        runLibrarySql(
          core.layout.root,
          'UPDATE photos SET stored_path = ? WHERE id = ?',
          escape,
          id,
        );
        const answer = await get(`/media/${id}/video`, { Range: 'bytes=0-9' });
        expect(answer.status, escape).toBe(404);
        expect((await body(answer)).includes(mp4Bytes.subarray(0, 10)), escape).toBe(false);
      }
    } finally {
      runLibrarySql(
        core.layout.root,
        'UPDATE photos SET stored_path = ? WHERE id = ?',
        relative,
        id,
      );
    }
    expect((await get(`/media/${id}/video`)).status).toBe(200);
  });

  it('refuses media URLs that are not exactly an id and a size', async () => {
    const id = idOf('VID_phone.mp4');
    for (const route of [`/media/${id}/video/..`, `/media/${id}/%76ideo`, `/media/0${id}/video`]) {
      expect((await get(route)).status, route).toBe(400);
    }
  });
});

describe('GET /media/<id>/motion', () => {
  it(
    "answers a Live Photo's movie, as an H.264 copy when the iPhone recorded HEVC",
    async () => {
      const live = photos.get('IMG_0001.JPG')!;
      expect(live.files.map((file) => file.role)).toEqual(['original', 'motion']);
      const answer = await get(`/media/${live.id}/motion`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('video/mp4');
      const file = path.join(base, 'motion.mp4');
      await writeFile(file, await body(answer));
      expect(await readVideoMetadata(file)).toMatchObject({
        videoCodec: 'AVC',
        browserPlayable: true,
      });
    },
    SLOW,
  );

  it('is not found for a photo without a movie, or for a video', async () => {
    expect((await get(`/media/${idOf('DSC_0001.NEF')}/motion`)).status).toBe(404);
    expect((await get(`/media/${idOf('VID_phone.mp4')}/motion`)).status).toBe(404);
  });
});

describe('GET /media/<id>/original of a RAW', () => {
  it("answers the camera's JPEG of a RAW+JPEG pair, byte for byte", async () => {
    const photo = photos.get('DSC_0002.NEF')!;
    const pairFile = photo.files.find((file) => file.role === 'pair')!;
    const answer = await get(`/media/${photo.id}/original`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('image/jpeg');
    expect((await body(answer)).equals(await readFile(pairFile.path))).toBe(true);
  });

  it(
    "answers a full-size JPEG of a RAW alone, from its preview, upright by the RAW's orientation",
    async () => {
      const answer = await get(`/media/${idOf('DSC_0001.NEF')}/original`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('image/jpeg');
      const jpeg = await body(answer);
      // The 1200×800 preview, turned by IFD0's Orientation 6: portrait, and in its pixels
      // (no orientation left for a browser to apply twice).
      const metadata = await sharp(jpeg).metadata();
      expect(metadata).toMatchObject({ format: 'jpeg', width: 800, height: 1200 });
      expect(metadata.orientation ?? 1).toBe(1);
      const { channels } = await sharp(jpeg).stats();
      // The full-size preview's red, not the makernote preview's or the thumbnail's colour.
      expect(channels[0]!.mean).toBeGreaterThan(180);
      expect(channels[1]!.mean).toBeLessThan(70);
    },
    SLOW,
  );
});

describe('GET /media/<id>/<size> while the sizes are being made', () => {
  it('answers the best size made so far, never to be kept, then the real one, kept', async () => {
    const id = idOf('DSC_0001.NEF');
    const sql = (text: string) => runLibrarySql(core.layout.root, text, id);
    // The second phase is under way: the large is not made yet.
    sql(
      "CREATE TABLE saved_large AS SELECT * FROM derivatives WHERE photo_id = ? AND size = 'large'",
    );
    sql("DELETE FROM derivatives WHERE photo_id = ? AND size = 'large'");
    sql("UPDATE photos SET derivatives_pending = 'test' WHERE id = ?");
    try {
      const pending = await get(`/media/${id}/large`);
      expect(pending.status).toBe(200);
      expect(pending.headers.get('cache-control')).toBe('no-store');
      // The medium stands in.
      expect(Number(pending.headers.get('content-length'))).toBe(
        photos.get('DSC_0001.NEF')!.derivatives.medium.bytes,
      );
    } finally {
      sql('UPDATE photos SET derivatives_pending = NULL WHERE id = ?');
      runLibrarySql(core.layout.root, 'INSERT INTO derivatives SELECT * FROM saved_large');
      runLibrarySql(core.layout.root, 'DROP TABLE saved_large');
    }
    const settled = await get(`/media/${id}/large`);
    expect(settled.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(Number(settled.headers.get('content-length'))).toBe(
      photos.get('DSC_0001.NEF')!.derivatives.large.bytes,
    );
  });
});
