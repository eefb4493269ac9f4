/**
 * Whether a folder's file system ignores case (APFS and HFS+ by default, NTFS, exFAT, FAT),
 * asked without writing anything: a name of the folder with its case swapped is looked up, and
 * the same file answering means the volume ignores case.
 */
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * True when `folder`'s file system treats names that differ by case as one, false when it does
 * not or nothing in or above it has a name with letters to ask with. Never throws.
 */
export async function probeCaseInsensitive(folder: string): Promise<boolean> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const name = names.find((entry) => swapCase(entry) !== entry);
  if (name !== undefined)
    return sameFile(path.join(folder, name), path.join(folder, swapCase(name)));
  // Nothing in it to ask with: the folder's own name, in its parent.
  const parent = path.dirname(folder);
  const own = path.basename(folder);
  if (parent === folder || swapCase(own) === own) return false;
  return sameFile(folder, path.join(parent, swapCase(own)));
}

function swapCase(name: string): string {
  return [...name]
    .map((char) => (char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase()))
    .join('');
}

async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    const [first, second] = await Promise.all([
      lstat(a, { bigint: true }),
      lstat(b, { bigint: true }),
    ]);
    return first.ino === second.ino && first.dev === second.dev;
  } catch {
    return false;
  }
}
