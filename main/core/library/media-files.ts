import { stat } from 'node:fs/promises';
import { DERIVATIVE_SIZE_NAMES, type DerivativeSize } from '../../../common/derivative-sizes';
import { fromStoredPath, type LibraryLayout } from './library-paths';
import type { PhotoRepository } from './photo-repository';

/** A derivative file a media URL resolves to. */
export interface MediaFile {
  path: string;
  contentType: string;
  bytes: number;
}

/** The derivative file of a photo, or null for an unknown photo or size, or a missing file. */
export async function resolveMediaFile(
  layout: LibraryLayout,
  photos: PhotoRepository,
  photoId: number,
  size: string,
): Promise<MediaFile | null> {
  if (!Number.isSafeInteger(photoId) || !DERIVATIVE_SIZE_NAMES.includes(size as DerivativeSize)) {
    return null;
  }
  const row = photos
    .derivativesOf([photoId])
    .get(photoId)
    ?.find((d) => d.size === size);
  if (!row) return null;
  // Stored paths come from a database file users can edit: the file must stay inside.
  const file = fromStoredPath(layout, row.stored_path);
  if (!file) return null;
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return null;
  return { path: file, contentType: 'image/webp', bytes: info.size };
}
