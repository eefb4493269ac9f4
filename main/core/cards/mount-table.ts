/**
 * The Linux mount table as the kernel states it in `/proc/self/mountinfo` (proc(5)): one mount
 * per line, `id parent major:minor root mount-point options [optional…] - type source super`.
 * This is what `findmnt` and udisks read; it is cheap (well under a millisecond to parse) and
 * needs no process, so the card watcher can read it every poll.
 */
import { readFile } from 'node:fs/promises';
import { errorMessage } from '../../../common/errors';

/** One mounted file system, as one line of mountinfo says it. */
export interface MountEntry {
  /** Where it is mounted, unescaped (`/media/anna/EOS DIGITAL`). */
  mountPoint: string;
  /** The folder of the source file system that appears there (`/` unless a bind mount). */
  root: string;
  /** The file-system type: `vfat`, `exfat`, `fuseblk`, `tmpfs`… */
  fsType: string;
  /** What is mounted: a device (`/dev/sdb1`) or a name (`tmpfs`, `none`). */
  source: string;
}

/** Where the kernel writes the mount table of this process's mount namespace. */
export const MOUNTINFO_PATH = '/proc/self/mountinfo';

// The fields before the optional ones: id, parent, major:minor, root, mount point, options.
const FIXED_FIELDS = 6;

/**
 * The kernel writes a space, tab, newline and backslash in a path as a backslash and three
 * octal digits (`\040` for a space), since spaces separate the fields.
 */
export function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_match, octal: string) =>
    String.fromCharCode(parseInt(octal, 8)),
  );
}

/**
 * The mounts of a mountinfo text, in its order: a mount comes after the one it is mounted on,
 * so of two mounts on one point the later is the one visible. A line
 * that does not have mountinfo's shape is left out rather than guessed at.
 */
export function parseMountInfo(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const entry = parseMountInfoLine(line);
    if (entry) entries.push(entry);
  }
  return entries;
}

function parseMountInfoLine(line: string): MountEntry | null {
  const fields = line.trim().split(' ');
  // The optional fields (`shared:1`, `master:2`…) vary in number; a lone `-` ends them.
  const separator = fields.indexOf('-', FIXED_FIELDS);
  if (separator < 0 || fields.length < separator + 3) return null;
  const root = fields[3];
  const mountPoint = fields[4];
  const fsType = fields[separator + 1];
  const source = fields[separator + 2];
  if (!/^\d+$/.test(fields[0] ?? '') || !root || !mountPoint || !fsType || source === undefined) {
    return null;
  }
  return {
    mountPoint: unescapeMountField(mountPoint),
    root: unescapeMountField(root),
    fsType: unescapeMountField(fsType),
    source: unescapeMountField(source),
  };
}

/** Reads a file as text; `fs.promises.readFile` unless a test passes its own. */
export type ReadTextFile = (path: string) => Promise<string>;

/**
 * This process's mounts, read from `/proc/self/mountinfo`. Throws an Error saying which file
 * could not be read (only on Linux does it exist).
 */
export async function readMountTable(
  readText: ReadTextFile = (path) => readFile(path, 'utf8'),
  file = MOUNTINFO_PATH,
): Promise<MountEntry[]> {
  let text: string;
  try {
    text = await readText(file);
  } catch (error) {
    throw new Error(`Cannot read the mount table ${file}: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  return parseMountInfo(text);
}
