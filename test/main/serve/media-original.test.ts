import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type ShoeboxCore } from '../../../main/core/shoebox-core';
import { startServer, type RunningServer } from '../../../main/serve/http-server';
import { filledSamples, texturedJpeg, uncompressedTiff } from '../../helpers/make-images';

// Any 43 characters: the server only compares it.
const TOKEN = 'b'.repeat(43);

let root: string;
let core: ShoeboxCore;
let server: RunningServer;
let jpeg: Buffer;
let jpegId: number;
let tiffId: number;

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
  core = await openCore({ libraryRoot: path.join(root, 'library'), imagingThreads: 1 });
  const { imported } = await core.importFiles([
    { path: path.join(root, 'IMG_0001.JPG') },
    { path: path.join(root, 'SCAN_0001.TIF') },
  ]);
  const byName = new Map(imported.map((photo) => [photo.originalName, photo.id]));
  jpegId = byName.get('IMG_0001.JPG')!;
  tiffId = byName.get('SCAN_0001.TIF')!;
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

  it('is not found for a format browsers cannot show, nor for an unknown photo', async () => {
    expect((await get(`/media/${tiffId}/original`)).status).toBe(404);
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
