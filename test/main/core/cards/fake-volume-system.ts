/**
 * A file system in memory for the volume lister, the card finder and the watcher: folders
 * (each on a device, as a mount point differs from its parent), text files and symbolic
 * links, at POSIX or Windows paths.
 */
import path from 'node:path';
import type {
  EntryStatus,
  FolderEntry,
  VolumeSystem,
} from '../../../../main/core/cards/volume-system';

/** One path of the fake: a folder on device `dev` (1 unless said), a text file or a link. */
export type FakeEntry =
  | { kind: 'folder'; dev?: number }
  | { kind: 'file'; text: string }
  | { kind: 'link'; target: string };

/** A fake file system over `entries` (mutable: a test mounts and unmounts by editing it). */
export interface FakeVolumeSystem extends VolumeSystem {
  entries: Map<string, FakeEntry>;
  /** How many times the mount table (or any text file) was read: one per poll on Linux. */
  reads: number;
}

function missing(what: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOENT: no such file or directory, ${what}`), { code: 'ENOENT' });
}

/** A fake file system holding `entries`; `windows` for paths like `E:\`. */
export function fakeVolumeSystem(
  entries: Record<string, FakeEntry>,
  windows = false,
): FakeVolumeSystem {
  const paths = windows ? path.win32 : path.posix;
  const fake: FakeVolumeSystem = {
    entries: new Map(Object.entries(entries)),
    reads: 0,
    readText(file) {
      fake.reads++;
      const entry = fake.entries.get(resolve(file));
      return entry?.kind === 'file' ? Promise.resolve(entry.text) : Promise.reject(missing(file));
    },
    readFolder(folder) {
      const real = resolve(folder);
      if (fake.entries.get(real)?.kind !== 'folder') return Promise.reject(missing(folder));
      const children: FolderEntry[] = [];
      for (const [entryPath, entry] of fake.entries) {
        if (entryPath !== real && paths.dirname(entryPath) === real) {
          children.push({
            name: paths.basename(entryPath),
            isDirectory: () => entry.kind === 'folder',
          });
        }
      }
      return Promise.resolve(children);
    },
    status(file) {
      const entry = fake.entries.get(resolve(file));
      if (!entry) return Promise.reject(missing(file));
      const status: EntryStatus = {
        dev: entry.kind === 'folder' ? (entry.dev ?? 1) : 1,
        isDirectory: () => entry.kind === 'folder',
      };
      return Promise.resolve(status);
    },
    realpath(file) {
      const real = resolve(file);
      return fake.entries.has(real) ? Promise.resolve(real) : Promise.reject(missing(file));
    },
  };
  function resolve(file: string): string {
    let current = file;
    for (let hops = 0; hops < 10; hops++) {
      const entry = fake.entries.get(current);
      if (entry?.kind !== 'link') return current;
      current = paths.resolve(paths.dirname(current), entry.target);
    }
    return current;
  }
  return fake;
}
