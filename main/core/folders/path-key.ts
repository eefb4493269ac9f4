/**
 * The key a file's path is matched by: one file whatever Unicode form its name comes in (macOS
 * HFS+ stores NFD, Finder writes NFD on APFS, most other software NFC), and whatever case on
 * a volume that ignores case. The path as on disk is kept apart for I/O.
 */
import path from 'node:path';

/** The file at `relPath` (`/`-separated, as the index keeps it) in the folder `root` on disk. */
export function pathInRoot(root: string, relPath: string): string {
  return path.join(root, ...relPath.split('/'));
}

/** A relative path's matching key: NFC, and lower case when `caseInsensitive`. */
export function pathKey(relPath: string, caseInsensitive: boolean): string {
  const nfc = relPath.normalize('NFC');
  // Lower case, not a full Unicode case fold: what APFS, NTFS and exFAT fold is case, and the
  // rare names that differ only by a fold (ß/SS) are then two files, as on those disks.
  return caseInsensitive ? nfc.toLowerCase() : nfc;
}

/** The last segment of a `/`-separated relative path. */
export function baseName(relPath: string): string {
  return relPath.slice(relPath.lastIndexOf('/') + 1);
}

/** Whether `relPath` is `folder` or below it (`''` holds everything). */
export function isWithinFolder(relPath: string, folder: string): boolean {
  return folder === '' || relPath === folder || relPath.startsWith(`${folder}/`);
}
