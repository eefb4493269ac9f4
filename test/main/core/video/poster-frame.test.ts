/**
 * Posters of every kind of video the import meets, checked by their pixels: testsrc2's six
 * bars must read left to right on an unturned video and top to bottom on an upright-iPhone one
 * (its 90° rotation applied), the long side bounded, square pixels, and every failure a
 * VideoError with no file left behind.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePosterFrame } from '../../../../main/core/video/poster-frame';
import { VideoError } from '../../../../main/core/video/video-error';
import { makeTempDir } from '../../../helpers/temp-dir';
import {
  TESTSRC2_BARS,
  appleHevcMov,
  avchdMts,
  barAt,
  bdavM2ts,
  notAVideo,
  oneFrameLongAudio,
  phoneMp4,
  plainMp4,
  rotatedMov,
  truncatedMp4,
} from './test-videos';

/** Bar centres across a frame, and a row low enough that testsrc2's moving band is not there early on. */
const BAR_CENTRES = TESTSRC2_BARS.map((_, index) => (index + 0.5) / TESTSRC2_BARS.length);
const LOW_ROW = 0.88;

let sources: string;
const videos: Record<string, string> = {};

beforeAll(async () => {
  sources = await mkdtemp(path.join(tmpdir(), 'shoebox-video-sources-'));
  videos.phone = await phoneMp4(sources);
  videos.rotated = await rotatedMov(sources);
  videos.hevc = await appleHevcMov(sources);
  videos.mts = await avchdMts(sources);
  videos.m2ts = await bdavM2ts(sources);
  videos.oneFrame = await oneFrameLongAudio(sources);
  videos.notVideo = await notAVideo(sources);
  videos.truncated = await truncatedMp4(sources, videos.phone);
}, 180_000);

afterAll(() => rm(sources, { recursive: true, force: true }));

async function barsLeftToRight(image: string) {
  return Promise.all(BAR_CENTRES.map((x) => barAt(image, x, LOW_ROW)));
}

describe('makePosterFrame', () => {
  it.each(['phone', 'hevc', 'mts', 'm2ts'])(
    'posts the %s video as it is shown: the six bars left to right, full size',
    async (kind) => {
      const dest = path.join(await makeTempDir(), 'poster.jpg');
      const size = await makePosterFrame(videos[kind]!, dest, { durationSeconds: 2 });
      expect(size).toEqual({ width: 320, height: 240 });
      const meta = await sharp(dest).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 320, 240]);
      expect(await barsLeftToRight(dest)).toEqual([...TESTSRC2_BARS]);
    },
  );

  it('turns an upright-iPhone video (rotation 90) upright: taller than wide, bars top to bottom', async () => {
    const dest = path.join(await makeTempDir(), 'poster.jpg');
    expect(await makePosterFrame(videos.rotated!, dest, { durationSeconds: 2 })).toEqual({
      width: 240,
      height: 320,
    });
    // Turned a quarter clockwise: the frame's left edge is now its top, its bottom its left.
    const bars = await Promise.all(BAR_CENTRES.map((y) => barAt(dest, 1 - LOW_ROW, y)));
    expect(bars).toEqual([...TESTSRC2_BARS]);
  });

  it('posts from the first frame when the seek lands past the last one', async () => {
    const dest = path.join(await makeTempDir(), 'poster.jpg');
    // 3 s long by its sound, one frame of video: 10 % in (0.3 s) there is no frame to show.
    const size = await makePosterFrame(videos.oneFrame!, dest, { durationSeconds: 3 });
    expect(size).toEqual({ width: 320, height: 240 });
    expect(await barsLeftToRight(dest)).toEqual([...TESTSRC2_BARS]);
  });

  it('bounds the long side at 2048 and widens anamorphic pixels to square ones', async () => {
    const dir = await makeTempDir();
    const big = await plainMp4(dir, 'uhd.mp4', '2560x1440', 0.4);
    // An HDV/AVCHD camcorder frame: 1440×1080 stored, 4:3 pixels, shown 1920×1080.
    const anamorphic = await plainMp4(dir, 'hdv.mp4', '1440x1080', 0.4, ['-vf', 'setsar=4/3']);
    const out = await makeTempDir();
    expect(await makePosterFrame(big, path.join(out, 'a.jpg'), { durationSeconds: 0.4 })).toEqual({
      width: 2048,
      height: 1152,
    });
    const wide = path.join(out, 'b.jpg');
    expect(await makePosterFrame(anamorphic, wide, { durationSeconds: 0.4 })).toEqual({
      width: 1920,
      height: 1080,
    });
    expect(await barsLeftToRight(wide)).toEqual([...TESTSRC2_BARS]);
  });

  it('writes only the poster, in its own folder: nothing beside the video, no temporary file left', async () => {
    const out = await makeTempDir();
    const before = await readdir(sources);
    await makePosterFrame(videos.phone!, path.join(out, 'poster.jpg'), { durationSeconds: 2 });
    expect(await readdir(out)).toEqual(['poster.jpg']);
    expect(await readdir(sources)).toEqual(before);
  });

  it.each([
    ['notVideo', 'CORRUPT'],
    ['truncated', 'CORRUPT'],
  ] as const)('rejects the %s file with %s and leaves no file', async (kind, code) => {
    const out = await makeTempDir();
    const failure = await makePosterFrame(videos[kind]!, path.join(out, 'poster.jpg'), {
      durationSeconds: 2,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(VideoError);
    expect((failure as VideoError).code).toBe(code);
    expect((failure as VideoError).message).toContain(path.basename(videos[kind]!));
    expect(await readdir(out)).toEqual([]);
  });

  it('rejects a missing file with IO, naming it', async () => {
    const out = await makeTempDir();
    const missing = path.join(out, 'gone.MOV');
    await expect(
      makePosterFrame(missing, path.join(out, 'poster.jpg'), { durationSeconds: 2 }),
    ).rejects.toMatchObject({ code: 'IO', message: expect.stringContaining('gone.MOV') });
  });

  it('rejects with CANCELLED and writes nothing once its signal is aborted', async () => {
    const out = await makeTempDir();
    const controller = new AbortController();
    controller.abort();
    await expect(
      makePosterFrame(videos.phone!, path.join(out, 'poster.jpg'), {
        durationSeconds: 2,
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await readdir(out)).toEqual([]);
  });
});
