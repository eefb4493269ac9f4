import { describe, expect, it } from 'vitest';
import { defaultMountRoots, listVolumes } from '../../../../main/core/cards/volumes';
import { fakeVolumeSystem, type FakeEntry } from './fake-volume-system';

const folder: FakeEntry = { kind: 'folder' };

// A Linux desktop: a card in a USB reader mounted by udisks, a phone's card in a laptop's SD
// slot, a fixed disk under /mnt, a network share, a container's deep mount, a tmpfs, and two
// mounts on one point of which the later hides the earlier.
const LINUX_MOUNTINFO = [
  '27 1 254:0 / / rw,relatime - ext4 /dev/sda1 rw',
  '112 29 8:17 / /media/anna/EOS\\040DIGITAL rw,nosuid shared:61 - vfat /dev/sdb1 rw',
  '113 29 179:1 / /run/media/bob/NIKON rw,nosuid shared:62 - exfat /dev/mmcblk0p1 rw',
  '114 27 8:2 / /mnt/backup rw - ext4 /dev/sda2 rw',
  '115 27 0:50 / /mnt/nas rw - nfs4 server:/photos rw',
  '116 27 0:51 / /mnt/containers/a/b/rootfs rw - overlay overlay rw',
  '117 27 0:52 / /media/scratch rw - tmpfs tmpfs rw',
  '118 27 8:49 / /media/stick rw - vfat /dev/sdd1 rw',
  '119 118 0:53 / /media/stick rw - tmpfs tmpfs rw',
  '120 27 0:23 / /home rw - ext4 /dev/sda3 rw',
].join('\n');

// sysfs as the kernel lays it out: partitions inside their disk, `removable` on the disk.
const USB_DISK =
  '/sys/devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block/sdb';
const SD_DISK = '/sys/devices/pci0000:00/0000:00:1e.6/mmc_host/mmc0/mmc0:aaaa/block/mmcblk0';
const SATA_DISK = '/sys/devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda';

function linuxMachine(): Record<string, FakeEntry> {
  return {
    '/proc/self/mountinfo': { kind: 'file', text: LINUX_MOUNTINFO },
    '/dev/sdb1': { kind: 'file', text: '' },
    '/dev/mmcblk0p1': { kind: 'file', text: '' },
    '/dev/sda2': { kind: 'file', text: '' },
    '/sys/class/block/sdb1': { kind: 'link', target: `${USB_DISK}/sdb1` },
    [`${USB_DISK}/sdb1`]: folder,
    [`${USB_DISK}/sdb1/partition`]: { kind: 'file', text: '1\n' },
    // Many USB card readers say 0 here; the USB bus says the card can be pulled anyway.
    [`${USB_DISK}/removable`]: { kind: 'file', text: '0\n' },
    '/sys/class/block/mmcblk0p1': { kind: 'link', target: `${SD_DISK}/mmcblk0p1` },
    [`${SD_DISK}/mmcblk0p1`]: folder,
    [`${SD_DISK}/mmcblk0p1/partition`]: { kind: 'file', text: '1\n' },
    [`${SD_DISK}/removable`]: { kind: 'file', text: '0\n' },
    '/sys/class/block/sda2': { kind: 'link', target: `${SATA_DISK}/sda2` },
    [`${SATA_DISK}/sda2`]: folder,
    [`${SATA_DISK}/sda2/partition`]: { kind: 'file', text: '2\n' },
    [`${SATA_DISK}/removable`]: { kind: 'file', text: '0\n' },
  };
}

