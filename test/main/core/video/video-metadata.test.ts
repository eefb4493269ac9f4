/**
 * What readVideoMetadata reads from each kind of video the import meets, made at test time with
 * known tags: lengths within a frame or two, capture times with their zone, positions, the
 * upright-iPhone rotation, Live Photo keys, and whether Chromium plays the file; and a clear
 * VideoError for what is not (or no longer) a video.
 */
import { mkdtemp, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureSortKey } from '../../../../main/core/import/metadata';
import { VideoError } from '../../../../main/core/video/video-error';
import { readVideoMetadata } from '../../../../main/core/video/video-metadata';
import {
  APPLE_TAGS,
  appleHevcMov,
  avchdMts,
  bdavM2ts,
  ffmpeg,
  notAVideo,
  phoneMp4,
  plainMp4,
  rotatedMov,
  truncatedMp4,
} from './test-videos';

/** Containers round a length to their own time base and audio frames: a frame or two either way. */
const LENGTH_TOLERANCE_SECONDS = 0.1;

let sources: string;
const videos: Record<string, string> = {};

beforeAll(async () => {
  sources = await mkdtemp(path.join(tmpdir(), 'shoebox-video-metadata-'));
  videos.phone = await phoneMp4(sources);
  videos.rotated = await rotatedMov(sources);
  videos.hevc = await appleHevcMov(sources);
  videos.mts = await avchdMts(sources);
  videos.m2ts = await bdavM2ts(sources);
  videos.anamorphic = await plainMp4(sources, 'hdv.mp4', '1440x1080', 0.4, ['-vf', 'setsar=4/3']);
  videos.notVideo = await notAVideo(sources);
  videos.truncated = await truncatedMp4(sources, videos.phone);
}, 180_000);

afterAll(() => rm(sources, { recursive: true, force: true }));

