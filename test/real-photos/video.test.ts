/**
 * Real videos from Debian packages (scripts/fetch-photo-fixtures.sh puts them in
 * `$SHOEBOX_PHOTO_FIXTURES/video/`): an Android phone clip with GPS, small MOV and MP4 samples,
 * and imageio's test clips (one H.264 High 4:4:4, which Chromium does not play). Each must give
 * its metadata, an upright poster of its display size that shows a picture, and the unplayable
 * one a web copy that plays.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePosterFrame } from '../../main/core/video/poster-frame';
import { readVideoMetadata } from '../../main/core/video/video-metadata';
import { makeWebCopy } from '../../main/core/video/web-copy';

const VIDEOS = path.join(
  path.resolve(process.env.SHOEBOX_PHOTO_FIXTURES ?? 'test-results/photo-fixtures'),
  'video',
);

/** What each clip is, as its packages and a look at it say: stored size and length in seconds. */
const CLIPS = [
  { file: 'VID_20191220_170832.mp4', width: 1920, height: 1080, seconds: 1.6, playable: true },
  { file: 'mov.mov', width: 560, height: 320, seconds: 5.6, playable: true },
  { file: 'mp4.mp4', width: 560, height: 320, seconds: 5.57, playable: true },
  { file: 'cockatoo.mp4', width: 1280, height: 720, seconds: 14, playable: false },
  { file: 'realshort.mp4', width: 320, height: 240, seconds: 1.2, playable: true },
] as const;

let out: string;

beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'shoebox-real-video-'));
});

afterAll(() => rm(out, { recursive: true, force: true }));

/** How much a picture varies: a black, grey or failed frame is nearly flat. */
async function spread(image: string): Promise<number> {
  const { channels } = await sharp(image).stats();
  return Math.max(...channels.slice(0, 3).map((channel) => channel.stdev));
}

describe('real videos', () => {
  it('reads the Android phone clip: its place, its day, its length, H.264 + AAC that plays', async () => {
    const metadata = await readVideoMetadata(path.join(VIDEOS, 'VID_20191220_170832.mp4'));
    expect(metadata.gps!.lat).toBeCloseTo(-15.8355, 4);
    expect(metadata.gps!.lon).toBeCloseTo(-48.0153, 4);
    // MP4 creation time is UTC: 20:08:34Z, the file name's 17:08:32 in Brasília (UTC-3).
    expect(metadata.takenAt).toMatch(/^2019-12-20T20:08:3\dZ$/);
    expect(metadata).toMatchObject({
      width: 1920,
      height: 1080,
      rotation: 0,
      videoCodec: 'AVC',
      audioCodec: 'AAC',
      browserPlayable: true,
      contentIdentifier: null,
    });
  });

  it.each(CLIPS)(
    '$file: metadata, and a poster of its display size with a picture in it',
    async (clip) => {
      const source = path.join(VIDEOS, clip.file);
      const metadata = await readVideoMetadata(source);
      expect(metadata).toMatchObject({
        width: clip.width,
        height: clip.height,
        browserPlayable: clip.playable,
      });
      expect(Math.abs(metadata.durationSeconds - clip.seconds)).toBeLessThan(0.2);

      const poster = path.join(out, `${clip.file}.jpg`);
      const size = await makePosterFrame(source, poster, {
        durationSeconds: metadata.durationSeconds,
      });
      expect(size).toEqual({ width: clip.width, height: clip.height });
      const written = await sharp(poster).metadata();
      expect([written.format, written.width, written.height]).toEqual([
        'jpeg',
        clip.width,
        clip.height,
      ]);
      expect(await spread(poster)).toBeGreaterThan(15);
    },
  );

  it('makes a web copy of the H.264 4:4:4 clip Chromium cannot play: 8-bit 4:2:0 H.264 + AAC, as long', async () => {
    const copy = path.join(out, 'cockatoo-web.mp4');
    const progress: number[] = [];
    await makeWebCopy(path.join(VIDEOS, 'cockatoo.mp4'), copy, {
      onProgress: (fraction) => progress.push(fraction),
    });
    const metadata = await readVideoMetadata(copy);
    expect(metadata).toMatchObject({
      width: 1280,
      height: 720,
      videoCodec: 'AVC',
      audioCodec: 'AAC',
      browserPlayable: true,
    });
    expect(Math.abs(metadata.durationSeconds - 14)).toBeLessThan(0.2);
    expect(progress.at(-1)).toBe(1);
    const poster = path.join(out, 'cockatoo-web.jpg');
    await makePosterFrame(copy, poster, { durationSeconds: metadata.durationSeconds });
    expect(await spread(poster)).toBeGreaterThan(15);
  }, 180_000);
});
