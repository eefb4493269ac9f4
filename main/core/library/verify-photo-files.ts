/**
 * Verify's check of a photo's files beside its original (a RAW's JPEG, a Live Photo's movie,
 * a camera's .THM or .AAE): each must be where its row says, with the size and content it was
 * imported with. They are originals of the user's as much as the photo's own: never deleted
 * or moved by a repair, only reported.
 */
import { stat } from 'node:fs/promises';
import { hashFile } from '../import/hash-file';
import { fromStoredPath } from './library-paths';
import type { PhotoFileRow } from './photo-file-repository';
import { isReferenced } from './referenced-files';
import type { Problem, VerifyDependencies, VerifyOptions } from './verify-service';
import { checkReferencedFile, type Notice } from './verify-referenced';

/** How each role is named in a problem's detail. */
const ROLE_NAMES: Record<PhotoFileRow['role'], string> = {
  pair: 'paired JPEG',
  motion: 'Live Photo movie',
  sidecar: 'camera sidecar',
};

/** Checks every photo's other files; adds each one to `knownFiles` (none of them is a stray). */
export async function checkPhotoFiles(
  deps: Pick<VerifyDependencies, 'layout' | 'photos'>,
  options: VerifyOptions,
  knownFiles: Set<string>,
  problems: Problem[],
  notices: Notice[],
): Promise<void> {
  for (const row of deps.photos.files.all()) {
    knownFiles.add(row.stored_path);
    const what = `the ${ROLE_NAMES[row.role]} ${row.original_name} of photo ${row.photo_id}`;
    if (isReferenced(row.stored_path)) {
      const found = await checkReferencedFile(
        deps.photos,
        { stored: row.stored_path, photoId: row.photo_id, bytes: row.bytes, hash: row.hash, what },
        options.quick === true,
        notices,
      );
      if (found === null) {
        problems.push({
          kind: 'missing-original',
          path: row.stored_path,
          photoId: row.photo_id,
          detail: `${what} names a file no added folder has`,
        });
      }
      continue;
    }
    const file = fromStoredPath(deps.layout, row.stored_path);
    const info = file ? await stat(file).catch(() => null) : null;
    if (!file || !info) {
      // Deleted for good with its photo by another process since the listing: not missing.
      if (!deps.photos.findById(row.photo_id)) continue;
      problems.push({
        kind: 'missing-original',
        path: row.stored_path,
        photoId: row.photo_id,
        detail: `${what} is missing`,
      });
    } else if (info.size !== row.bytes) {
      problems.push({
        kind: 'original-changed',
        path: row.stored_path,
        photoId: row.photo_id,
        detail: `${what} has ${info.size} bytes; ${row.bytes} were recorded`,
      });
    } else if (!options.quick && (await hashFile(file)) !== row.hash) {
      problems.push({
        kind: 'original-changed',
        path: row.stored_path,
        photoId: row.photo_id,
        detail: `the content of ${what} changed since import (hash differs)`,
      });
    }
  }
}
