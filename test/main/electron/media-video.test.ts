import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopMediaUrl } from '../../../common/bridge';
import { openCore, type ShoeboxCore } from '../../../main/core/shoebox-core';
import { mediaResponse } from '../../../main/electron/media-protocol';
import { runLibrarySql } from '../../helpers/photo-records';
import { phoneMp4 } from '../core/video/test-videos';

// A real video imported for real: a <video> in the app asks the protocol for ranges of it.
let base: string;
let core: ShoeboxCore;
let videoId: number;
let video: Buffer;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'shoebox-media-video-'));
  const file = await phoneMp4(base);
  video = await readFile(file);
  core = await openCore({ libraryRoot: path.join(base, 'library'), imagingThreads: 1 });
  const summary = await core.importFiles([{ path: file }]);
  expect(summary.failed).toEqual([]);
  videoId = summary.imported[0]!.id;
}, 120_000);

afterAll(async () => {
  await core?.close();
  await rm(base, { recursive: true, force: true });
});

const get = (range?: string, method = 'GET', size = 'video') =>
  mediaResponse(core, {
    url: desktopMediaUrl(videoId, size),
    method,
    headers: new Headers(range === undefined ? {} : { Range: range }),
  });

const bytesOf = async (response: Response) => Buffer.from(await response.arrayBuffer());

describe('shoebox-media:// video', () => {
  it('streams the whole video, saying that ranges are welcome', async () => {
    const response = await get();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-length')).toBe(String(video.length));
    expect((await bytesOf(response)).equals(video)).toBe(true);
  });

  it('answers one byte range, an open one and a suffix as 206 with their bytes', async () => {
    const size = video.length;
    const cases: Array<[string, number, number]> = [
      ['bytes=0-99', 0, 99],
      [`bytes=${size - 300}-`, size - 300, size - 1],
      ['bytes=-64', size - 64, size - 1],
      [`bytes=10-${size + 99}`, 10, size - 1],
    ];
    for (const [range, start, end] of cases) {
      const response = await get(range);
      expect(response.status, range).toBe(206);
      expect(response.headers.get('content-range'), range).toBe(`bytes ${start}-${end}/${size}`);
      expect(response.headers.get('content-length'), range).toBe(String(end - start + 1));
      expect((await bytesOf(response)).equals(video.subarray(start, end + 1)), range).toBe(true);
    }
  });

  it('answers 416 with the size for a range past the end; HEAD answers headers only', async () => {
    const size = video.length;
    const outside = await get(`bytes=${size}-${size + 5}`);
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe(`bytes */${size}`);
    const head = await get('bytes=0-9', 'HEAD');
    expect(head.status).toBe(206);
    expect(head.headers.get('content-length')).toBe('10');
    expect((await bytesOf(head)).length).toBe(0);
  });

  it('ignores a Range it cannot read, answering the whole file', async () => {
    for (const range of ['bytes=5-1', 'bytes=0-1,4-5', 'pages=1-2']) {
      const response = await get(range);
      expect(response.status, range).toBe(200);
      expect((await bytesOf(response)).length, range).toBe(video.length);
    }
  });

  it('never serves a file outside the library, even as a range', async () => {
    const outside = path.join(base, 'outside.mp4');
    await writeFile(outside, video);
    const stored = (await core.photoRecords([videoId]))[0]!.path;
    const relative = path.relative(core.layout.root, stored).split(path.sep).join('/');
    try {
      for (const escape of ['../outside.mp4', outside]) {
        runLibrarySql(
          core.layout.root,
          'UPDATE photos SET stored_path = ? WHERE id = ?',
          escape,
          videoId,
        );
        const response = await get('bytes=0-9');
        expect(response.status, escape).toBe(404);
      }
    } finally {
      runLibrarySql(
        core.layout.root,
        'UPDATE photos SET stored_path = ? WHERE id = ?',
        relative,
        videoId,
      );
    }
    expect((await get('bytes=0-9')).status).toBe(206);
  });

  it('has no motion for a video, and refuses sizes it does not know', async () => {
    expect((await get(undefined, 'GET', 'motion')).status).toBe(404);
    expect((await get(undefined, 'GET', 'poster')).status).toBe(400);
  });
});