describe('listVolumes on Linux', () => {
  it('lists the mounts under /media, /run/media and /mnt, with label, type and removability', async () => {
    const system = fakeVolumeSystem(linuxMachine());
    expect(await listVolumes({ platform: 'linux', system })).toEqual([
      { path: '/media/anna/EOS DIGITAL', label: 'EOS DIGITAL', fsType: 'vfat', removable: true },
      { path: '/media/scratch', label: 'scratch', fsType: 'tmpfs', removable: null },
      // The tmpfs mounted over the stick is what is seen there.
      { path: '/media/stick', label: 'stick', fsType: 'tmpfs', removable: null },
      { path: '/mnt/backup', label: 'backup', fsType: 'ext4', removable: false },
      { path: '/run/media/bob/NIKON', label: 'NIKON', fsType: 'exfat', removable: true },
    ]);
  });

  it('looks only in the roots it is given, through their real path', async () => {
    const system = fakeVolumeSystem({
      ...linuxMachine(),
      '/home/anna/cards': { kind: 'link', target: '/run/media/bob' },
      '/run/media/bob': folder,
    });
    const volumes = await listVolumes({ platform: 'linux', system, roots: ['/home/anna/cards'] });
    expect(volumes.map((volume) => volume.path)).toEqual(['/run/media/bob/NIKON']);
  });

  it('counts a mount on the root itself, as `mount /dev/sdb1 /mnt` makes', async () => {
    const system = fakeVolumeSystem({
      '/proc/self/mountinfo': { kind: 'file', text: '40 27 8:17 / /mnt rw - vfat /dev/sdb1 rw' },
    });
    const volumes = await listVolumes({ platform: 'linux', system });
    expect(volumes).toEqual([{ path: '/mnt', label: 'mnt', fsType: 'vfat', removable: null }]);
  });

  it('says which file failed when the mount table cannot be read', async () => {
    const system = fakeVolumeSystem({});
    await expect(listVolumes({ platform: 'linux', system })).rejects.toThrow(
      /Cannot read the mount table \/proc\/self\/mountinfo: ENOENT/,
    );
  });
});

describe('listVolumes on macOS', () => {
  it('lists the mounts in /Volumes, not the startup disk link nor a left-over folder', async () => {
    const system = fakeVolumeSystem({
      '/Volumes': folder,
      '/Volumes/Macintosh HD': { kind: 'link', target: '/' },
      '/': folder,
      '/Volumes/EOS_DIGITAL': { kind: 'folder', dev: 16777234 },
      '/Volumes/Untitled': { kind: 'folder', dev: 16777235 },
      '/Volumes/old card': folder,
      '/Volumes/.DS_Store': { kind: 'file', text: '' },
    });
    expect(await listVolumes({ platform: 'darwin', system })).toEqual([
      { path: '/Volumes/EOS_DIGITAL', label: 'EOS_DIGITAL', removable: null },
      { path: '/Volumes/Untitled', label: 'Untitled', removable: null },
    ]);
  });

  it('finds nothing, without failing, when a root does not exist', async () => {
    const system = fakeVolumeSystem({});
    expect(await listVolumes({ platform: 'darwin', system, roots: ['/nowhere'] })).toEqual([]);
  });
});

describe('listVolumes on Windows', () => {
  it('lists the drive letters that answer, skipping A: and B:', async () => {
    const system = fakeVolumeSystem(
      {
        'A:\\': folder,
        'C:\\': folder,
        'E:\\': { kind: 'folder', dev: 2 },
        'Z:\\': { kind: 'folder', dev: 3 },
      },
      true,
    );
    expect(await listVolumes({ platform: 'win32', system })).toEqual([
      { path: 'C:\\', label: 'C:', removable: null },
      { path: 'E:\\', label: 'E:', removable: null },
      { path: 'Z:\\', label: 'Z:', removable: null },
    ]);
  });

  it('lists the mounts in the folders it is given instead, when given any', async () => {
    const system = fakeVolumeSystem(
      {
        'C:\\': folder,
        'C:\\Mounts': folder,
        'C:\\Mounts\\Card': { kind: 'folder', dev: 7 },
        'E:\\': { kind: 'folder', dev: 2 },
      },
      true,
    );
    expect(await listVolumes({ platform: 'win32', system, roots: ['C:\\Mounts'] })).toEqual([
      { path: 'C:\\Mounts\\Card', label: 'Card', removable: null },
    ]);
  });
});

describe('defaultMountRoots', () => {
  it("names each platform's mount folders", () => {
    expect(defaultMountRoots('linux')).toEqual(['/media', '/run/media', '/mnt']);
    expect(defaultMountRoots('darwin')).toEqual(['/Volumes']);
    expect(defaultMountRoots('win32')).toEqual([]);
    expect(defaultMountRoots('freebsd')).toEqual(['/media', '/mnt']);
  });
});
