/**
 * The mounted volumes a camera card may be, per platform (../shared/research/camera-cards.md,
 * section 6): on Linux the mount table's mounts under `/media`, `/run/media` and `/mnt`; on
 * macOS the mounts in `/Volumes`; on Windows the drive letters. No native module: Electron
 * has no volume API and the packages that do are native on macOS and Windows.
 */
import path from 'node:path';
import { linuxRemovable } from './linux-removable';
import { readMountTable, type MountEntry } from './mount-table';
import { nodeVolumeSystem, type VolumeSystem } from './volume-system';

/** A mounted volume. */
export interface MountedVolume {
  /** Where its files are: `/media/anna/EOS_DIGITAL`, `/Volumes/EOS_DIGITAL`, `E:\`. */
  path: string;
  /** What to call it: the folder it is mounted at (udisks and macOS name it by the volume's label), or the drive letter. */
  label: string;
  /** The file-system type, where the platform says it cheaply (Linux). */
  fsType?: string;
  /** Whether it can be unplugged, where the platform says it cheaply (Linux); null if unknown. */
  removable?: boolean | null;
}

/** Where to look, and (for tests) which platform and file system to look at. */
export interface ListVolumesOptions {
  /** The folders volumes are mounted in; replaces the platform's (see defaultMountRoots). */
  roots?: string[];
  platform?: NodeJS.Platform;
  system?: VolumeSystem;
}

// Deeper than root/user/label is a system's own mount (containers, sandboxes), not a card:
// udisks mounts at /media/LABEL (older Debian), /media/$USER/LABEL or /run/media/$USER/LABEL.
const MAX_DEPTH_BELOW_ROOT = 2;

// Network shares are never cards, and a share whose server is gone can hang every `stat` of it.
const NETWORK_FS_TYPES = new Set([
  'nfs',
  'nfs4',
  'cifs',
  'smb3',
  'smbfs',
  'afs',
  'ceph',
  'glusterfs',
  'fuse.sshfs',
  'fuse.rclone',
  'davfs',
]);

// A: and B: are the floppy letters; probing an empty floppy drive can stall for seconds.
const DRIVE_LETTERS = 'CDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * The folders volumes are mounted in on `platform`: udisks2's and the usual manual ones on
 * Linux, `/Volumes` on macOS, none on Windows (its volumes are drive letters).
 */
export function defaultMountRoots(platform: NodeJS.Platform = process.platform): string[] {
  switch (platform) {
    case 'linux':
      return ['/media', '/run/media', '/mnt'];
    case 'darwin':
      return ['/Volumes'];
    case 'win32':
      return [];
    default:
      return ['/media', '/mnt'];
  }
}

/**
 * The volumes mounted now, sorted by path. On Linux a mount counts when its mount point is a
 * root or at most two folders below one; elsewhere a folder directly in a root counts when it
 * is on another device than the root; on Windows without `roots`, every drive letter that
 * answers. A root that does not exist holds no volume. Throws only on Linux when the mount
 * table cannot be read, with a message naming it.
 */
export async function listVolumes(options: ListVolumesOptions = {}): Promise<MountedVolume[]> {
  const platform = options.platform ?? process.platform;
  const system = options.system ?? nodeVolumeSystem;
  const paths = platform === 'win32' ? path.win32 : path.posix;
  let volumes: MountedVolume[];
  if (platform === 'linux') {
    volumes = await listLinuxVolumes(options.roots ?? defaultMountRoots('linux'), system);
  } else if (platform === 'win32' && !options.roots) {
    volumes = await listDriveLetters(system);
  } else {
    const roots = options.roots ?? defaultMountRoots(platform);
    const perRoot = await Promise.all(roots.map((root) => listChildMounts(root, system, paths)));
    volumes = perRoot.flat();
  }
  return volumes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function listLinuxVolumes(roots: string[], system: VolumeSystem): Promise<MountedVolume[]> {
  const mounts = await readMountTable(system.readText);
  // The mount table has real paths; a root given through a symbolic link is compared as its target.
  const realRoots = await Promise.all(
    roots.map((root) => system.realpath(root).catch(() => path.posix.resolve(root))),
  );
  const visible = new Map<string, MountEntry>();
  for (const mount of mounts) {
    if (realRoots.some((root) => isWithin(mount.mountPoint, root))) {
      // Later lines are mounted over earlier ones on the same point, which they hide.
      visible.set(mount.mountPoint, mount);
    }
  }
  const local = [...visible.values()].filter((mount) => !NETWORK_FS_TYPES.has(mount.fsType));
  return Promise.all(
    local.map(async (mount) => ({
      path: mount.mountPoint,
      label: path.posix.basename(mount.mountPoint) || mount.mountPoint,
      fsType: mount.fsType,
      removable: await linuxRemovable(mount.source, system),
    })),
  );
}

function isWithin(mountPoint: string, root: string): boolean {
  const relative = path.posix.relative(root, mountPoint);
  if (relative === '') return true;
  if (relative.startsWith('..') || path.posix.isAbsolute(relative)) return false;
  return relative.split('/').length <= MAX_DEPTH_BELOW_ROOT;
}

async function listChildMounts(
  root: string,
  system: VolumeSystem,
  paths: typeof path.posix,
): Promise<MountedVolume[]> {
  const rootStatus = await system.status(root).catch(() => null);
  const entries = rootStatus ? await system.readFolder(root).catch(() => []) : [];
  const found = await Promise.all(
    // Not a symbolic link: macOS links the startup disk into /Volumes (`Macintosh HD` → `/`).
    entries
      .filter((entry) => entry.isDirectory())
      .map(async (entry): Promise<MountedVolume | null> => {
        const volumePath = paths.join(root, entry.name);
        const status = await system.status(volumePath).catch(() => null);
        // A plain folder left in the root (an old mount point) is on the root's own device.
        return status && rootStatus && status.dev !== rootStatus.dev
          ? { path: volumePath, label: entry.name, removable: null }
          : null;
      }),
  );
  return found.filter((volume) => volume !== null);
}

async function listDriveLetters(system: VolumeSystem): Promise<MountedVolume[]> {
  const found = await Promise.all(
    [...DRIVE_LETTERS].map(async (letter): Promise<MountedVolume | null> => {
      const drive = `${letter}:\\`;
      // An empty card-reader slot keeps its letter but answers no status.
      const status = await system.status(drive).catch(() => null);
      return status?.isDirectory() ? { path: drive, label: `${letter}:`, removable: null } : null;
    }),
  );
  return found.filter((volume) => volume !== null);
}
