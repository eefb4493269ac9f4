/**
 * What kind of disk the library folder is on. SQLite's write-ahead log keeps its index in
 * shared memory, which NFS and SMB cannot share between computers, and their locks are not
 * reliable: a library there, opened by two computers, can be damaged (sqlite.org/wal.html,
 * "WAL does not work over a network filesystem"; organise.md, the in-place part). Shoebox says
 * so rather than finding out after the fact.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import {
  isNetworkMount,
  mountOf,
  volumePlatformFor,
  type VolumePlatform,
} from '../folders/volume-platform';

/** The file system the library folder is on. */
export interface LibraryStorage {
  /** A network share (NFS, SMB, SSHFS…): the database is not safe there. */
  network: boolean;
  /** `ext4`, `apfs`, `nfs4`, `smbfs`, …; `''` when the OS did not say. */
  fileSystem: string;
  /**
   * The database is kept on this computer's disk (`shoebox database move-local`), so a library
   * on a share is safe to open from here.
   */
  databaseLocal: boolean;
}

/**
 * The file system `root` is on (or, for a library not made yet, the folder it will be made in):
 * followed through symbolic links, so a link to a share is the share. A Windows UNC path
 * (`\\nas\photos`) is a share whatever the drive listing says; unknown is a local disk.
 */
export async function libraryStorageOf(
  root: string,
  options: { databaseLocal?: boolean; platform?: VolumePlatform } = {},
): Promise<LibraryStorage> {
  const platform = options.platform ?? volumePlatformFor();
  const databaseLocal = options.databaseLocal ?? false;
  const { paths } = platform;
  if (paths === path.win32 && /^[\\/]{2}[^\\/?.]/.test(root)) {
    return { network: true, fileSystem: 'smb', databaseLocal };
  }
  const folder = await existingAncestor(root, paths);
  const mount = mountOf(await platform.listMounts(), folder, paths);
  if (!mount) return { network: false, fileSystem: '', databaseLocal };
  return { network: isNetworkMount(mount), fileSystem: mount.fsType, databaseLocal };
}

/** The real path of `folder`, or of its nearest parent that exists. */
async function existingAncestor(folder: string, paths: typeof path.posix): Promise<string> {
  for (let at = paths.resolve(folder); ; at = paths.dirname(at)) {
    const real = await realpath(at).catch(() => null);
    if (real !== null) return real;
    if (paths.dirname(at) === at) return at;
  }
}

/** What to tell someone whose library is on a share; null for a local disk. */
export function networkStorageWarning(root: string, storage: LibraryStorage): string | null {
  if (!storage.network || storage.databaseLocal) return null;
  const kind =
    storage.fileSystem === '' ? 'a network share' : `a network share (${storage.fileSystem})`;
  return (
    `The library at ${root} is on ${kind}. Its database is not safe there: SQLite's ` +
    'write-ahead log needs a local disk, and two computers opening the library at once can ' +
    'damage it. Keep the library on a local disk, or keep its database on this computer ' +
    '(`shoebox database move-local`, with no other Shoebox open; the photos stay on the share).'
  );
}
