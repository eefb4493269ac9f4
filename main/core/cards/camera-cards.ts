/**
 * Camera cards: mounted volumes with a `DCIM` folder at their root, where the DCF rule that
 * every camera and phone follows puts its pictures (../shared/research/camera-cards.md, 5.1).
 * Only looks: nothing here writes to a card.
 */
import path from 'node:path';
import { listVolumes, type ListVolumesOptions, type MountedVolume } from './volumes';
import { nodeVolumeSystem, type VolumeSystem } from './volume-system';

/** A mounted volume holding a `DCIM` folder. */
export interface CardVolume {
  /** Where its files are: `/media/anna/EOS_DIGITAL`, `/Volumes/EOS_DIGITAL`, `E:\`. */
  path: string;
  /** What to call it: the volume's folder name (its label) or drive letter. */
  label: string;
  /** Whether the device can be unplugged; null where the platform does not say cheaply. */
  removable: boolean | null;
}

/** The folder DCF puts pictures in; FAT cards written by some cameras spell it `dcim`. */
const DCIM = 'DCIM';

/**
 * The camera cards mounted now, sorted by path (see listVolumes for where it looks; `roots`
 * replaces the platform's mount folders). A volume that cannot be read is no card. Throws
 * only when Linux's mount table cannot be read, with a message naming it.
 */
export async function findCameraCards(options: ListVolumesOptions = {}): Promise<CardVolume[]> {
  return cardsAmong(await listVolumes(options), options);
}

/**
 * The volumes of `volumes` that hold a DCIM folder, as cards, in the same order. Never throws.
 */
export async function cardsAmong(
  volumes: MountedVolume[],
  options: Pick<ListVolumesOptions, 'platform' | 'system'> = {},
): Promise<CardVolume[]> {
  const system = options.system ?? nodeVolumeSystem;
  const paths = (options.platform ?? process.platform) === 'win32' ? path.win32 : path.posix;
  const cards = await Promise.all(
    volumes.map(async (volume): Promise<CardVolume | null> =>
      (await hasDcimFolder(volume.path, system, paths))
        ? { path: volume.path, label: volume.label, removable: volume.removable ?? null }
        : null,
    ),
  );
  return cards.filter((card) => card !== null);
}

/**
 * Whether `volumePath` has a DCIM folder at its root, in any case. One `stat` answers on a
 * card (FAT and exFAT ignore case); the root is listed only when that misses. Never throws.
 */
export async function hasDcimFolder(
  volumePath: string,
  system: VolumeSystem = nodeVolumeSystem,
  paths: typeof path.posix = path,
): Promise<boolean> {
  const direct = await system.status(paths.join(volumePath, DCIM)).catch(() => null);
  if (direct?.isDirectory()) return true;
  const entries = await system.readFolder(volumePath).catch(() => []);
  return entries.some((entry) => entry.name.toUpperCase() === DCIM && entry.isDirectory());
}
