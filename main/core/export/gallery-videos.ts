/**
 * What file a video gets in an exported gallery, and how it is made. The original goes out as
 * it is when every browser plays it (H.264/AAC in MP4 or MOV, `browser_playable`); anything else
 * (HEVC, AVCHD's MTS, 3GP) gets a web copy made by `makeWebCopy` during the export. Either way
 * a video whose position the export does not keep is rewritten without its container metadata
 * (a stream copy, nothing re-encoded): a phone's MP4 carries its place in `©xyz`, and ffmpeg
 * copies that into a web copy too.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { PhotoRow } from '../library/photo-repository';
import { ffmpegFailure, runFfmpeg } from '../video/run-ffmpeg';
import { makeWebCopy } from '../video/web-copy';
import type { MadeFile } from './export-files';

/** Containers a browser plays from a `<video>` as they are (MOV as QuickTime's MP4 sibling). */
const PLAYABLE_CONTAINERS: ReadonlyMap<string, 'mp4' | 'mov'> = new Map([
  ['mp4', 'mp4'],
  // An M4V is an MP4 under Apple's name: `.mp4` is the name every host serves as video/mp4.
  ['m4v', 'mp4'],
  ['mov', 'mov'],
]);

/**
 * A stream copy only reads and writes: without progress for this long ffmpeg is stuck (a damaged
 * index), not slow.
 */
const REMUX_IDLE_TIMEOUT_MS = 60_000;

/** How a video's file is published. */
export type VideoPlan =
  | { kind: 'copy'; name: string }
  | { kind: 'made'; name: string; recipe: string; make: MadeFile['make'] };

/**
 * The gallery's file for the video `row` (named by its `key`, under `videos/`), from the
 * original at `source`: a copy as it is, or a file made during the export.
 */
export function planVideo(row: PhotoRow, key: string, source: string, keepGps: boolean): VideoPlan {
  const playable = row.browser_playable === 1 ? PLAYABLE_CONTAINERS.get(row.format) : undefined;
  const hasPosition = row.gps_lat != null && row.gps_lon != null;
  // Without a recorded position there is nothing of the place to hide, and the original's bytes
  // go out untouched.
  const strip = !keepGps && hasPosition;
  const name = `videos/${key}.${playable ?? 'mp4'}`;
  if (playable && !strip) return { kind: 'copy', name };
  if (playable) {
    return {
      kind: 'made',
      name,
      recipe: 'without-metadata',
      make: (dest, options) => withoutMetadata(source, dest, playable, options),
    };
  }
  return {
    kind: 'made',
    name,
    recipe: strip ? 'web-copy-without-metadata' : 'web-copy',
    make: async (dest, options) => {
      if (!strip) return makeWebCopy(source, dest, options);
      // Beside the destination, as the writers' temp names are: swept with them if killed.
      const copy = `${dest}.web.mp4`;
      try {
        // The encode is nearly all the time; the stream copy after it is a read and a write.
        await makeWebCopy(source, copy, {
          signal: options.signal,
          onProgress: (fraction) => options.onProgress(Math.min(0.99, fraction)),
        });
        await withoutMetadata(copy, dest, 'mp4', { signal: options.signal, onProgress: () => {} });
        options.onProgress(1);
      } finally {
        await rm(copy, { force: true });
      }
    },
  };
}

/**
 * Writes `source` to `dest` with its audio and video streams as they are and no container
 * metadata (place, camera, creation time, chapters, data tracks such as Apple's location track),
 * its index first. Rejects with VideoError.
 */
async function withoutMetadata(
  source: string,
  dest: string,
  format: 'mp4' | 'mov',
  options: Parameters<MadeFile['make']>[1],
): Promise<void> {
  const result = await runFfmpeg(
    [
      '-i',
      source,
      '-map',
      '0:v',
      '-map',
      '0:a?',
      '-c',
      'copy',
      // Global metadata and chapters out; per-stream data (the rotation) stays with its stream.
      '-map_metadata',
      '-1',
      '-map_chapters',
      '-1',
      // No "encoder: Lavf…" tag and no creation time of the export itself.
      '-fflags',
      '+bitexact',
      '-movflags',
      '+faststart',
      '-f',
      format,
      '-progress',
      'pipe:1',
      '-nostats',
      '-y',
      dest,
    ],
    { idleTimeoutMs: REMUX_IDLE_TIMEOUT_MS, signal: options.signal },
  );
  if (result.exitCode !== 0) {
    await rm(dest, { force: true });
    throw ffmpegFailure(`"${path.basename(source)}"`, result);
  }
  options.onProgress(1);
}

/** A clip's length as a player shows it: `0:07`, `12:34`, `1:02:03` (whole seconds, at least 1). */
export function formatDuration(seconds: number): string {
  const whole = Math.max(1, Math.round(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
