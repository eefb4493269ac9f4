/**
 * Whether a Linux block device can be pulled out, from sysfs (what `lsblk`'s RM and HOTPLUG
 * columns read), without spawning `lsblk` on every poll.
 */
import { posix } from 'node:path';
import type { VolumeSystem } from './volume-system';

// A disk reached through one of these buses can be unplugged even when its `removable` flag
// says 0: USB card readers often say 0 for the reader's LUN, and a laptop's SD slot
// (`mmc_host`) says 0 for the card in it.
const HOTPLUG_BUS = /\/(usb\d+|mmc_host|firewire)\//;

/**
 * True when the device behind `source` (`/dev/sdb1`, `/dev/mmcblk0p1`, a `/dev/disk/by-*`
 * link) is removable or on a hot-plug bus, false for a fixed disk, null when `source` is no
 * block device (tmpfs, a network share) or sysfs does not say. Never throws.
 */
export async function linuxRemovable(
  source: string,
  system: VolumeSystem,
): Promise<boolean | null> {
  if (!source.startsWith('/dev/')) return null;
  try {
    const device = posix.basename(await system.realpath(source));
    const devicePath = await system.realpath(`/sys/class/block/${device}`);
    // A partition's folder sits inside its disk's, and only the disk has `removable`.
    const isPartition = await system.status(`${devicePath}/partition`).then(
      () => true,
      () => false,
    );
    const diskPath = isPartition ? posix.dirname(devicePath) : devicePath;
    const flag = (await system.readText(`${diskPath}/removable`)).trim();
    return flag === '1' || HOTPLUG_BUS.test(diskPath);
  } catch {
    return null;
  }
}
