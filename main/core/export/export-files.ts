/**
 * The files of an export as the writers (folder and zip) see them, and what they share: how a
 * library derivative is read (copied as is, stripped of metadata, or given a GPS-only EXIF),
 * atomic temp names, and cancellation.
 */
import { open } from 'node:fs/promises';
import { ShoeboxError } from '../../../common/errors';
import { gpsExif, type GpsPosition } from './gps-exif';
import {
  inspectWebpHeader,
  stripWebpMetadata,
  WEBP_HEADER_BYTES,
  withWebpExif,
} from './webp-metadata';

/** A file an export writes: a library derivative to copy, or generated content. */
export type ExportFile =
  | {
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
  | { name: string; data: Buffer };

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
export async function openImageSource(
  file: Extract<ExportFile, { source: string }>,
): Promise<ImageSource> {
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

function rewriteOrFail(data: Buffer, file: Extract<ExportFile, { source: string }>): Buffer {
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
  return name.endsWith('.webp');
}