describe('readVideoMetadata', () => {
  it('reads a phone MP4: length, size, UTC creation time, position, H.264 + AAC that Chromium plays', async () => {
    const metadata = await readVideoMetadata(videos.phone!);
    expect(metadata.durationSeconds).toBeGreaterThan(2 - LENGTH_TOLERANCE_SECONDS);
    expect(metadata.durationSeconds).toBeLessThan(2 + LENGTH_TOLERANCE_SECONDS);
    expect(metadata).toMatchObject({
      width: 320,
      height: 240,
      rotation: 0,
      takenAt: '2021-06-05T14:30:00Z',
      cameraMake: null,
      contentIdentifier: null,
      videoCodec: 'AVC',
      audioCodec: 'AAC',
      browserPlayable: true,
    });
    expect(metadata.gps!.lat).toBeCloseTo(48.8584, 4);
    expect(metadata.gps!.lon).toBeCloseTo(2.2945, 4);
  });

  it('reads an iPhone HEVC MOV: its local time with offset, camera, position, Live Photo key; not playable', async () => {
    const metadata = await readVideoMetadata(videos.hevc!);
    expect(metadata).toMatchObject({
      takenAt: '2020-04-17T10:03:40-06:00',
      cameraMake: APPLE_TAGS.make,
      cameraModel: APPLE_TAGS.model,
      contentIdentifier: APPLE_TAGS.contentIdentifier,
      videoCodec: 'HEVC',
      audioCodec: 'AAC',
      browserPlayable: false,
    });
    expect(metadata.gps!.lat).toBeCloseTo(41.8781, 4);
    expect(metadata.gps!.lon).toBeCloseTo(-87.6298, 4);
    // The import sorts it on its own wall clock, like a photo with an offset.
    expect(captureSortKey(metadata.takenAt!)).toBe(Date.UTC(2020, 3, 17, 10, 3, 40));
  });

  it("names the phone from Android's com.android.manufacturer and model keys", async () => {
    const android = path.join(sources, 'VID_pixel.mp4');
    await ffmpeg(
      '-i',
      videos.phone!,
      '-c',
      'copy',
      '-movflags',
      'use_metadata_tags',
      '-metadata',
      'com.android.manufacturer=Google',
      '-metadata',
      'com.android.model=Pixel 7',
      android,
    );
    expect(await readVideoMetadata(android)).toMatchObject({
      cameraMake: 'Google',
      cameraModel: 'Pixel 7',
    });
  });

  it('gives an upright-iPhone video its display size: rotation 90, taller than wide', async () => {
    const metadata = await readVideoMetadata(videos.rotated!);
    expect(metadata).toMatchObject({
      rotation: 90,
      width: 240,
      height: 320,
      takenAt: null,
      gps: null,
    });
  });

  it.each(['mts', 'm2ts'])(
    'reads AVCHD %s: its length, and that Chromium does not play it',
    async (kind) => {
      const metadata = await readVideoMetadata(videos[kind]!);
      expect(metadata.durationSeconds).toBeGreaterThan(2 - LENGTH_TOLERANCE_SECONDS);
      expect(metadata.durationSeconds).toBeLessThan(2 + LENGTH_TOLERANCE_SECONDS);
      expect(metadata).toMatchObject({
        width: 320,
        height: 240,
        videoCodec: 'AVC',
        browserPlayable: false,
      });
    },
  );

  it('widens anamorphic pixels in the display size', async () => {
    expect(await readVideoMetadata(videos.anamorphic!)).toMatchObject({
      width: 1920,
      height: 1080,
    });
  });

  it.each([
    ['notVideo', 'UNSUPPORTED_FORMAT', 'not a video'],
    ['truncated', 'CORRUPT', 'damaged or incomplete'],
  ] as const)('rejects the %s file with %s, saying so and naming it', async (kind, code, says) => {
    const failure = await readVideoMetadata(videos[kind]!).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(VideoError);
    expect(failure).toMatchObject({ code });
    expect((failure as VideoError).message).toContain(says);
    expect((failure as VideoError).message).toContain(path.basename(videos[kind]!));
  });

  it('reads a 5 GB clip in chunks, not whole (a sparse file bigger than one read could hold)', async () => {
    // Index first, then the clip padded to 5 GB without using the disk: a reader that loaded
    // the file would fail (Node's readFile stops at 2 GiB) or take gigabytes of memory.
    const big = path.join(sources, 'long-take.mp4');
    await ffmpeg('-i', videos.phone!, '-c', 'copy', '-movflags', '+faststart', big);
    await truncate(big, 5 * 1024 ** 3);
    const before = process.memoryUsage().rss;
    const metadata = await readVideoMetadata(big);
    expect(metadata).toMatchObject({ width: 320, height: 240, videoCodec: 'AVC' });
    expect(metadata.durationSeconds).toBeGreaterThan(2 - LENGTH_TOLERANCE_SECONDS);
    expect(metadata.gps!.lat).toBeCloseTo(48.8584, 4);
    expect(process.memoryUsage().rss - before).toBeLessThan(512 * 1024 ** 2);
  });

  it('rejects a missing file with IO', async () => {
    await expect(readVideoMetadata(path.join(sources, 'gone.MOV'))).rejects.toMatchObject({
      code: 'IO',
      message: expect.stringContaining('gone.MOV'),
    });
  });

  it('reads many files at once, each its own answer (one MediaInfo instance, queued)', async () => {
    const kinds = ['phone', 'hevc', 'rotated', 'mts', 'notVideo', 'phone'];
    const results = await Promise.allSettled(kinds.map((kind) => readVideoMetadata(videos[kind]!)));
    const summary = results.map((result) =>
      result.status === 'fulfilled'
        ? result.value.videoCodec + String(result.value.rotation)
        : 'failed',
    );
    expect(summary).toEqual(['AVC0', 'HEVC0', 'AVC90', 'AVC0', 'failed', 'AVC0']);
  });
});
