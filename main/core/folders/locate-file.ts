/**
 * "Locate…" for one file: a photo whose file went missing is pointed at where the user says it
 * is now, inside an added folder. Only the same content is taken (a photo is never linked to
 * another picture by mistake); its index row then follows the file, so the photo keeps its id,
 * description and albums, as a move found by a rescan does.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ShoeboxError } from '../../../common/errors';
import type { PhotoRepository } from '../library/photo-repository';
import { createContentReader } from './content-hash';
import type { FolderRepository } from './folder-repository';
import { rootPath } from './folder-repository';
import { pathKey } from './path-key';

/**
 * Re-links the original of photo `photoId` (left in an added folder) to the file at `file`.
 * NOT_FOUND for an unknown photo, INVALID_INPUT for a photo of the library, a file outside
 * every added folder (add its folder first) or a file of other content.
 */
export async function locateFile(
  folders: FolderRepository,
  photos: PhotoRepository,
  photoId: number,
  file: string,
): Promise<void> {
  const row = photos.findById(photoId);
  if (!row) throw new ShoeboxError('NOT_FOUND', `No photo has id ${photoId}`);
  const location = photos.locate(row.stored_path);
  if (!location) {
    throw new ShoeboxError('INVALID_INPUT', `"${row.original_name}" is in the library itself`);
  }
  const absolute = path.resolve(file);
  const root = folders
    .listRoots()
    .filter((candidate) => candidate.status === 'ok')
    .find((candidate) => absolute.startsWith(`${rootPath(candidate)}${path.sep}`));
  if (!root) {
    throw new ShoeboxError(
      'INVALID_INPUT',
      `${file} is in no added folder that is there now; add its folder first`,
    );
  }
  const info = await stat(absolute).catch(() => null);
  if (!info?.isFile()) throw new ShoeboxError('INVALID_INPUT', `${file} is not a file`);
  const reader = createContentReader();
  if (info.size !== row.bytes || (await reader.fullHash(absolute)) !== row.hash) {
    throw new ShoeboxError(
      'INVALID_INPUT',
      `${file} is not "${row.original_name}": its content differs; locate the file it was`,
    );
  }
  const { hash: quickHash } = await reader.quickHash(absolute);
  const relPath = path.relative(rootPath(root), absolute).split(path.sep).join('/');
  folders.relinkFile(location.folderFileId, {
    rootId: root.id,
    relPath,
    pathKey: pathKey(relPath, root.volume.caseInsensitive),
    size: info.size,
    mtimeMs: info.mtimeMs,
    quickHash,
    fullHash: row.hash,
  });
}
