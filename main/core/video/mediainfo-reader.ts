/**
 * MediaInfoLib (mediainfo.js, WebAssembly) run on a file from disk: one instance per process,
 * made on the first video (compiling the 2.5 MB module takes ~25-50 ms and a few MB that an
 * import of photos alone never needs), fed in chunks read from the file at the offsets it asks
 * for, so a 4 GB camera clip costs a few reads of its header and index, never its whole size
 * in memory.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { MediaInfo, MediaInfoResult } from 'mediainfo.js';
import { unpackedFromAsar } from './ffmpeg-binary';
import { VideoError } from './video-error';

/** One track of mediainfo's answer, as loosely typed as mediainfo gives it. */
export type MediaInfoTrack = Record<string, unknown> & {
  '@type': string;
  extra?: Record<string, unknown>;
};

let instance: Promise<MediaInfo<'object'>> | undefined;
// The instance parses one file at a time (mediainfo.js refuses a second analysis while one
// runs), so files queue here: each analysis starts when the one before it has settled.
let queue: Promise<unknown> = Promise.resolve();

/**
 * The tracks MediaInfoLib finds in the file at `path` (General first). Rejects with
 * VideoError('IO') when the file cannot be opened or read.
 */
export function analyzeFile(path: string): Promise<MediaInfoTrack[]> {
  const run = queue.then(() => analyzeNow(path));
  queue = run.catch(() => undefined);
  return run;
}

async function analyzeNow(path: string): Promise<MediaInfoTrack[]> {
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (error) {
    throw new VideoError('IO', `${path} could not be opened: ${messageOf(error)}`);
  }
  try {
    const { size } = await file.stat().catch((error: unknown) => {
      throw new VideoError('IO', `${path} could not be read: ${messageOf(error)}`);
    });
    const mediainfo = await mediaInfo().catch((error: unknown) => {
      throw new VideoError(
        'IO',
        `the video metadata reader (mediainfo.js) did not load: ${messageOf(error)}`,
      );
    });
    let result: MediaInfoResult;
    try {
      result = await mediainfo.analyzeData(size, (length, offset) =>
        readChunk(file, length, offset),
      );
    } catch (error) {
      if (error instanceof VideoError) throw error;
      throw new VideoError('CORRUPT', `${path} could not be parsed: ${messageOf(error)}`);
    }
    return (result.media?.track ?? []) as unknown as MediaInfoTrack[];
  } finally {
    await file.close();
  }
}

async function readChunk(file: FileHandle, length: number, offset: number): Promise<Uint8Array> {
  try {
    const { bytesRead, buffer } = await file.read(Buffer.alloc(length), 0, length, offset);
    return buffer.subarray(0, bytesRead);
  } catch (error) {
    throw new VideoError('IO', `reading at byte ${offset} failed: ${messageOf(error)}`);
  }
}

function mediaInfo(): Promise<MediaInfo<'object'>> {
  instance ??= import('mediainfo.js').then(({ default: mediaInfoFactory }) =>
    mediaInfoFactory({
      format: 'object',
      // The package's own .wasm file, by path: its default would build a URL beside the script,
      // which under esbuild's bundle points at dist/. In a packaged app the file is unpacked
      // beside app.asar (electron-builder.yml), so a plain Node process can read it too.
      locateFile: () =>
        unpackedFromAsar(
          createRequire(import.meta.url).resolve('mediainfo.js/MediaInfoModule.wasm'),
        ),
    }),
  );
  // A failed load is not kept: the next video tries again (and says why again).
  instance.catch(() => {
    instance = undefined;
  });
  return instance;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
