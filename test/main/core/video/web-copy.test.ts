/**
 * Web copies of the videos Chromium cannot play: what comes out is H.264 + AAC in an MP4 with
 * its index first, upright by its pixels (not by a rotation flag), at most 1920 px long, with
 * progress on the way; a cancelled copy leaves nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePosterFrame } from '../../../../main/core/video/poster-frame';
import { readVideoMetadata } from '../../../../main/core/video/video-metadata';
import { makeWebCopy } from '../../../../main/core/video/web-copy';
import { makeTempDir } from '../../../helpers/temp-dir';
import {
  TESTSRC2_BARS,
  appleHevcMov,
  avchdMts,
  barAt,
  notAVideo,
  plainMp4,
  topLevelBoxes,
} from './test-videos';

const LENGTH_TOLERANCE_SECONDS = 0.15;

let sources: string;
const videos: Record<string, string> = {};

beforeAll(async () => {
  sources = await mkdtemp(path.join(tmpdir(), 'shoebox-web-copy-'));
  videos.hevc = await appleHevcMov(sources);
  // An iPhone held upright: HEVC, rotation 90 (exiftool writes the matrix, see test-videos.ts).
  await promisify(execFile)('exiftool', ['-q', '-overwrite_original', '-Rotation=90', videos.hevc]);
  videos.mts = await avchdMts(sources);
  videos.uhd = await plainMp4(sources, 'uhd.mp4', '2560x1440', 0.4);
  videos.long = await plainMp4(sources, 'long.mp4', '640x360', 20);
  videos.notVideo = await notAVideo(sources);
}, 180_000);

afterAll(() => rm(sources, { recursive: true, force: true }));

describe('makeWebCopy', () => {
  it('copies an upright-iPhone HEVC MOV into a playable MP4, turned upright in its pixels', async () => {
    const out = await makeTempDir();
    const dest = path.join(out, 'web.mp4');
    const progress: number[] = [];
    await makeWebCopy(videos.hevc!, dest, { onProgress: (fraction) => progress.push(fraction) });

    const copy = await readVideoMetadata(dest);
    expect(copy).toMatchObject({
      videoCodec: 'AVC',
      audioCodec: 'AAC',
      browserPlayable: true,
      rotation: 0,
      width: 240,
      height: 320,
    });
    expect(copy.durationSeconds).toBeGreaterThan(2 - LENGTH_TOLERANCE_SECONDS);
    expect(copy.durationSeconds).toBeLessThan(2 + LENGTH_TOLERANCE_SECONDS);
    // +faststart: the index before the data, so playback starts before the file is all read.
    const boxes = await topLevelBoxes(dest);
    expect(boxes.indexOf('moov')).toBeGreaterThanOrEqual(0);
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
    // Upright by its pixels: the bars run top to bottom in a frame of the copy.
    const frame = path.join(out, 'frame.jpg');
    await makePosterFrame(dest, frame, { durationSeconds: copy.durationSeconds });
    const bars = await Promise.all(
      TESTSRC2_BARS.map((_, index) => barAt(frame, 0.12, (index + 0.5) / TESTSRC2_BARS.length)),
    );
    expect(bars).toEqual([...TESTSRC2_BARS]);

    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(1);
    expect(
      progress.every(
        (fraction, i) => fraction > 0 && fraction <= 1 && (i === 0 || fraction > progress[i - 1]!),
      ),
    ).toBe(true);
    expect(await readdir(out)).toEqual(['frame.jpg', 'web.mp4']);
  });

  it('copies AVCHD MTS (H.264 + AC-3 in MPEG-TS) into H.264 + AAC MP4 of the same length', async () => {
    const dest = path.join(await makeTempDir(), 'web.mp4');
    await makeWebCopy(videos.mts!, dest, {});
    const copy = await readVideoMetadata(dest);
    expect(copy).toMatchObject({
      audioCodec: 'AAC',
      browserPlayable: true,
      width: 320,
      height: 240,
    });
    expect(Math.abs(copy.durationSeconds - 2)).toBeLessThan(LENGTH_TOLERANCE_SECONDS);
  });

  it('brings a long side over 1920 down to 1920, keeping the shape', async () => {
    const dest = path.join(await makeTempDir(), 'web.mp4');
    await makeWebCopy(videos.uhd!, dest, {});
    expect(await readVideoMetadata(dest)).toMatchObject({ width: 1920, height: 1080 });
  });

  it('stops when cancelled: ffmpeg killed, CANCELLED, nothing left behind', async () => {
    const out = await makeTempDir();
    const controller = new AbortController();
    const copying = makeWebCopy(videos.long!, path.join(out, 'web.mp4'), {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(copying).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await readdir(out)).toEqual([]);
  });

  it('rejects a file that is not a video with UNSUPPORTED_FORMAT and writes nothing', async () => {
    const out = await makeTempDir();
    await expect(
      makeWebCopy(videos.notVideo!, path.join(out, 'web.mp4'), {}),
    ).rejects.toMatchObject({
      code: 'UNSUPPORTED_FORMAT',
    });
    expect(await readdir(out)).toEqual([]);
  });
});
