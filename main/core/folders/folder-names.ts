/**
 * What a `folder:` search term names: an added folder by its path on disk now (or a folder
 * inside it), or by its name, the last segment of its path (`2024 Summer`, any case), with a
 * folder inside it after a `/` (`2024 Summer/Beach`). Two added folders of one name both match.
 */
import path from 'node:path';
import { FolderRepository, rootPath } from './folder-repository';
import type { LibraryDatabase } from '../library/database';

/** An added folder and a `/`-separated folder inside it (`''`: all of it). */
export interface FolderPlace {
  rootId: number;
  within: string;
}

/** The places `value` names among the folders added to `db`'s library. */
export function foldersNamed(db: LibraryDatabase, value: string): FolderPlace[] {
  const roots = new FolderRepository(db).listRoots();
  if (path.isAbsolute(value)) {
    const wanted = path.resolve(value);
    return roots.flatMap((root) => {
      const where = path.resolve(rootPath(root));
      if (wanted === where) return [{ rootId: root.id, within: '' }];
      const inside = path.relative(where, wanted);
      if (inside.startsWith('..') || path.isAbsolute(inside)) return [];
      return [{ rootId: root.id, within: inside.split(path.sep).join('/') }];
    });
  }
  const [name = '', ...below] = value.split('/').filter((segment) => segment !== '');
  return roots
    .filter((root) => path.basename(rootPath(root)).toLowerCase() === name.toLowerCase())
    .map((root) => ({ rootId: root.id, within: below.join('/') }));
}
