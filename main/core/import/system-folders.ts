/**
 * Folders that are not hidden by name but hold no photos of the user's own: deleted files
 * (importing them would bring back what the user threw away), Windows' volume bookkeeping,
 * and the thumbnails a Synology NAS writes beside every photo. An import's scan (scan.ts) and
 * the walk of an added folder (folders/walk-folder-tree.ts) both skip them, with this reason.
 * Keyed by the folder's name in lower case.
 */
export const SYSTEM_FOLDERS: ReadonlyMap<string, string> = new Map([
  ['$recycle.bin', 'Windows recycle bin'],
  ['system volume information', 'Windows system folder'],
  ['@eadir', 'Synology NAS thumbnails'],
]);
