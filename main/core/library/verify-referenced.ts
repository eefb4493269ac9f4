/**
 * Verify's check of a file left in an added folder (folders in place): the user's file, not
 * the library's, so what is wrong with it is a notice, never a problem (exit 0): `missing`
 * (gone from a folder that is there: a rescan keeps it marked), `offline` (its drive is not
 * there: browsable from its derivatives) or `changed` (edited since the last rescan, which makes
 * it anew). A repair never touches it.
 */
import { stat } from 'node:fs/promises';
import { hashFile } from '../import/hash-file';
import type { PhotoRepository } from './photo-repository';

/** Something verify saw that is no fault of the library: a referenced file not as recorded. */
export interface Notice {
  kind: 'missing' | 'offline' | 'changed';
  /** The file where it is (or was last seen). */
  path: string;
  photoId: number;
  detail: string;
}

/**
 * Checks a referenced file (`stored` is its `folder:<id>`) against what its photo recorded;
 * adds a notice when it is not there or not the same. Answers whether it is there and the same
 * (a photo's derivatives are only remade from such a file). Null when the reference names no
 * index row: its row is wrong, which is the caller's problem to report.
 */
export async function checkReferencedFile(
  photos: PhotoRepository,
  file: { stored: string; photoId: number; bytes: number; hash: string; what: string },
  quick: boolean,
  notices: Notice[],
): Promise<boolean | null> {
  const location = photos.locate(file.stored);
  if (!location) return null;
  const notice = (kind: Notice['kind'], detail: string): false => {
    notices.push({ kind, path: location.path, photoId: file.photoId, detail });
    return false;
  };
  if (location.status === 'offline') {
    return notice('offline', `${file.what} is on a drive or share that is not there now`);
  }
  const info = location.status === 'ok' ? await stat(location.path).catch(() => null) : null;
  if (!info) return notice('missing', `${file.what} is missing from its folder`);
  if (info.size !== file.bytes || (!quick && (await hashFile(location.path)) !== file.hash)) {
    return notice('changed', `${file.what} changed since it was indexed; a rescan makes it anew`);
  }
  return true;
}
