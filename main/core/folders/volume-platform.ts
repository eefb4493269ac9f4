/**
 * What each OS says about the file systems an added folder can live on: where they are
 * mounted, their type, whether they can be unplugged, and their UUID, the identity that
 * survives a new mount path or drive letter. No native module: Linux from
 * `/proc/self/mountinfo`, `/dev/disk/by-uuid` and sysfs; macOS from `mount` and `diskutil`;
 * Windows from one PowerShell query of its logical disks.
 */
import { execFile } from 'node:child_process';
import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { linuxRemovable } from '../cards/linux-removable';
import { readMountTable } from '../cards/mount-table';
import { nodeVolumeSystem } from '../cards/volume-system';

/** A mounted file system. */
export interface FolderMount {
  /** Where it is mounted: `/media/anna/LaCie`, `/Volumes/LaCie`, `E:\`. */
  mountPoint: string;
  /** The folder of the file system that appears there (`/` unless a bind mount shows a subfolder). */
  fsRoot: string;
  /** `ext4`, `apfs`, `NTFS`, `nfs4`, `smbfs`…; `''` when the OS did not say. */
  fsType: string;
  /** What is mounted: `/dev/sdb1`, `//nas/photos`, a drive letter. */
  source: string;
  /** Known at listing on Windows (the drive type); elsewhere asked by `removable`. */
  network?: boolean;
}

/** Where a volume is, asked of the OS. Methods never throw: unknown is null. */
export interface VolumePlatform {
  /** `path.posix` or `path.win32`, as the platform's paths are. */
  readonly paths: typeof path.posix;
  /** The mounted file systems; empty when the OS could not be asked. */
  listMounts(): Promise<FolderMount[]>;
  /** The file system's UUID (Linux blkid UUID, macOS VolumeUUID, Windows volume serial). */
  fsUuid(mount: FolderMount): Promise<string | null>;
  /** Whether the device can be unplugged (USB, SD); null when the OS does not say. */
  removable(mount: FolderMount): Promise<boolean | null>;
}

/** Runs a program, answering its standard output; rejects on failure or timeout. */
export type RunCommand = (command: string, args: string[]) => Promise<string>;

// A hung `diskutil` or PowerShell (a dead network share) must not stall a rescan.
const COMMAND_TIMEOUT_MS = 15_000;

const runCommand: RunCommand = async (command, args) =>
  (await promisify(execFile)(command, args, { timeout: COMMAND_TIMEOUT_MS, windowsHide: true }))
    .stdout;

/**
 * File-system types of network shares: no UUID, no change events (organise.md B3.3: NFS, Samba
 * and SSHFS deliver none), and a share whose server is gone can hang every call.
 */
const NETWORK_FS_TYPES: ReadonlySet<string> = new Set([
  'nfs',
  'nfs4',
  'cifs',
  'smb3',
  'smbfs',
  'afpfs',
  'webdav',
  'davfs',
  'afs',
  'ceph',
  'glusterfs',
  '9p',
  'fuse.sshfs',
  'fuse.rclone',
  'fuse.s3fs',
]);

/** Whether a mount is a network share, from what the OS said of it. */
export function isNetworkMount(mount: FolderMount): boolean {
  return mount.network ?? NETWORK_FS_TYPES.has(mount.fsType.toLowerCase());
}

/** This machine's platform, or another's for tests of parsing (`run` answers for the OS). */
export function volumePlatformFor(
  platform: NodeJS.Platform = process.platform,
  run: RunCommand = runCommand,
): VolumePlatform {
  if (platform === 'darwin') return macPlatform(run);
  if (platform === 'win32') return windowsPlatform(run);
  return linuxPlatform();
}

function linuxPlatform(): VolumePlatform {
  // Device (real path) → UUID, read once per platform object: one listing of a few links.
  let uuids: Promise<Map<string, string>> | null = null;
  const readUuids = async (): Promise<Map<string, string>> => {
    const byDevice = new Map<string, string>();
    const folder = '/dev/disk/by-uuid';
    const names = await readdir(folder).catch(() => [] as string[]);
    await Promise.all(
      names.map(async (uuid) => {
        const device = await realpath(path.posix.join(folder, uuid)).catch(() => null);
        if (device) byDevice.set(device, uuid);
      }),
    );
    return byDevice;
  };
  return {
    paths: path.posix,
    async listMounts() {
      const entries = await readMountTable().catch(() => []);
      return entries.map((entry) => ({
        mountPoint: entry.mountPoint,
        fsRoot: entry.root,
        fsType: entry.fsType,
        source: entry.source,
      }));
    },
    async fsUuid(mount) {
      if (!mount.source.startsWith('/dev/')) return null;
      uuids ??= readUuids();
      const device = await realpath(mount.source).catch(() => mount.source);
      return (await uuids).get(device) ?? null;
    },
    removable: (mount) => linuxRemovable(mount.source, nodeVolumeSystem),
  };
}

