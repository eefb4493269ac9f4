/**
 * Which volume an added folder is on (when it is added) and where that volume is now (on every
 * rescan): by file-system UUID where the OS gives one, else by the marker in the folder, else
 * by the folder's path (organise.md B3.2 step 1). A volume found at another mount point or
 * drive letter is the same volume; one found nowhere is offline, and nothing on it is missing.
 */
import { realpath, stat } from 'node:fs/promises';
import type path from 'node:path';
import { probeCaseInsensitive } from './case-probe';
import { ShoeboxError } from '../../../common/errors';
import { ensureVolumeMarker, readVolumeMarker } from './volume-marker';
import {
  isNetworkMount,
  mountOf,
  placeInMount,
  type FolderMount,
  type VolumePlatform,
} from './volume-platform';

/** How a volume is known again. */
export type VolumeIdentityKind = 'fs-uuid' | 'marker' | 'path';

/** How a volume is watched: network and removable volumes are rescanned on a schedule instead. */
export type VolumeKind = 'fixed' | 'removable' | 'network';

/** A volume as the index records it (a `volumes` row). */
export interface VolumeRecord {
  identityKind: VolumeIdentityKind;
  identity: string;
  kind: VolumeKind;
  label: string | null;
  fsType: string | null;
  caseInsensitive: boolean;
  /** Where it was last seen: the mount point, or for a marker or path volume the folder itself. */
  mountPath: string;
  /** The folder of the file system that `mountPath` shows. */
  fsPath: string;
}

/** A folder being added: its volume, and its path relative to the volume's `mountPath`. */
export interface FolderPlacement {
  volume: VolumeRecord;
  /** `/`-separated; `''` when the folder is the volume's folder itself. */
  relPath: string;
  /** The folder's real path (symbolic links resolved). */
  realPath: string;
}

/**
 * Identifies the volume of `folder`. `allowWrite` lets a marker be written in it when the OS
 * gives no UUID; without it such a folder is known by its path (found again only there).
 * Throws an Error with an actionable message when `folder` is not a readable folder or the
 * marker cannot be written.
 */
export async function identifyFolder(
  folder: string,
  options: { allowWrite: boolean; platform: VolumePlatform },
): Promise<FolderPlacement> {
  const { platform } = options;
  const { paths } = platform;
  let realPath: string;
  try {
    realPath = await realpath(folder);
    if (!(await stat(realPath)).isDirectory()) throw new Error('not a folder');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'there is no such folder'
        : code === 'EACCES'
          ? 'permission denied'
          : (error as Error).message;
    throw new ShoeboxError('INVALID_INPUT', `Cannot add ${folder}: ${why}`);
  }
  const mounts = await platform.listMounts();
  const mount = mountOf(mounts, realPath, paths) ?? wholePathMount(realPath, paths);
  const network = isNetworkMount(mount);
  const kind: VolumeKind = network
    ? 'network'
    : (await platform.removable(mount))
      ? 'removable'
      : 'fixed';
  const caseInsensitive = await probeCaseInsensitive(realPath);
  const common = {
    kind,
    fsType: mount.fsType || null,
    caseInsensitive,
  };
  const uuid = network ? null : await platform.fsUuid(mount);
  if (uuid) {
    return {
      volume: {
        ...common,
        identityKind: 'fs-uuid',
        identity: uuid,
        label: paths.basename(mount.mountPoint) || mount.mountPoint,
        mountPath: mount.mountPoint,
        fsPath: mount.fsRoot,
      },
      relPath: toSlashes(paths.relative(mount.mountPoint, realPath), paths),
      realPath,
    };
  }
  // The folder, as a folder of its file system: found below any mount showing it later.
  const fsPath = paths.join(mount.fsRoot, paths.relative(mount.mountPoint, realPath));
  const marker =
    (await readVolumeMarker(realPath)) ??
    (options.allowWrite ? await ensureVolumeMarker(realPath) : null);
  return {
    volume: {
      ...common,
      identityKind: marker ? 'marker' : 'path',
      identity: marker ?? realPath,
      label: paths.basename(realPath) || realPath,
      mountPath: realPath,
      fsPath,
    },
    relPath: '',
    realPath,
  };
}

/**
 * Where `volume` is mounted now (its `mountPath` as it is today), or null when it is not: no
 * mount has its UUID, no folder showing its file system holds its marker, or its path is gone.
 * `mounts` is the platform's list, read once per rescan. Network mounts are only searched for a
 * network volume: a share whose server is gone can hang a call for minutes. Never throws.
 */
export async function locateVolume(
  volume: VolumeRecord,
  mounts: readonly FolderMount[],
  platform: VolumePlatform,
): Promise<string | null> {
  const { paths } = platform;
  const searched = mounts.filter((mount) => volume.kind === 'network' || !isNetworkMount(mount));
  if (volume.identityKind === 'path') {
    return (await isFolder(volume.mountPath)) ? volume.mountPath : null;
  }
  if (volume.identityKind === 'marker') {
    // Where it was first: the usual case costs one read.
    if ((await readVolumeMarker(volume.mountPath)) === volume.identity) return volume.mountPath;
    for (const mount of [...searched].reverse()) {
      const place = placeInMount(mount, volume.fsPath, paths);
      if (place && (await readVolumeMarker(place)) === volume.identity) return place;
    }
    return null;
  }
  // Later mounts hide earlier ones on the same point: the last one of the volume is looked at first.
  for (const mount of [...searched].reverse()) {
    if ((await platform.fsUuid(mount)) !== volume.identity) continue;
    const place = placeInMount(mount, volume.fsPath, paths);
    if (place && (await isFolder(place))) return place;
  }
  return null;
}

/** When the OS listed no mount holding the folder: the folder stands for itself. */
function wholePathMount(realPath: string, paths: typeof path.posix): FolderMount {
  return { mountPoint: realPath, fsRoot: paths.sep, fsType: '', source: realPath };
}

function toSlashes(relative: string, paths: typeof path.posix): string {
  return paths.sep === '/' ? relative : relative.split(paths.sep).join('/');
}

async function isFolder(folder: string): Promise<boolean> {
  return stat(folder).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
}
