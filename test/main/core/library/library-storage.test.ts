import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FolderMount, VolumePlatform } from '../../../../main/core/folders/volume-platform';
import {
  libraryStorageOf,
  networkStorageWarning,
} from '../../../../main/core/library/library-storage';
import { makeTempDir } from '../../../helpers/temp-dir';

/** A platform that lists these mounts (and knows nothing else). */
function platformWith(mounts: FolderMount[], paths = path.posix): VolumePlatform {
  return {
    paths,
    listMounts: async () => mounts,
    fsUuid: async () => null,
    removable: async () => null,
  };
}

const mount = (mountPoint: string, fsType: string): FolderMount => ({
  mountPoint,
  fsRoot: '/',
  fsType,
  source: fsType === 'nfs4' ? 'nas:/volume1/photos' : '/dev/sda1',
});

describe('libraryStorageOf', () => {
  it('finds a library on an NFS share, through a link to it, and where a new one would be made', async () => {
    const base = await makeTempDir();
    const share = path.join(base, 'nas');
    await mkdir(path.join(share, 'Photos'), { recursive: true });
    await symlink(path.join(share, 'Photos'), path.join(base, 'Photos-link'));
    const platform = platformWith([mount('/', 'ext4'), mount(share, 'nfs4')]);

    for (const root of ['Photos', '../Photos-link', 'Not-made-yet/Library']) {
      expect(await libraryStorageOf(path.join(share, root), { platform })).toEqual({
        network: true,
        fileSystem: 'nfs4',
        databaseLocal: false,
      });
    }
    expect(await libraryStorageOf(base, { platform })).toEqual({
      network: false,
      fileSystem: 'ext4',
      databaseLocal: false,
    });
  });

  it('takes a Windows UNC path for a share, and a mapped network drive by what Windows says', async () => {
    const drives = platformWith(
      [
        { mountPoint: 'C:\\', fsRoot: 'C:\\', fsType: 'NTFS', source: 'C:' },
        { mountPoint: 'Z:\\', fsRoot: 'Z:\\', fsType: 'NTFS', source: 'Z:', network: true },
      ],
      path.win32,
    );
    expect((await libraryStorageOf('\\\\nas\\photos\\Shoebox', { platform: drives })).network).toBe(
      true,
    );
    expect(await libraryStorageOf('Z:\\Photos\\Shoebox', { platform: drives })).toEqual({
      network: true,
      fileSystem: 'NTFS',
      databaseLocal: false,
    });
    expect((await libraryStorageOf('C:\\Users\\me\\Pictures', { platform: drives })).network).toBe(
      false,
    );
  });

  it('says the temporary folder of this machine is a local disk', async () => {
    const storage = await libraryStorageOf(await makeTempDir());
    expect(storage.network).toBe(false);
    expect(storage.fileSystem).not.toBe('');
  });
});

describe('networkStorageWarning', () => {
  it('says what is wrong and what to do, only for a share', () => {
    const share = { network: true, fileSystem: 'nfs4', databaseLocal: false };
    const warning = networkStorageWarning('/mnt/nas/Photos', share);
    expect(warning).toMatch(/^The library at \/mnt\/nas\/Photos is on a network share \(nfs4\)\./);
    expect(warning).toMatch(/shoebox database move-local/);
    const local = { network: false, fileSystem: 'ext4', databaseLocal: false };
    expect(networkStorageWarning('/home/me/Pictures', local)).toBeNull();
    // Its database on this computer's disk, the share is safe to open from here.
    expect(networkStorageWarning('/mnt/nas/Photos', { ...share, databaseLocal: true })).toBeNull();
  });
});