function macPlatform(run: RunCommand): VolumePlatform {
  const info = new Map<string, Promise<Map<string, string>>>();
  const diskInfo = (mountPoint: string) => {
    let answer = info.get(mountPoint);
    if (!answer) {
      answer = run('diskutil', ['info', '-plist', mountPoint]).then(
        parsePlistScalars,
        () => new Map(),
      );
      info.set(mountPoint, answer);
    }
    return answer;
  };
  return {
    paths: path.posix,
    async listMounts() {
      return parseMacMountOutput(await run('/sbin/mount', []).catch(() => ''));
    },
    async fsUuid(mount) {
      if (isNetworkMount(mount)) return null;
      return (await diskInfo(mount.mountPoint)).get('VolumeUUID') ?? null;
    },
    async removable(mount) {
      if (isNetworkMount(mount)) return null;
      const plist = await diskInfo(mount.mountPoint);
      if (plist.get('RemovableMedia') === 'true' || plist.get('Ejectable') === 'true') return true;
      return plist.get('Internal') === 'true' ? false : null;
    },
  };
}

/**
 * The mounts of macOS's `mount` output: `/dev/disk3s1 on /Volumes/LaCie (apfs, local, …)`,
 * `//anna@nas/photos on /Volumes/photos (smbfs, nodev, …)`.
 */
export function parseMacMountOutput(text: string): FolderMount[] {
  const mounts: FolderMount[] = [];
  for (const line of text.split('\n')) {
    const match = /^(.+?) on (.+) \(([^,)]+)[^)]*\)\s*$/.exec(line);
    if (match)
      mounts.push({ source: match[1], mountPoint: match[2], fsType: match[3], fsRoot: '/' });
  }
  return mounts;
}

/** The top-level `<key>…</key><string|true|false|integer>` pairs of a plist, as text. */
export function parsePlistScalars(xml: string): Map<string, string> {
  const values = new Map<string, string>();
  const pattern = /<key>([^<]+)<\/key>\s*(?:<(string|integer)>([^<]*)<\/\2>|<(true|false)\/>)/g;
  for (let match = pattern.exec(xml); match; match = pattern.exec(xml)) {
    if (!values.has(match[1])) values.set(match[1], match[3] ?? match[4]);
  }
  return values;
}

// Win32_LogicalDisk.DriveType: 2 removable, 3 local disk, 4 network drive, 5 CD.
const WINDOWS_REMOVABLE_TYPES = new Set([2, 5]);
const WINDOWS_NETWORK_TYPE = 4;

interface WindowsDisk {
  DeviceID?: string;
  DriveType?: number;
  FileSystem?: string | null;
  VolumeSerialNumber?: string | null;
  ProviderName?: string | null;
}

function windowsPlatform(run: RunCommand): VolumePlatform {
  let disks: Promise<WindowsDisk[]> | null = null;
  const readDisks = () =>
    (disks ??= run('powershell.exe', [
      '-NoProfile',
      '-NonInteractive',
      '-Command',
      'Get-CimInstance Win32_LogicalDisk | Select-Object DeviceID,DriveType,FileSystem,VolumeSerialNumber,ProviderName | ConvertTo-Json -Compress',
    ]).then(parseWindowsDisks, () => []));
  const diskOf = async (mount: FolderMount) =>
    (await readDisks()).find((disk) => `${disk.DeviceID}\\` === mount.mountPoint);
  return {
    paths: path.win32,
    async listMounts() {
      return (await readDisks())
        .filter((disk) => disk.DeviceID)
        .map((disk) => ({
          mountPoint: `${disk.DeviceID}\\`,
          fsRoot: '\\',
          fsType: disk.FileSystem ?? '',
          source: disk.ProviderName ?? disk.DeviceID!,
          network: disk.DriveType === WINDOWS_NETWORK_TYPE,
        }));
    },
    async fsUuid(mount) {
      const disk = await diskOf(mount);
      if (!disk?.VolumeSerialNumber || disk.DriveType === WINDOWS_NETWORK_TYPE) return null;
      return disk.VolumeSerialNumber;
    },
    async removable(mount) {
      const disk = await diskOf(mount);
      return disk?.DriveType === undefined ? null : WINDOWS_REMOVABLE_TYPES.has(disk.DriveType);
    },
  };
}

/** PowerShell's `ConvertTo-Json` of logical disks: one object, or an array of them. */
export function parseWindowsDisks(json: string): WindowsDisk[] {
  try {
    const parsed: unknown = JSON.parse(json);
    const list = Array.isArray(parsed) ? parsed : [parsed];
    return list.filter((disk): disk is WindowsDisk => typeof disk === 'object' && disk !== null);
  } catch {
    return [];
  }
}

/**
 * The mount a path is on: the one whose mount point is the longest prefix of it (of two on one
 * point, the later, which hides the other). Null when none is (a platform that said nothing).
 */
export function mountOf(
  mounts: readonly FolderMount[],
  folder: string,
  paths: typeof path.posix,
): FolderMount | null {
  let best: FolderMount | null = null;
  for (const mount of mounts) {
    const relative = paths.relative(mount.mountPoint, folder);
    const inside = !relative.startsWith('..') && !paths.isAbsolute(relative);
    if (inside && (!best || mount.mountPoint.length >= best.mountPoint.length)) best = mount;
  }
  return best;
}

/**
 * Where the file system's folder `fsPath` appears below `mount`, or null when the mount shows
 * another part of the file system (a bind mount of a sibling folder).
 */
export function placeInMount(
  mount: FolderMount,
  fsPath: string,
  paths: typeof path.posix,
): string | null {
  const relative = paths.relative(mount.fsRoot, fsPath);
  if (relative.startsWith('..') || paths.isAbsolute(relative)) return null;
  return paths.join(mount.mountPoint, relative);
}
