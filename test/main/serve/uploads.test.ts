import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ImportProgress } from '../../../common/contract';
import { openCore, type ShoeboxCore } from '../../../main/core/shoebox-core';
import { startServer, type RunningServer } from '../../../main/serve/http-server';
import { connectServeClient, type ServeClient, type ServeEvent } from '../../helpers/serve-client';

let root: string;
let core: ShoeboxCore;
let server: RunningServer;
let client: ServeClient;
const received: ServeEvent[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'shoebox-serve-uploads-'));
  core = await openCore({ libraryRoot: root, imagingThreads: 1 });
  server = await startServer({ core });
  client = await connectServeClient(server.origin, server.token);
  client.events((event) => received.push(event));
});

afterAll(async () => {
  client?.close();
  await server?.close();
  await core?.close();
  await rm(root, { recursive: true, force: true });
});

function jpeg(width: number, height: number, r: number, g: number, b: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r, g, b } } })
    .jpeg()
    .toBuffer();
}

function stagedUploads(): Promise<string[]> {
  return readdir(path.join(core.layout.staging, 'uploads')).catch(() => []);
}

function finished(importId: string): Promise<ImportProgress> {
  return vi.waitFor(
    () => {
      const end = received.find(
        (event) =>
          event.event === 'importProgress' &&
          event.payload.type === 'finished' &&
          event.payload.importId === importId,
      );
      if (!end) throw new Error('not finished yet');
      return end.payload as ImportProgress;
    },
    { timeout: 60_000, interval: 20 },
  );
}

/** A body sent chunked (no Content-Length), as a browser may stream a big file. */
function streamed(bytes: Buffer, chunkSize = 4096): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) controller.close();
      else controller.enqueue(bytes.subarray(offset, (offset += chunkSize)));
    },
  });
}

describe('uploads', () => {
  it('imports an uploaded file under its own name and serves its thumbnail as WebP', async () => {
    const name = 'Été à Paris #1 (copy).jpg';
    const upload = await client.upload(name, await jpeg(120, 90, 200, 120, 40));
    expect(upload.status).toBe(200);
    if (!upload.result.ok) throw new Error(upload.result.error.message);
    const { uploadId } = upload.result.value;
    expect(await stagedUploads()).toHaveLength(1);

    const { importId } = await client.api.startImport({
      importId: randomUUID(),
      source: { kind: 'uploads', uploadIds: [uploadId] },
    });
    const end = await finished(importId);
    expect(end).toMatchObject({ totals: { imported: 1, failed: 0 }, error: null });
    // The core drops staged uploads once their import is over.
    await vi.waitFor(async () => expect(await stagedUploads()).toEqual([]));

    const { photos } = await client.api.listPhotos({});
    expect(photos.map((photo) => photo.originalName)).toEqual([name]);
    const photo = photos[0]!;

    const thumb = await client.fetch(`/media/${photo.id}/thumb`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    expect(thumb.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    const bytes = Buffer.from(await thumb.arrayBuffer());
    expect(thumb.headers.get('content-length')).toBe(String(bytes.length));
    const { derivatives } = await client.api.getPhoto({ photoId: photo.id });
    expect(bytes.length).toBe(derivatives.thumb.bytes);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(bytes.subarray(8, 12).toString('latin1')).toBe('WEBP');
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'webp', width: 120 });

    const etag = thumb.headers.get('etag')!;
    const again = await client.fetch(`/media/${photo.id}/thumb`, {
      headers: { 'If-None-Match': etag },
    });
    expect(again.status).toBe(304);
  });

  it('takes several uploads in parallel, streamed or not', async () => {
    const files = await Promise.all([
      jpeg(64, 64, 10, 20, 30),
      jpeg(64, 64, 40, 50, 60),
      jpeg(64, 64, 70, 80, 90),
    ]);
    const uploads = await Promise.all(
      files.map((bytes, index) =>
        client.upload(`parallel-${index}.jpg`, index === 0 ? bytes : streamed(bytes)),
      ),
    );
    const uploadIds = uploads.map((upload) => {
      if (!upload.result.ok) throw new Error(upload.result.error.message);
      return upload.result.value.uploadId;
    });
    expect(new Set(uploadIds).size).toBe(3);
    const { importId } = await client.api.startImport({
      importId: randomUUID(),
      source: { kind: 'uploads', uploadIds },
    });
    expect(await finished(importId)).toMatchObject({ totals: { imported: 3, failed: 0 } });
    const names = (await client.api.listPhotos({})).photos.map((photo) => photo.originalName);
    expect(names).toEqual(
      expect.arrayContaining(['parallel-0.jpg', 'parallel-1.jpg', 'parallel-2.jpg']),
    );
  });

  it("dates a photo without EXIF by the file's lastModified, as the CLI dates it by mtime", async () => {
    const lastModified = Date.UTC(2015, 5, 15, 12, 30, 45);
    const sent = [
      { name: 'undated-2015.jpg', lastModified },
      // Unusable times are ignored: those photos are dated like a file written now.
      { name: 'undated-bad-time.jpg', lastModified: 'yesterday' },
      { name: 'undated-past-9999.jpg', lastModified: 253402300800000 },
    ];
    const before = Date.now();
    const uploadIds = await Promise.all(
      sent.map(async ({ name, lastModified: time }, index) => {
        const upload = await client.upload(name, await jpeg(48, 32, 90, index * 80, 10), {
          lastModified: time,
        });
        if (!upload.result.ok) throw new Error(upload.result.error.message);
        return upload.result.value.uploadId;
      }),
    );
    const { importId } = await client.api.startImport({
      importId: randomUUID(),
      source: { kind: 'uploads', uploadIds },
    });
    expect(await finished(importId)).toMatchObject({ totals: { imported: 3, failed: 0 } });

    const { photos } = await client.api.listPhotos({});
    const byName = new Map(photos.map((photo) => [photo.originalName, photo]));
    const dated = byName.get('undated-2015.jpg')!;
    expect(new Date(dated.takenAt).getTime()).toBe(lastModified);
    expect((await client.api.getPhoto({ photoId: dated.id })).path).toContain(
      `${path.sep}originals${path.sep}2015${path.sep}06${path.sep}`,
    );
    for (const name of ['undated-bad-time.jpg', 'undated-past-9999.jpg']) {
      expect(new Date(byName.get(name)!.takenAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    }
  });

  it('ends event streams and drops half-sent uploads when the server closes', async () => {
    const other = await startServer({ core });
    const headers = { Authorization: `Bearer ${other.token}` };
    const events = await fetch(`${other.origin}/api/events`, { headers });
    const reader = events.body!.getReader();
    await reader.read();

    // One chunk, then nothing: the upload stays in flight until the server gives up on it.
    let sent = false;
    const upload = fetch(`${other.origin}/api/uploads`, {
      method: 'POST',
      headers: { ...headers, 'X-File-Name': 'half.jpg' },
      body: new ReadableStream({
        pull(controller) {
          if (!sent) controller.enqueue(Buffer.alloc(1024));
          sent = true;
          return new Promise(() => {});
        },
      }),
      duplex: 'half',
    } as RequestInit).catch((error: unknown) => error);
    await vi.waitFor(async () => expect(await stagedUploads()).toHaveLength(1));

    await other.close();
    let ended = false;
    while (!ended) ended = (await reader.read()).done;
    expect(await upload).toBeInstanceOf(Error);
    expect(await stagedUploads()).toEqual([]);
  });
});
