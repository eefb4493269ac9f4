import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type ShoeboxCore } from '../../../main/core/shoebox-core';
import { startServer, type RunningServer } from '../../../main/serve/http-server';
import { readHeicFixture } from '../../helpers/heic-fixtures';
import { filledSamples, texturedJpeg, uncompressedTiff } from '../../helpers/make-images';

// Any 43 characters: the server only compares it.
const TOKEN = 'b'.repeat(43);

let root: string;
let core: ShoeboxCore;
let server: RunningServer;
let jpeg: Buffer;
let jpegId: number;
let tiffId: number;
let heicId: number;
let turnedId: number;
let turnedJpeg: Buffer;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'shoebox-serve-original-'));
  jpeg = await texturedJpeg(640, 480);
  await writeFile(path.join(root, 'IMG_0001.JPG'), jpeg);
  const tiff = uncompressedTiff(filledSamples(Uint8Array, 64, 48, [200, 120, 40]), {
    width: 64,
    height: 48,
    channels: 3,
  });
  await writeFile(path.join(root, 'SCAN_0001.TIF'), tiff);
  await writeFile(path.join(root, 'IMG_0002.HEIC'), await readHeicFixture('rotated'));
  turnedJpeg = await texturedJpeg(320, 240);
  await writeFile(path.join(root, 'IMG_0003.JPG'), turnedJpeg);
  core = await openCore({ libraryRoot: path.join(root, 'library'), imagingThreads: 1 });
  const { imported } = await core.importFiles([
    { path: path.join(root, 'IMG_0001.JPG') },
    { path: path.join(root, 'SCAN_0001.TIF') },
    { path: path.join(root, 'IMG_0002.HEIC') },
    { path: path.join(root, 'IMG_0003.JPG') },
  ]);
  const byName = new Map(imported.map((photo) => [photo.originalName, photo.id]));
  jpegId = byName.get('IMG_0001.JPG')!;
  tiffId = byName.get('SCAN_0001.TIF')!;
  heicId = byName.get('IMG_0002.HEIC')!;
  turnedId = byName.get('IMG_0003.JPG')!;
  await core.handlers.rotatePhotos({ photoIds: [turnedId], direction: 'right' });
  server = await startServer({ core, token: TOKEN, maxUploadBytes: 1024, staticDir: null });
});

afterAll(async () => {
  await server?.close();
  await core?.close();
  await rm(root, { recursive: true, force: true });
});

const get = (
  route: string,
  headers: Record<string, string> = { Authorization: `Bearer ${TOKEN}` },
) => fetch(`${server.origin}${route}`, { headers });

describe('GET /media/<id>/original', () => {
  it("answers a JPEG's original bytes, as image/jpeg", async () => {
    const answer = await get(`/media/${jpegId}/original`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await answer.arrayBuffer()).equals(jpeg)).toBe(true);
    expect(jpeg.equals(await readFile(path.join(root, 'IMG_0001.JPG')))).toBe(true);
  });

  it("answers a TIFF's full-size rendition, as image/jpeg", async () => {
    const answer = await get(`/media/${tiffId}/original`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('image/jpeg');
    const metadata = await sharp(Buffer.from(await answer.arrayBuffer())).metadata();
    expect(metadata).toMatchObject({ format: 'jpeg', width: 64, height: 48 });
  });

  it("answers a HEIC's full-size rendition, upright, once for concurrent requests", async () => {
    const answers = await Promise.all([1, 2, 3].map(() => get(`/media/${heicId}/original?r=90`)));
    const bodies: Buffer[] = [];
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('image/jpeg');
      bodies.push(Buffer.from(await answer.arrayBuffer()));
    }
    // Stored 96x64 sideways, shown 64x96 by its irot box: its full size, not a derivative's.
    expect(await sharp(bodies[0]).metadata()).toMatchObject({
      format: 'jpeg',
      width: 64,
      height: 96,
    });
    expect(bodies[1]!.equals(bodies[0]!) && bodies[2]!.equals(bodies[0]!)).toBe(true);
    // One JPEG each for the TIFF and the HEIC, and no temp file left.
    const [folder, ...others] = await renditionFolders();
    expect(others).toEqual([]);
    expect(await readdir(folder!)).toHaveLength(2);
  });

  it("answers a turned JPEG's original bytes, which the viewer turns", async () => {
    const answer = await get(`/media/${turnedId}/original?r=90`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await answer.arrayBuffer()).equals(turnedJpeg)).toBe(true);
  });

  it('is not found for an unknown photo', async () => {
    expect((await get('/media/424242/original')).status).toBe(404);
  });

  it('ignores the version query the renderer adds for a turned photo', async () => {
    const plain = await get(`/media/${jpegId}/thumb`);
    const turned = await get(`/media/${jpegId}/thumb?r=90`);
    expect(turned.status).toBe(200);
    expect(turned.headers.get('content-type')).toBe('image/webp');
    expect(Buffer.from(await turned.arrayBuffer())).toEqual(Buffer.from(await plain.arrayBuffer()));
  });

  it('needs the token like every other media URL', async () => {
    expect((await get(`/media/${jpegId}/original`, {})).status).toBe(401);
  });
});

/** The rendition folders holding this file's photos (other files' cores have their own). */
async function renditionFolders(): Promise<string[]> {
  const records = await core.photoRecords([tiffId, heicId]);
  const ownFiles = records.map((record) => `${record.hash}.jpg`);
  const names = await readdir(tmpdir());
  const ours: string[] = [];
  for (const name of names.filter((entry) => entry.startsWith('shoebox-renditions-'))) {
    const folder = path.join(tmpdir(), name);
    const files = await readdir(folder).catch(() => [] as string[]);
    if (files.some((file) => ownFiles.includes(file))) ours.push(folder);
  }
  return ours;
}

describe('closing the core', () => {
  it('removes the folder of renditions', async () => {
    const folders = await renditionFolders();
    expect(folders).toHaveLength(1);
    await core.close();
    await expect(readdir(folders[0]!)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
