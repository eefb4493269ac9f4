/**
 * A video's poster: one upright JPEG of an early frame, which the imaging pipeline turns into
 * the three WebP sizes like any photo. ffmpeg seeks, decodes and applies the container's
 * rotation (its autorotate, on by default) and the pixel aspect ratio.
 */
import { access, constants, open } from 'node:fs/promises';
import path from 'node:path';
import { readJpegHeader } from '../imaging/jpeg-header';
import { moveIntoPlace, discard, temporaryBeside, wroteSomething } from './output-file';
import { ffmpegFailure, runFfmpeg } from './run-ffmpeg';
import { VideoError } from './video-error';

/** The poster's long side at most: the largest WebP the pipeline makes from it is 2048. */
const POSTER_LONG_SIDE = 2048;

/**
 * Where the poster is taken: 1 s in (past the black first frame and the fade-in of most
 * clips), but never more than 10 % in, so a short clip (a 1.5 s Live Photo) is never posted
 * from its end and never past it.
 */
const POSTER_SECONDS = 1;
const POSTER_FRACTION = 0.1;

/**
 * One poster takes 0.1-0.3 s on a 2-core machine (measured, 1080p H.264 to 4K HEVC), most of it
 * decoding from the keyframe before the seek point. A minute covers a slow card reader and a
 * busy machine many times over; past it ffmpeg is stuck on a file it cannot make sense of
 * and is killed, so one bad clip cannot hold up an import.
 */
const POSTER_TIMEOUT_MS = 60_000;

/**
 * Writes an upright JPEG of an early frame of the video at `videoPath` (about 1 s or 10 % in,
 * retried at the first frame when that gives nothing), at most 2048 px on the long side, to
 * `destPath` (a temporary name, then a rename). Honours `signal` (ffmpeg is killed). Rejects
 * with VideoError; answers the poster's size.
 */
export async function makePosterFrame(
  videoPath: string,
  destPath: string,
  options: { durationSeconds: number; signal?: AbortSignal },
): Promise<{ width: number; height: number }> {
  const name = `"${path.basename(videoPath)}"`;
  try {
    await access(videoPath, constants.R_OK);
  } catch (error) {
    throw new VideoError('IO', `${name} cannot be read: ${(error as Error).message}`);
  }
  const duration = Number.isFinite(options.durationSeconds) ? options.durationSeconds : 0;
  const seek = Math.max(0, Math.min(POSTER_SECONDS, duration * POSTER_FRACTION));
  const seekByDecoding = await isTransportStream(videoPath);
  const temporary = temporaryBeside(destPath, '.jpg');
  try {
    // A seek that lands past the last decodable frame (a short or oddly cut file) makes ffmpeg
    // exit 0 with no file written ("Output file is empty"); the first frame is then the poster.
    for (const at of seek > 0 ? [seek, 0] : [0]) {
      const result = await runFfmpeg(posterArguments(videoPath, temporary, at, seekByDecoding), {
        idleTimeoutMs: POSTER_TIMEOUT_MS,
        signal: options.signal,
      });
      if (result.exitCode !== 0) {
        if (at > 0) continue;
        throw ffmpegFailure(name, result);
      }
      if (await wroteSomething(temporary)) {
        const size = await readJpegHeader(temporary);
        if (!size) throw new VideoError('CORRUPT', `${name}: ffmpeg wrote no readable poster`);
        await moveIntoPlace(temporary, destPath);
        return { width: size.width, height: size.height };
      }
    }
    throw new VideoError('CORRUPT', `${name} has no frame that can be decoded`);
  } finally {
    await discard(temporary);
  }
}

/**
 * Whether the file is an MPEG transport stream (AVCHD's .MTS, Blu-ray's .M2TS): sync byte 0x47
 * every 188 bytes, or every 192 after a 4-byte timestamp. A transport stream has no index of
 * keyframes, so ffmpeg's seek into it lands between two of them and decodes broken frames up to
 * the next (measured: 1.1 s and a damaged picture on a clip with 10 s between keyframes); such a
 * file is decoded from its start to the poster time instead, at most a second of video.
 */
async function isTransportStream(videoPath: string): Promise<boolean> {
  const file = await open(videoPath, 'r').catch(() => null);
  if (!file) return false;
  try {
    const head = Buffer.alloc(2 * 192 + 4 + 1);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    const syncEvery = (packet: number, offset: number) =>
      bytesRead > offset + 2 * packet &&
      [0, 1, 2].every((index) => head[offset + index * packet] === 0x47);
    return syncEvery(188, 0) || syncEvery(192, 4);
  } finally {
    await file.close();
  }
}

function posterArguments(
  input: string,
  output: string,
  seconds: number,
  seekByDecoding: boolean,
): string[] {
  const seek = seconds > 0 ? ['-ss', seconds.toFixed(3)] : [];
  return [
    // Before -i: a keyframe seek through the container's index, then decoding up to the exact
    // time (ffmpeg's accurate seek). After -i: decoding from the start, dropping frames before it.
    ...(seekByDecoding ? [] : seek),
    '-i',
    input,
    ...(seekByDecoding ? seek : []),
    '-map',
    '0:v:0',
    '-frames:v',
    '1',
    '-an',
    '-sn',
    '-dn',
    '-vf',
    [
      // Square pixels: an anamorphic 1440×1080 camcorder frame becomes 1920×1080.
      'scale=trunc(iw*sar):ih',
      'setsar=1',
      `scale=w='min(${POSTER_LONG_SIDE},iw)':h='min(${POSTER_LONG_SIDE},ih)':force_original_aspect_ratio=decrease`,
    ].join(','),
    // JPEG quality 2 of 31: the poster is a master that is resized and re-encoded once more.
    '-q:v',
    '2',
    '-f',
    'image2',
    '-update',
    '1',
    '-y',
    output,
  ];
}
