import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MediaFormat } from '../../../common/contract';
import { DERIVATIVE_SIZE_NAMES, type DerivativeSize } from '../../../common/derivative-sizes';
import type { ImagingPool } from '../imaging/imaging-pool';
import { fromStoredPath, type LibraryLayout } from './library-paths';
import type { PhotoRepository } from './photo-repository';

/** A derivative file a media URL resolves to. */
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

/** The media size that names the original file itself, for the viewer's 1:1. */
export const ORIGINAL_MEDIA = 'original';

// The viewer's 1:1 shows the original's own pixels. What every browser shows is served as it
// is; HEIC and TIFF as their full-size rendition, a JPEG made on the first request (below):
// no page ever receives bytes of a format it would only offer to save. Both are unrotated by
// the library's rotation (the viewer turns them), so a turned photo is served the same way.
const BROWSER_TYPES: Partial<Record<MediaFormat, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
};

/** Formats a browser cannot show, served at 1:1 as a full-size JPEG rendition. */
const RENDERED_FORMATS: ReadonlySet<MediaFormat> = new Set(['heic', 'tiff']);

// A content hash as the library stores it: hex only, so it is a safe file name.
const HASH = /^[0-9a-f]{16,128}$/;

/**
 * Full-size JPEG renditions of the originals browsers cannot show, made through the imaging
 * pool on first request and kept for this process in a folder of its own outside the library
 * (`<tmp>/shoebox-renditions-<random>/`, made on first use, removed by `close`). Named by the
 * photo's content hash: an entry is that content's and no other photo's.
 */
export interface RenditionCache {
  /** The rendition of this content, made now if missing (one job per hash), or null. */
  rendition(hash: string, sourcePath: string): Promise<MediaFile | null>;
  /** Cancels the renditions being made and removes the folder; later requests answer null. */
  close(): Promise<void>;
}

/** A rendition cache that makes its files with `imaging()` (started on first use). */
export function createRenditionCache(imaging: () => ImagingPool): RenditionCache {
  let folder: Promise<string> | null = null;
  let closed = false;
  const jobs = new Map<string, Promise<MediaFile | null>>();
  const controller = new AbortController();

  async function make(hash: string, sourcePath: string): Promise<MediaFile | null> {
    folder ??= mkdtemp(path.join(tmpdir(), 'shoebox-renditions-'));
    const file = path.join(await folder, `${hash}.jpg`);
    const made = await mediaFileAt(file, 'image/jpeg', await folder);
    if (made || closed) return made;
    try {
      await imaging().makeFullSize({ sourcePath, outputPath: file }, controller.signal);
    } catch {
      // A photo that cannot be decoded, or a pool that is gone: the viewer keeps its large.
      return null;
    }
    return mediaFileAt(file, 'image/jpeg', await folder);
  }

  return {
    rendition(hash, sourcePath) {
      if (closed || !HASH.test(hash)) return Promise.resolve(null);
      let job = jobs.get(hash);
      if (!job) {
        job = make(hash, sourcePath)
          .catch(() => null)
          .finally(() => jobs.delete(hash));
        jobs.set(hash, job);
      }
      return job;
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
async function mediaFileAt(
  file: string,
  contentType: string,
  folder: string,
): Promise<MediaFile | null> {
  const info = await stat(file).catch(() => null);
  return info?.isFile() ? { path: file, contentType, bytes: info.size, folder } : null;
}

/**
 * What the viewer's 1:1 shows of a photo, never turned by its library rotation: the original
 * file when a browser can show its format, its full-size rendition for HEIC and TIFF (when a
 * cache is given), else null.
 */
async function resolveOriginalFile(
  layout: LibraryLayout,
  photos: PhotoRepository,
  photoId: number,
  renditions: RenditionCache | undefined,
): Promise<MediaFile | null> {
  const row = photos.findById(photoId);
  if (!row) return null;
  // As for derivatives: the stored path must stay inside the library.
  const file = fromStoredPath(layout, row.stored_path);
  if (!file) return null;
  const contentType = BROWSER_TYPES[row.format];
  if (contentType) return mediaFileAt(file, contentType, layout.originals);
  if (renditions && RENDERED_FORMATS.has(row.format)) return renditions.rendition(row.hash, file);
  return null;
}

/**
 * The derivative file of a photo, or for `'original'` what its 1:1 shows (the original, or
 * its full-size rendition from `renditions`); null for an unknown photo or size, an original
 * that cannot be shown, or a missing file.
 */
export async function resolveMediaFile(
  layout: LibraryLayout,
  photos: PhotoRepository,
  photoId: number,
  size: string,
  renditions?: RenditionCache,
): Promise<MediaFile | null> {
  if (!Number.isSafeInteger(photoId)) return null;
  if (size === ORIGINAL_MEDIA) return resolveOriginalFile(layout, photos, photoId, renditions);
  if (!DERIVATIVE_SIZE_NAMES.includes(size as DerivativeSize)) {
    return null;
  }
  const row = photos
    .derivativesOf([photoId])
    .get(photoId)
    ?.find((d) => d.size === size);
  if (!row) return null;
  // Stored paths come from a database file users can edit: the file must stay inside.
  const file = fromStoredPath(layout, row.stored_path);
  return file ? mediaFileAt(file, 'image/webp', layout.derivatives) : null;
}
