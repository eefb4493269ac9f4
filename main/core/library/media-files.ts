import { stat } from 'node:fs/promises';
import type { ImageFormat } from '../../../common/contract';
import { DERIVATIVE_SIZE_NAMES, type DerivativeSize } from '../../../common/derivative-sizes';
import { fromStoredPath, type LibraryLayout } from './library-paths';
import type { PhotoRepository } from './photo-repository';

/** A derivative file a media URL resolves to. */
export interface MediaFile {
  path: string;
  contentType: string;
  bytes: number;
}

/** The media size that names the original file itself, for the viewer's 1:1. */
export const ORIGINAL_MEDIA = 'original';

// Only what every browser shows as it is: HEIC and TIFF originals are not served (the viewer
// zooms its large rendition instead), so no page ever receives bytes it would offer to save.
const BROWSER_TYPES: Partial<Record<ImageFormat, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
};

/** A regular file at `file`, as a MediaFile of `contentType`, or null. */
async function mediaFileAt(file: string, contentType: string): Promise<MediaFile | null> {
  const info = await stat(file).catch(() => null);
  return info?.isFile() ? { path: file, contentType, bytes: info.size } : null;
}

/**
 * The original file of a photo when a browser can show its format and it is not rotated in the
 * library (the original's bytes are never rotated), else null.
 */
async function resolveOriginalFile(
  layout: LibraryLayout,
  photos: PhotoRepository,
  photoId: number,
): Promise<MediaFile | null> {
  const row = photos.findById(photoId);
  const contentType = row && BROWSER_TYPES[row.format];
  const rotated = ((row as { rotation?: number } | undefined)?.rotation ?? 0) !== 0;
  if (!row || !contentType || rotated) return null;
  // As for derivatives: the stored path must stay inside the library.
  const file = fromStoredPath(layout, row.stored_path);
  return file ? mediaFileAt(file, contentType) : null;
}

/**
 * The derivative file of a photo, or its original for `'original'`; null for an unknown photo
 * or size, an original a browser cannot show, or a missing file.
 */
export async function resolveMediaFile(
  layout: LibraryLayout,
  photos: PhotoRepository,
  photoId: number,
  size: string,
): Promise<MediaFile | null> {
  if (!Number.isSafeInteger(photoId)) return null;
  if (size === ORIGINAL_MEDIA) return resolveOriginalFile(layout, photos, photoId);
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
  return file ? mediaFileAt(file, 'image/webp') : null;
}
