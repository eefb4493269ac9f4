/**
 * What the viewer is served in place of an original a browser cannot show or play, made on
 * first request and kept for this process in a folder of its own outside the library
 * (`<tmp>/shoebox-renditions-<random>/`, made on first use, removed by `close`): the full-size
 * JPEG of a HEIC, a TIFF or a RAW (from the camera's embedded JPEG), and the web copy of a
 * video Chromium cannot play. Each is named by the content hash of the file it is made from,
 * so an entry is that content's and no other photo's; one job per name runs at a time, and
 * every request for it waits for that job.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Rotation } from '../../../common/description';
import type { ImagingPool } from '../imaging/imaging-pool';
import { makeWebCopy } from '../video/web-copy';
import { readVideoMetadata } from '../video/video-metadata';
import { prepareDerivativeSource, type SourceFacts } from './derivative-source';
import { orientJpegFile } from './oriented-jpeg';

/** A file a media URL resolves to. */
export interface MediaFile {
  path: string;
  contentType: string;
  bytes: number;
  /**
   * The folder it lies in, by what it is (derivatives/, originals/, or the rendition cache),
   * for a transport that checks the real path again.
   */
  folder: string;
}

/** Renditions of originals, by content hash (see the file's comment). */
export interface RenditionCache {
  /** The full-size JPEG of a HEIC or TIFF, made now if missing, or null. */
  rendition(hash: string, sourcePath: string): Promise<MediaFile | null>;
  /**
   * The full-size JPEG of a RAW from its embedded preview, upright by the RAW's orientation,
   * made now if missing, or null (a RAW without a preview Shoebox can show).
   */
  rawRendition(hash: string, facts: SourceFacts): Promise<MediaFile | null>;
  /** An H.264/AAC MP4 copy of a video, made now if missing (seconds per minute of video), or null. */
  webCopy(hash: string, videoPath: string): Promise<MediaFile | null>;
  /** Whether Chromium plays the video as it is (read once per content), false when unreadable. */
  playsAsIs(hash: string, videoPath: string): Promise<boolean>;
  /** Cancels what is being made and removes the folder; later requests answer null. */
  close(): Promise<void>;
}

// A content hash as the library stores it: hex only, so it is a safe file name.
const HASH = /^[0-9a-f]{16,128}$/;

/** The EXIF orientation that turns a picture by a quarter turn clockwise. */
const ORIENTATION_OF_TURN: Record<Rotation, number> = { 0: 1, 90: 6, 180: 3, 270: 8 };

/**
 * A rendition cache that makes its images with `imaging()` (started on first use) and its
 * video copies with the bundled ffmpeg.
 */
export function createRenditionCache(imaging: () => ImagingPool): RenditionCache {
  let folder: Promise<string> | null = null;
  let closed = false;
  const jobs = new Map<string, Promise<MediaFile | null>>();
  // Whether a video plays as it is never changes for a content: read once per process.
  const playable = new Map<string, Promise<boolean>>();
  const controller = new AbortController();
  const signal = controller.signal;
  const cacheFolder = () => (folder ??= mkdtemp(path.join(tmpdir(), 'shoebox-renditions-')));

  /** The file `name` of the cache, made by `make(file, folder)` unless it exists already. */
  function cached(
    name: string,
    contentType: string,
    make: (file: string, inFolder: string) => Promise<void>,
  ): Promise<MediaFile | null> {
    if (closed) return Promise.resolve(null);
    let job = jobs.get(name);
    if (!job) {
      job = (async () => {
        const inFolder = await cacheFolder();
        const file = path.join(inFolder, name);
        const made = await mediaFileAt(file, contentType, inFolder);
        if (made || closed) return made;
        await make(file, inFolder);
        return mediaFileAt(file, contentType, inFolder);
      })()
        // A picture that cannot be decoded, a video ffmpeg cannot read, a pool that is gone:
        // the viewer keeps its large, or its poster.
        .catch(() => null)
        .finally(() => jobs.delete(name));
      jobs.set(name, job);
    }
    return job;
  }

  return {
    rendition(hash, sourcePath) {
      if (!HASH.test(hash)) return Promise.resolve(null);
      return cached(`${hash}.jpg`, 'image/jpeg', async (file) => {
        await imaging().makeFullSize({ sourcePath, outputPath: file }, signal);
      });
    },
    rawRendition(hash, facts) {
      if (!HASH.test(hash)) return Promise.resolve(null);
      return cached(`${hash}.jpg`, 'image/jpeg', async (file, inFolder) => {
        // The preview is extracted into the cache's own folder: nothing of the library's.
        const source = await prepareDerivativeSource(
          { ...facts, pairPath: null },
          { folder: inFolder, leaseId: 'viewer' },
          signal,
        );
        try {
          // Previews carry no orientation: the RAW's is written into the extracted copy.
          await orientJpegFile(source.sourcePath, ORIENTATION_OF_TURN[source.turn]);
          await imaging().makeFullSize({ sourcePath: source.sourcePath, outputPath: file }, signal);
        } finally {
          await source.release();
        }
      });
    },
    webCopy(hash, videoPath) {
      if (!HASH.test(hash)) return Promise.resolve(null);
      return cached(`${hash}.mp4`, 'video/mp4', (file) => makeWebCopy(videoPath, file, { signal }));
    },
    playsAsIs(hash, videoPath) {
      if (closed || !HASH.test(hash)) return Promise.resolve(false);
      let known = playable.get(hash);
      if (!known) {
        known = readVideoMetadata(videoPath).then(
          (metadata) => metadata.browserPlayable,
          () => false,
        );
        playable.set(hash, known);
      }
      return known;
    },
    async close() {
      closed = true;
      controller.abort();
      await Promise.all(jobs.values());
      if (folder) {
        const made = await folder.catch(() => null);
        if (made) await rm(made, { recursive: true, force: true });
      }
    },
  };
}

/** A regular file at `file`, as a MediaFile of `contentType` in `folder`, or null. */
export async function mediaFileAt(
  file: string,
  contentType: string,
  folder: string,
): Promise<MediaFile | null> {
  const info = await stat(file).catch(() => null);
  return info?.isFile() ? { path: file, contentType, bytes: info.size, folder } : null;
}
