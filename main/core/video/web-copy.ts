/**
 * A copy of a video that Chromium plays, for originals it cannot (HEVC, AVCHD's MPEG-TS, 10-bit
 * or 4:2:2 H.264, PCM audio): H.264 and AAC in an MP4 with its index first (`+faststart`, so
 * playback starts before the whole file has arrived), at most 1920 px on the long side,
 * upright (the rotation applied to the pixels, so every player shows it the same way),
 * deinterlaced when the camera recorded interlaced fields.
 */
import path from 'node:path';
import { discard, moveIntoPlace, temporaryBeside, wroteSomething } from './output-file';
import { ffmpegFailure, runFfmpeg } from './run-ffmpeg';
import { VideoError } from './video-error';
import { readVideoMetadata } from './video-metadata';

/** The copy's long side at most: full HD plays smoothly everywhere and halves 4K's size. */
const WEB_LONG_SIDE = 1920;

/**
 * ffmpeg reports progress twice a second while it encodes; one minute in which the encoded time
 * does not grow means it is stuck (a damaged stream it loops on), not slow: 4K HEVC on 2 cores
 * encodes a second of video in a few. The copy of a long clip may take many minutes and is not
 * bounded as a whole.
 */
const WEB_COPY_IDLE_TIMEOUT_MS = 60_000;

/**
 * Writes a copy of the video at `videoPath` that Chromium plays (H.264 + AAC MP4, `+faststart`,
 * long side at most 1920, upright) to `destPath` (a temporary name, then a rename). Reports
 * progress 0..1 through `onProgress`; an aborted `signal` kills ffmpeg and rejects with
 * VideoError('CANCELLED'). Rejects with VideoError for a file it cannot copy.
 */
export async function makeWebCopy(
  videoPath: string,
  destPath: string,
  options: { signal?: AbortSignal; onProgress?: (fraction: number) => void },
): Promise<void> {
  const name = `"${path.basename(videoPath)}"`;
  const { durationSeconds } = await readVideoMetadata(videoPath);
  const temporary = temporaryBeside(destPath, '.mp4');
  let reported = 0;
  const report = (fraction: number) => {
    // Each fraction once: the last reports of a clip all round to 0.99.
    if (fraction <= reported) return;
    reported = fraction;
    options.onProgress?.(fraction);
  };
  try {
    const result = await runFfmpeg(webCopyArguments(videoPath, temporary), {
      idleTimeoutMs: WEB_COPY_IDLE_TIMEOUT_MS,
      signal: options.signal,
      // Below 1 until ffmpeg has finished the file and moved its index to the front.
      onProgressSeconds: (seconds) => report(Math.min(0.99, seconds / durationSeconds)),
    });
    if (result.exitCode !== 0) throw ffmpegFailure(name, result);
    if (!(await wroteSomething(temporary))) {
      throw new VideoError('CORRUPT', `${name} has no frame that can be decoded`);
    }
    await moveIntoPlace(temporary, destPath);
    report(1);
  } finally {
    await discard(temporary);
  }
}

function webCopyArguments(input: string, output: string): string[] {
  return [
    '-i',
    input,
    // The first video and, when there is one, the first audio: a camcorder's second audio
    // track or a phone's data tracks have no place in the viewer.
    '-map',
    '0:v:0',
    '-map',
    '0:a:0?',
    '-vf',
    [
      // Only frames flagged interlaced (AVCHD 1080i) are deinterlaced; progressive ones pass.
      'yadif=mode=send_frame:deint=interlaced',
      // Square pixels, and even sizes: H.264 in 4:2:0 needs them.
      "scale=w='trunc(iw*sar/2)*2':h='trunc(ih/2)*2'",
      'setsar=1',
      `scale=w='if(gte(iw,ih),min(${WEB_LONG_SIDE},iw),-2)':h='if(gte(iw,ih),-2,min(${WEB_LONG_SIDE},ih))'`,
      // 8-bit 4:2:0: what every H.264 decoder plays (10-bit sources are converted, not tone-mapped).
      'format=yuv420p',
    ].join(','),
    '-c:v',
    'libx264',
    // veryfast at CRF 23: about real time for 1080p on 2 cores, with little visible loss.
    '-preset',
    'veryfast',
    '-crf',
    '23',
    '-profile:v',
    'high',
    '-c:a',
    'aac',
    '-b:a',
    '160k',
    // Stereo: a camcorder's 5.1 AC-3 is played on laptop speakers.
    '-ac',
    '2',
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    '-progress',
    'pipe:1',
    '-nostats',
    '-y',
    output,
  ];
}
