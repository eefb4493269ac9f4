import { describe, expect, it } from 'vitest';
import {
  parseMountInfo,
  readMountTable,
  unescapeMountField,
} from '../../../../main/core/cards/mount-table';

// Copied from /proc/self/mountinfo of the machine these tests were written on.
const THIS_MACHINE = [
  '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534',
  '25 24 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24683664k',
  '28 27 0:25 / /mnt/sandboxing/model_tools_env/v1/python ro,nosuid,nodev,relatime - tmpfs model_tools_unavailable ro,size=4k,mode=755',
  '41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
].join('\n');

// As udisks2 mounts a card labelled "EOS DIGITAL" for anna (optional fields before the `-`).
const UDISKS_CARD =
  '112 29 8:17 / /media/anna/EOS\\040DIGITAL rw,nosuid,nodev,relatime shared:61 master:3 - vfat /dev/sdb1 rw,fmask=0022,dmask=0022,codepage=437,iocharset=utf8,errors=remount-ro';

describe('parseMountInfo', () => {
  it("reads this machine's mounts: point, type and source", () => {
    expect(parseMountInfo(THIS_MACHINE)).toEqual([
      { mountPoint: '/', root: '/', fsType: 'ext4', source: '/dev/vda' },
      { mountPoint: '/dev/shm', root: '/', fsType: 'tmpfs', source: 'tmpfs' },
      {
        mountPoint: '/mnt/sandboxing/model_tools_env/v1/python',
        root: '/',
        fsType: 'tmpfs',
        source: 'model_tools_unavailable',
      },
      { mountPoint: '/sys/fs/cgroup/unified', root: '/', fsType: 'cgroup2', source: 'cgroup2' },
    ]);
  });

  it('reads a card whose label has a space, past any number of optional fields', () => {
    expect(parseMountInfo(UDISKS_CARD)).toEqual([
      { mountPoint: '/media/anna/EOS DIGITAL', root: '/', fsType: 'vfat', source: '/dev/sdb1' },
    ]);
  });

  it('unescapes tabs, newlines and backslashes, in the root and the source too', () => {
    const line =
      '200 29 7:0 /photos\\0112024 /mnt/a\\134b\\012c rw - ext4 /dev/disk/by-label/My\\040Disk rw';
    expect(parseMountInfo(line)).toEqual([
      {
        mountPoint: '/mnt/a\\b\nc',
        root: '/photos\t2024',
        fsType: 'ext4',
        source: '/dev/disk/by-label/My Disk',
      },
    ]);
  });

  it('keeps UTF-8 names the kernel writes as they are', () => {
    const line = '201 29 8:33 / /media/anna/Été\\0402024 rw shared:7 - exfat /dev/sdc1 rw';
    expect(parseMountInfo(line)[0]?.mountPoint).toBe('/media/anna/Été 2024');
  });

  it('leaves out lines without the separator or its fields, and blank lines', () => {
    const text = [
      '',
      'garbage',
      '30 25 0:27 / /dev/shm rw,relatime tmpfs tmpfs rw', // no `-`
      '31 23 0:28 / /sys/fs/cgroup rw,relatime -', // nothing after it
      'x 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw', // no mount id
      UDISKS_CARD,
      '',
    ].join('\n');
    expect(parseMountInfo(text).map((entry) => entry.mountPoint)).toEqual([
      '/media/anna/EOS DIGITAL',
    ]);
  });
});

describe('unescapeMountField', () => {
  it('turns only three-digit octal escapes into characters', () => {
    expect(unescapeMountField('a\\040b\\04c\\x')).toBe('a b\\04c\\x');
  });
});

describe('readMountTable', () => {
  it("reads this process's real mount table, which holds the root file system", async () => {
    const mounts = await readMountTable();
    expect(mounts.some((entry) => entry.mountPoint === '/')).toBe(true);
  });

  it('names the file it could not read', async () => {
    await expect(
      readMountTable(() => Promise.reject(new Error('EACCES: permission denied')), '/proc/x'),
    ).rejects.toThrow('Cannot read the mount table /proc/x: EACCES: permission denied');
  });
});
