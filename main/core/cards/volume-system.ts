/**
 * The few file-system calls the volume lister and the card finder make, as one object so a
 * test can answer them for another platform (a fake `/Volumes`, fake drive letters, a fake
 * sysfs) while the app uses Node's own.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';

/** A folder entry: its name and kind, as `readdir(…, { withFileTypes: true })` gives it. */
export interface FolderEntry {
  name: string;
  isDirectory(): boolean;
}

/** What is asked of a file's status: its device (a mount point differs from its parent's). */
export interface EntryStatus {
  dev: number;
  isDirectory(): boolean;
}

/** The file-system calls made while looking for volumes; each rejects as Node's do. */
export interface VolumeSystem {
  readText(path: string): Promise<string>;
  readFolder(path: string): Promise<FolderEntry[]>;
  /** Follows symbolic links, as `fs.stat` does. */
  status(path: string): Promise<EntryStatus>;
  realpath(path: string): Promise<string>;
}

/** The real file system, through `node:fs/promises`. */
export const nodeVolumeSystem: VolumeSystem = {
  readText: (path) => readFile(path, 'utf8'),
  readFolder: (path) => readdir(path, { withFileTypes: true }),
  status: (path) => stat(path),
  realpath: (path) => realpath(path),
};
