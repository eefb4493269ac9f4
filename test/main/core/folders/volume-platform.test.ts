/**
 * Volume identity by file-system UUID, through a platform that says which device is mounted
 * where (the real folders stand in for mounts), and the parsing of what macOS and Windows say.
 */
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addFolder, rescanFolders } from '../../../../main/core/folders/folder-service';
import {
  mountOf,
  parseMacMountOutput,
  parsePlistScalars,
  parseWindowsDisks,
  placeInMount,
  volumePlatformFor,
  type FolderMount,
  type VolumePlatform,
} from '../../../../main/core/folders/volume-platform';
import { makeTempDir } from '../../../helpers/temp-dir';
import { closeDatabases, indexRows, makeLibraryDatabase, writeMediaFile } from './folder-fixtures';

afterEach(closeDatabases);

/** A platform on which `/dev/sdz1` (UUID 0a1b-2c3d) is mounted wherever `mounts` says. */
function fakePlatform(mounts: FolderMount[]): VolumePlatform {
  return {
    paths: path.posix,
    listMounts: async () => mounts,
    fsUuid: async (mount) => (mount.source === '/dev/sdz1' ? '0a1b-2c3d' : null),
    removable: async (mount) => mount.source === '/dev/sdz1',
  };
}

describe('volumes by file-system UUID', () => {
  it('finds a drive again at another mount point, and offline when no mount has its UUID', async () => {
    const base = await makeTempDir('shoebox-uuid-');
    const first = path.join(base, 'media', 'LaCie');
    await writeMediaFile(path.join(first, 'Photos', 'a.jpg'), 'a');
    const mounts: FolderMount[] = [
      { mountPoint: '/', fsRoot: '/', fsType: 'ext4', source: '/dev/vda' },
      { mountPoint: first, fsRoot: '/', fsType: 'exfat', source: '/dev/sdz1' },
    ];
    const platform = fakePlatform(mounts);
    const db = await makeLibraryDatabase();
    const { root } = await addFolder(db, path.join(first, 'Photos'), { platform });
    expect(root).toMatchObject({
      relPath: 'Photos',
      volume: {
        identityKind: 'fs-uuid',
        identity: '0a1b-2c3d',
        kind: 'removable',
        mountPath: first,
      },
    });
    const rows = indexRows(db);

    const second = path.join(base, 'media', 'LaCie1');
    await rename(first, second);
    mounts[1] = { ...mounts[1], mountPoint: second };
    const moved = await rescanFolders(db, { platform });
    expect(moved.roots).toMatchObject([{ status: 'ok', path: path.join(second, 'Photos') }]);
    expect(moved.counts).toEqual({ added: 0, changed: 0, moved: 0, missing: 0, returned: 0 });
    expect(indexRows(db)).toEqual(rows);

    // Unplugged: the folder is still on disk here, but no mount has the UUID, so it is not the drive.
    mounts.pop();
    const unplugged = await rescanFolders(db, { platform });
    expect(unplugged.roots[0].status).toBe('offline');
    expect(indexRows(db)).toEqual(rows);
  });
});

describe('what each OS says about its mounts', () => {
  it('reads macOS mount lines and diskutil plists', () => {
    expect(
      parseMacMountOutput(
        [
          '/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)',
          '/dev/disk5s1 on /Volumes/My Passport (exfat, local, nodev, nosuid, noowners)',
          '//anna@nas._smb._tcp.local/photos on /Volumes/photos (smbfs, nodev, nosuid, mounted by anna)',
        ].join('\n'),
      ),
    ).toEqual([
      { source: '/dev/disk3s1s1', mountPoint: '/', fsType: 'apfs', fsRoot: '/' },
      { source: '/dev/disk5s1', mountPoint: '/Volumes/My Passport', fsType: 'exfat', fsRoot: '/' },
      {
        source: '//anna@nas._smb._tcp.local/photos',
        mountPoint: '/Volumes/photos',
        fsType: 'smbfs',
        fsRoot: '/',
      },
    ]);
    const plist = parsePlistScalars(
      '<dict><key>Ejectable</key><true/><key>Internal</key><false/><key>TotalSize</key>' +
        '<integer>500107862016</integer><key>VolumeUUID</key><string>5E1D3B2A-9C44-3F0E-8D71-0C6E2A7F9B10</string></dict>',
    );
    expect(plist.get('VolumeUUID')).toBe('5E1D3B2A-9C44-3F0E-8D71-0C6E2A7F9B10');
    expect(plist.get('Ejectable')).toBe('true');
    expect(plist.get('Internal')).toBe('false');
  });

  it("reads Windows' logical disks, one or many, and asks PowerShell once", async () => {
    const json = JSON.stringify([
      {
        DeviceID: 'C:',
        DriveType: 3,
        FileSystem: 'NTFS',
        VolumeSerialNumber: '1A2B3C4D',
        ProviderName: null,
      },
      {
        DeviceID: 'E:',
        DriveType: 2,
        FileSystem: 'exFAT',
        VolumeSerialNumber: '5E6F7A8B',
        ProviderName: null,
      },
      {
        DeviceID: 'Z:',
        DriveType: 4,
        FileSystem: 'NTFS',
        VolumeSerialNumber: '99AA00BB',
        ProviderName: '\\\\nas\\photos',
      },
    ]);
    expect(parseWindowsDisks(JSON.stringify({ DeviceID: 'C:', DriveType: 3 }))).toHaveLength(1);
    expect(parseWindowsDisks('not json')).toEqual([]);
    const calls: string[] = [];
    const platform = volumePlatformFor('win32', async (command) => {
      calls.push(command);
      return json;
    });
    const mounts = await platform.listMounts();
    expect(mounts.map((mount) => mount.mountPoint)).toEqual(['C:\\', 'E:\\', 'Z:\\']);
    expect(await Promise.all(mounts.map((mount) => platform.fsUuid(mount)))).toEqual([
      '1A2B3C4D',
      '5E6F7A8B',
      null,
    ]);
    expect(await Promise.all(mounts.map((mount) => platform.removable(mount)))).toEqual([
      false,
      true,
      false,
    ]);
    expect(mountOf(mounts, 'E:\\Photos\\2024', path.win32)?.mountPoint).toBe('E:\\');
    expect(calls).toEqual(['powershell.exe']);
  });

  it('places a folder of a file system below a bind mount of a part of it', () => {
    const bind: FolderMount = {
      mountPoint: '/srv/pics',
      fsRoot: '/home/anna/Pictures',
      fsType: 'ext4',
      source: '/dev/sda2',
    };
    expect(placeInMount(bind, '/home/anna/Pictures/2024', path.posix)).toBe('/srv/pics/2024');
    expect(placeInMount(bind, '/home/anna/Music', path.posix)).toBeNull();
  });
});
