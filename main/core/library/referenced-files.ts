/**
 * Files of photos that stay where they are (folders in place, issue #14). Their rows store
 * `folder:<folder_files id>` instead of a path in the library: the index row says where the
 * file is now (its root's volume, mounted wherever it is today, plus its path inside), so a
 * move, a rename or a drive plugged in at another path changes no photo row.
 *
 * The reference is not a library path on purpose: `fromStoredPath` refuses it, so any code
 * that reads, writes or removes library files by their stored path cannot reach a user's
 * file by mistake. Reading it goes through `ReferencedFiles.locate`.
 */
import type { PhotoSource, PhotoStatus } from '../../../common/contract';
import { rootPath } from '../folders/folder-repository';
import { pathInRoot } from '../folders/path-key';
import type { LibraryDatabase } from './database';

const PREFIX = 'folder:';

/** The SQL condition of a `stored_path` that is a file in the library, not a reference. */
export const IN_LIBRARY_SQL = `stored_path NOT LIKE '${PREFIX}%'`;

/** The stored path of a file of an added folder: its index row's id. */
export function referencedStoredPath(folderFileId: number): string {
  return `${PREFIX}${folderFileId}`;
}

/** The index row a stored path refers to, or null for a path in the library. */
export function referencedFileId(stored: string): number | null {
  if (!stored.startsWith(PREFIX)) return null;
  const id = Number(stored.slice(PREFIX.length));
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** Whether a stored path is a file of an added folder. */
export function isReferenced(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

/** Where a referenced file is now, and whether it can be read. */
export interface ReferencedLocation {
  /** Its absolute path where its folder is (or was last seen, when offline). */
  path: string;
  /** Its added folder's path now: a transport checks the real path is inside it. */
  folder: string;
  /** `missing`: gone from a folder that is there; `offline`: its folder's drive is not. */
  status: PhotoStatus;
  folderFileId: number;
  rootId: number;
  /** Whether its folder was added with `--write-xmp`: edits go to a sidecar beside it. */
  writeXmp: boolean;
}

interface LocationRow {
  id: number;
  root_id: number;
  rel_path: string;
  state: 'present' | 'missing';
  root_rel_path: string;
  root_status: 'ok' | 'offline';
  write_xmp: number;
  mount_path: string;
}

/** Finds referenced files through the folder index of one library database. */
export class ReferencedFiles {
  private readonly byId;

  constructor(db: LibraryDatabase) {
    this.byId = db.prepare<[number], LocationRow>(
      `SELECT f.id, f.root_id, f.rel_path, f.state, r.rel_path AS root_rel_path,
         r.status AS root_status, r.write_xmp, v.mount_path
       FROM folder_files f
       JOIN folder_roots r ON r.id = f.root_id
       JOIN volumes v ON v.id = r.volume_id
       WHERE f.id = ?`,
    );
  }

  /**
   * Where the file a stored reference names is, or null when the reference is not one or its
   * row is gone (its folder was removed). A `rel_path` that would leave its folder (an edited
   * database) is refused as well.
   */
  locate(stored: string): ReferencedLocation | null {
    const id = referencedFileId(stored);
    if (id === null) return null;
    const row = this.byId.get(id);
    if (!row) return null;
    const folder = rootPath({ relPath: row.root_rel_path, volume: { mountPath: row.mount_path } });
    const segments = row.rel_path.split('/');
    if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
      return null;
    }
    return {
      path: pathInRoot(folder, row.rel_path),
      folder,
      status:
        row.root_status === 'offline' ? 'offline' : row.state === 'missing' ? 'missing' : 'ok',
      folderFileId: row.id,
      rootId: row.root_id,
      writeXmp: row.write_xmp === 1,
    };
  }
}

/** Why a photo left in its folder cannot be read now, for an error a person reads. */
export function unreadableOriginal(name: string, status: Exclude<PhotoStatus, 'ok'>): string {
  return status === 'offline'
    ? `"${name}" is on a drive or share that is not connected; connect it and try again`
    : `"${name}" is missing from its folder; put it back (or locate its folder) and try again`;
}

/** Where a photo's original lives, as `Photo.source` says it. */
export function sourceOf(stored: string): PhotoSource {
  return isReferenced(stored) ? 'folder' : 'library';
}
