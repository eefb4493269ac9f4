import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { desktopMediaUrl } from '../../../common/bridge';
import { openCore, type ShoeboxCore } from '../../../main/core/shoebox-core';
import {
  mediaResponse,
  parseMediaUrl,
  setupMediaProtocol,
} from '../../../main/electron/media-protocol';
import { readHeicFixture } from '../../helpers/heic-fixtures';
import { fakePhotoRecord, insertPhotoRecords, runLibrarySql } from '../../helpers/photo-records';
import { protocol, resetElectronFake } from '../../mocks/electron';

// Not a real WebP: the protocol streams bytes, it does not decode them.
const WEBP_BYTES = Buffer.from('RIFF\x1a\x00\x00\x00WEBPVP8 fake thumbnail bytes', 'latin1');

describe('parseMediaUrl', () => {
  it('reads the id and size of the URLs desktopMediaUrl writes', () => {
    expect(parseMediaUrl(desktopMediaUrl(42, 'large'))).toEqual({ photoId: 42, size: 'large' });
  });

  it('reads through the version query the renderer adds for a turned photo', () => {
    expect(parseMediaUrl(`${desktopMediaUrl(42, 'thumb')}?r=90`)).toEqual({
      photoId: 42,
      size: 'thumb',
    });
  });

  it('refuses a bare numeric host, which Chromium would rewrite as an IPv4 address', () => {
    expect(parseMediaUrl('shoebox-media://42/thumb')).toBeNull();
    expect(parseMediaUrl('shoebox-media://0.0.0.42/thumb')).toBeNull();
  });
});

