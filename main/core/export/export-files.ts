/**
 * The files of an export as the writers (folder and zip) see them, and what they share: how a
 * library derivative is read (copied as is, stripped of metadata, or given a GPS-only EXIF),
 * video originals copied as they are, files made on the way (web copies of videos), and
 * cancellation.
 */
import { open } from 'node:fs/promises';
import { ShoeboxError } from '../../../common/errors';
import { VideoError } from '../video/video-error';
import { gpsExif, type GpsPosition } from './gps-exif';
import {
  inspectWebpHeader,
  stripWebpMetadata,
  WEBP_HEADER_BYTES,
  withWebpExif,
} from './webp-metadata';

/** A library derivative to copy (stripped of metadata, or given a GPS-only EXIF). */
export interface ImageFile {
  kind: 'image';
  /** Path inside the gallery, `/`-separated. */
  name: string;
  /** Absolute path of the derivative in the library. */
  source: string;
  /** Which photo it belongs to (its index in the gallery), for progress. */
  photo: number;
  /** How users know the photo, for error messages. */
  label: string;
  /** The position to write into the image (an export keeping GPS); none when absent. */
  gps?: GpsPosition | null;
}

/** A video original the gallery plays as it is: copied byte for byte. */
export interface VideoCopyFile {
  kind: 'video';
  name: string;
  /** Absolute path of the original in the library. */
  source: string;
  photo: number;
  label: string;
}

/**
 * A file made from a library file by a slow step that can fail on its own (a video's web copy):
 * writers make these one at a time, and a failure fails this item only (`onFailed`), not the
 * export. A folder export keeps one made from the same unchanged source by the same `recipe`.
 */
export interface MadeFile {
  kind: 'made';
  name: string;
  /** Absolute path of the library file it is made from. */
  source: string;
  /** What is made from the source (a web copy, a copy without its position…): recorded. */
  recipe: string;
  /** Writes the file at `dest` (a temporary name); progress 0..1. */
  make: (
    dest: string,
    options: { signal?: AbortSignal; onProgress: (fraction: number) => void },
  ) => Promise<void>;
  photo: number;
  label: string;
}

/**
 * Generated content: a buffer, or a function called once every other file is in place (the
 * page, which leaves out what failed to be made).
 */
export interface DataFile {
  kind: 'data';
  name: string;
  data: Buffer | (() => Buffer);
}

/** A file an export writes. */
export type ExportFile = ImageFile | VideoCopyFile | MadeFile | DataFile;

/** The files of one photo (the ones progress counts), as opposed to generated ones. */
export type PhotoFile = ImageFile | VideoCopyFile | MadeFile;

/** The bytes of a generated file. */
export function dataOf(file: DataFile): Buffer {
  return typeof file.data === 'function' ? file.data() : file.data;
}

/**
 * Why a made file failed, for the person exporting: a VideoError's message says which file
 * and what is wrong with it. CANCELLED is not a failure of the item: it ends the export.
 */
export function madeFileFailure(file: MadeFile, error: unknown): string | null {
  if (error instanceof ShoeboxError && error.code === 'CANCELLED') return null;
  if (error instanceof VideoError && error.code === 'CANCELLED') return null;
  const reason = error instanceof Error ? error.message : String(error);
  return (
    `"${file.label}" could not be made playable for the gallery (${reason}); it is shown as a ` +
    'still. `shoebox verify` checks whether its original is still whole.'
  );
}

/**
 * A derivative ready to be copied: byte for byte, or as a rewritten copy in memory (stripped
 * of metadata, or carrying a GPS position).
 */
export interface ImageSource {
  bytes: number;
  mtimeMs: number;
  /** Set when the derivative carried metadata or gets GPS: the bytes to write instead. */
  rewritten: Buffer | null;
}

/**
 * Checks a derivative before it is published: it must be a WebP, and any EXIF/XMP in it is
 * removed (without re-encoding); with `file.gps`, an EXIF chunk holding only that position is
 * written in. Reads 21 bytes in the usual case: clean, and no GPS to add.
 */
export async function openImageSource(file: ImageFile): Promise<ImageSource> {
  let handle;
  try {
    handle = await open(file.source, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ShoeboxError(
        'NOT_FOUND',
        `The web copy ${file.name} of "${file.label}" is missing from the library; run \`shoebox verify --repair\` to remake it.`,
      );
    }
    throw error;
  }
  try {
    const info = await handle.stat();
    const header = Buffer.alloc(WEBP_HEADER_BYTES);
    const { bytesRead } = await handle.read(header, 0, WEBP_HEADER_BYTES, 0);
    const kind = inspectWebpHeader(header.subarray(0, bytesRead));
    if (kind === 'not-webp') {
      throw new ShoeboxError(
        'IO_ERROR',
        `The web copy of "${file.label}" is not a WebP file; run \`shoebox verify --repair\`.`,
      );
    }
    const rewritten =
      kind === 'has-metadata' || file.gps ? rewriteOrFail(await handle.readFile(), file) : null;
    return { bytes: info.size, mtimeMs: info.mtimeMs, rewritten };
  } finally {
    await handle.close();
  }
}

function rewriteOrFail(data: Buffer, file: ImageFile): Buffer {
  try {
    return file.gps ? withWebpExif(data, gpsExif(file.gps)) : stripWebpMetadata(data);
  } catch (error) {
    throw new ShoeboxError(
      'IO_ERROR',
      `The web copy ${file.name} of "${file.label}" is damaged (${(error as Error).message}); run \`shoebox verify --repair\`.`,
    );
  }
}

/** Throws CANCELLED once `signal` has fired. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ShoeboxError('CANCELLED', 'The export was cancelled.');
}

/** Whether a file is already compressed (zip stores it as is rather than deflating again). */
export function isCompressed(name: string): boolean {
  return /\.(?:webp|mp4|mov)$/.test(name);
}
