import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCameraCards, hasDcimFolder } from '../../../../main/core/cards/camera-cards';
import { makeTempDir } from '../../../helpers/temp-dir';
import { fakeVolumeSystem, type FakeEntry } from './fake-volume-system';

const folder: FakeEntry = { kind: 'folder' };

describe('findCameraCards', () => {
  it('keeps the volumes with DCIM at their root, in either case, and drops the others', async () => {
    const system = fakeVolumeSystem({
      '/Volumes': folder,
      '/Volumes/EOS_DIGITAL': { kind: 'folder', dev: 2 },
      '/Volumes/EOS_DIGITAL/DCIM': folder,
      '/Volumes/EOS_DIGITAL/DCIM/100CANON': folder,
      // Written by a camera that spells it in lower case, on a file system that minds case.
      '/Volumes/PHONE': { kind: 'folder', dev: 3 },
      '/Volumes/PHONE/dcim': folder,
      '/Volumes/Backup': { kind: 'folder', dev: 4 },
      '/Volumes/Backup/Photos': folder,
      '/Volumes/Odd': { kind: 'folder', dev: 5 },
      '/Volumes/Odd/DCIM': { kind: 'file', text: 'not a folder' },
      // A DCIM deeper down is an album someone copied, not a card.
      '/Volumes/Archive': { kind: 'folder', dev: 6 },
      '/Volumes/Archive/2019/DCIM': folder,
    });
    expect(await findCameraCards({ platform: 'darwin', system })).toEqual([
      { path: '/Volumes/EOS_DIGITAL', label: 'EOS_DIGITAL', removable: null },
      { path: '/Volumes/PHONE', label: 'PHONE', removable: null },
    ]);
  });

  it("carries Linux's removability and finds a Windows drive's DCIM", async () => {
    const linux = fakeVolumeSystem({
      '/proc/self/mountinfo': {
        kind: 'file',
        text: '112 29 8:17 / /media/anna/EOS_DIGITAL rw - vfat /dev/sdb1 rw',
      },
      '/media/anna/EOS_DIGITAL/DCIM': folder,
      '/dev/sdb1': { kind: 'file', text: '' },
      '/sys/class/block/sdb1': {
        kind: 'link',
        target: '/sys/devices/platform/card-reader/block/sdb/sdb1',
      },
      '/sys/devices/platform/card-reader/block/sdb/sdb1': folder,
      '/sys/devices/platform/card-reader/block/sdb/sdb1/partition': { kind: 'file', text: '1' },
      '/sys/devices/platform/card-reader/block/sdb/removable': { kind: 'file', text: '1\n' },
    });
    expect(await findCameraCards({ platform: 'linux', system: linux })).toEqual([
      { path: '/media/anna/EOS_DIGITAL', label: 'EOS_DIGITAL', removable: true },
    ]);
    const windows = fakeVolumeSystem(
      { 'C:\\': folder, 'E:\\': { kind: 'folder', dev: 2 }, 'E:\\DCIM': folder },
      true,
    );
    expect(await findCameraCards({ platform: 'win32', system: windows })).toEqual([
      { path: 'E:\\', label: 'E:', removable: null },
    ]);
  });
});

describe('hasDcimFolder', () => {
  it('finds a real lower-case dcim folder on a file system that minds case', async () => {
    const card = await makeTempDir();
    await mkdir(path.join(card, 'dcim', '100MEDIA'), { recursive: true });
    expect(await hasDcimFolder(card)).toBe(true);
  });

  it('says no for a real DCIM file, an empty volume and a path that is not there', async () => {
    const volume = await makeTempDir();
    expect(await hasDcimFolder(volume)).toBe(false);
    await writeFile(path.join(volume, 'DCIM'), 'a file');
    expect(await hasDcimFolder(volume)).toBe(false);
    expect(await hasDcimFolder(path.join(volume, 'gone'))).toBe(false);
  });
});