describe('shoebox-media://', () => {
  let core: ShoeboxCore;
  let photoId: number;
  let outside: string;
  let base: string;
  let thumbPath: string;

  // One library for the whole file (opening one per test costs more than the tests); tests that
  // edit the thumb's row put it back afterwards.
  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'shoebox-media-'));
    const root = path.join(base, 'library');
    core = await openCore({ libraryRoot: root, imagingThreads: 1 });
    // A photo as an import records it, with its derivative files written by hand.
    const record = fakePhotoRecord(1);
    [photoId] = insertPhotoRecords(root, [record]) as [number];
    for (const derivative of record.derivatives) {
      const file = path.join(root, ...derivative.storedPath.split('/'));
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, WEBP_BYTES);
    }
    thumbPath = record.derivatives[0]!.storedPath;
    outside = path.join(base, 'outside.webp');
    await writeFile(outside, 'a file that is not the library’s');
  });
  afterAll(async () => {
    await core.close();
    await rm(base, { recursive: true, force: true });
  });
  beforeEach(() => resetElectronFake());
  afterEach(() => pointThumbAt(thumbPath));

  const get = (url: string, method = 'GET') => mediaResponse(core, { url, method });

  function pointThumbAt(storedPath: string): void {
    runLibrarySql(
      core.layout.root,
      "UPDATE derivatives SET stored_path = ? WHERE photo_id = ? AND size = 'thumb'",
      storedPath,
      photoId,
    );
  }

  it('streams a derivative as cacheable WebP', async () => {
    const response = await get(desktopMediaUrl(photoId, 'thumb'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect(response.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(response.headers.get('content-length')).toBe(String(WEBP_BYTES.length));
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(WEBP_BYTES);
  });

  it('never lets the renderer keep the sizes of a photo whose sizes are still being made', async () => {
    runLibrarySql(
      core.layout.root,
      "UPDATE photos SET derivatives_pending = 'test' WHERE id = ?",
      photoId,
    );
    try {
      const response = await get(desktopMediaUrl(photoId, 'thumb'));
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
    } finally {
      runLibrarySql(
        core.layout.root,
        'UPDATE photos SET derivatives_pending = NULL WHERE id = ?',
        photoId,
      );
    }
    const settled = await get(desktopMediaUrl(photoId, 'thumb'));
    expect(settled.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
  });

  it('streams the same derivative under the version query of a turned photo', async () => {
    const response = await get(`${desktopMediaUrl(photoId, 'thumb')}?r=270`);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(WEBP_BYTES);
  });

  it('answers HEAD with headers only', async () => {
    const response = await get(desktopMediaUrl(photoId, 'large'), 'HEAD');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(WEBP_BYTES.length));
    expect(response.body).toBeNull();
  });

  it.each([
    'shoebox-media://photo/1/../thumb',
    'shoebox-media://photo/1/thumb/..',
    'shoebox-media://photo/1/%2e%2e/thumb',
    'shoebox-media://photo/1/%2E%2E%2Fthumb',
    'shoebox-media://photo/1/..%2f..%2flibrary.db',
    'shoebox-media:///etc/passwd',
    'shoebox-media://photo/1//etc/passwd',
    'shoebox-media://photo/1/C:\\Windows\\win.ini',
    'shoebox-media://photo/abc/thumb',
    'shoebox-media://photo/-1/thumb',
    'shoebox-media://photo/0/thumb',
    'shoebox-media://photo/01/thumb',
    'shoebox-media://photo/1e3/thumb',
    'shoebox-media://photo/1.5/thumb',
    'shoebox-media://0.0.0.1/thumb',
    'shoebox-media://other/1/thumb',
    'shoebox-media://photo/1/full',
    'shoebox-media://photo/1/THUMB',
    'shoebox-media://photo/1/thumb/extra',
    'shoebox-media://photo/1/thumb?size=large',
    'shoebox-media://photo/1/thumb?r=',
    'shoebox-media://photo/1/thumb?r=0',
    'shoebox-media://photo/1/thumb?r=-90',
    'shoebox-media://photo/1/thumb?r=90&size=large',
    'shoebox-media://photo/1/thumb?r=90#x',
    'shoebox-media://photo/1/..?r=90',
    'shoebox-media://photo/1',
    'app://shoebox/1/thumb',
  ])('answers 400 to %s', async (url) => {
    expect((await get(url)).status).toBe(400);
  });

  it('answers 405 to anything but GET and HEAD', async () => {
    expect((await get(desktopMediaUrl(photoId, 'thumb'), 'POST')).status).toBe(405);
  });

  it('answers 404 to an unknown photo', async () => {
    expect((await get(desktopMediaUrl(photoId + 1000, 'thumb'))).status).toBe(404);
  });

  it('answers 404 when the database points outside the library', async () => {
    pointThumbAt('../outside.webp');
    expect((await get(desktopMediaUrl(photoId, 'thumb'))).status).toBe(404);
  });

  it('answers 404 when the database points inside the library but outside derivatives/', async () => {
    pointThumbAt('library.db');
    expect((await get(desktopMediaUrl(photoId, 'thumb'))).status).toBe(404);
  });

  it('answers 404 when a derivative is a symlink out of the library', async () => {
    const link = path.join(core.layout.derivatives, 'link-thumb.webp');
    await symlink(outside, link);
    pointThumbAt('derivatives/link-thumb.webp');
    expect((await get(desktopMediaUrl(photoId, 'thumb'))).status).toBe(404);
  });

  it("streams a HEIC's full-size rendition from the core's folder for it, as JPEG", async () => {
    const source = path.join(base, 'IMG_0002.HEIC');
    await writeFile(source, await readHeicFixture('camera'));
    const { imported } = await core.importFiles([{ path: source }]);
    const response = await get(`${desktopMediaUrl(imported[0]!.id, 'original')}?r=90`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    const metadata = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    expect(metadata).toMatchObject({ format: 'jpeg', width: 96, height: 64 });
  });

  it('is what protocol.handle serves for the scheme', async () => {
    setupMediaProtocol(core);
    const response = await protocol.fetch(desktopMediaUrl(photoId, 'thumb'));
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(WEBP_BYTES);
  });
});
