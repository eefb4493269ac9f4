/** What moves between components in a drag: photo ids, or files from outside the window. */

/** The drag data type of photos dragged out of the grid (their ids, as JSON). */
export const PHOTO_DRAG_TYPE = 'application/x-shoebox-photo-ids';

/** The drag data type of an album dragged within the sidebar (its id). */
export const ALBUM_DRAG_TYPE = 'application/x-shoebox-album-id';

/** Whether a drag carries an album being reordered. */
export function isAlbumDrag(dataTransfer: DataTransfer): boolean {
  return dataTransfer.types.includes(ALBUM_DRAG_TYPE);
}

/** Whether a drag carries photos from the grid. */
export function isPhotoDrag(dataTransfer: DataTransfer): boolean {
  return dataTransfer.types.includes(PHOTO_DRAG_TYPE);
}

/** Whether a drag carries files (or folders) from outside. */
export function isFileDrag(dataTransfer: DataTransfer): boolean {
  return (
    dataTransfer.types.includes('Files') && !isPhotoDrag(dataTransfer) && !isAlbumDrag(dataTransfer)
  );
}

/** The photo ids a grid drag carries. */
export function draggedPhotoIds(dataTransfer: DataTransfer): number[] {
  try {
    const ids: unknown = JSON.parse(dataTransfer.getData(PHOTO_DRAG_TYPE));
    return Array.isArray(ids) ? ids.filter((id): id is number => Number.isInteger(id)) : [];
  } catch {
    return [];
  }
}

/** Reads every entry of a dropped folder (the API hands them out in batches). */
async function readFolder(folder: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = folder.createReader();
  const entries: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) return entries;
    entries.push(...batch);
  }
}

/**
 * Whether a file or folder name is hidden: system clutter (Finder metadata, AppleDouble twins
 * like ._IMG_0001.JPG) that uploading only to have the core skip it would waste time on.
 */
function isHidden(name: string): boolean {
  return name.startsWith('.');
}

/** The files of a chosen folder, those in or under hidden folders or names left out. */
export function visibleFilesOfFolder(files: File[]): File[] {
  return files.filter((file) =>
    (file.webkitRelativePath || file.name).split('/').every((part) => !isHidden(part)),
  );
}

/** The files under a dropped entry, hidden files (.DS_Store, ._IMG_0001.JPG) left out. */
async function filesUnder(entry: FileSystemEntry): Promise<File[]> {
  if (isHidden(entry.name)) return [];
  if (entry.isFile) {
    return [
      await new Promise<File>((resolve, reject) =>
        (entry as FileSystemFileEntry).file(resolve, reject),
      ),
    ];
  }
  if (!entry.isDirectory) return [];
  const children = await readFolder(entry as FileSystemDirectoryEntry);
  return (await Promise.all(children.map(filesUnder))).flat();
}

/**
 * The files of a drop. With `expandFolders`, dropped folders become the files inside them
 * (a browser cannot hand a folder to the server); otherwise folders stay as they are, for a
 * host that turns them into paths.
 */
export async function collectDroppedFiles(
  dataTransfer: DataTransfer,
  expandFolders: boolean,
): Promise<File[]> {
  const files = [...dataTransfer.files];
  if (!expandFolders) return files;
  // Entries must be taken before the first await: the drop's data is gone after the handler.
  const entries = [...dataTransfer.items]
    .map((item) => item.webkitGetAsEntry?.() ?? null)
    .filter((entry): entry is FileSystemEntry => entry !== null);
  if (entries.length === 0) return files;
  return (await Promise.all(entries.map(filesUnder))).flat();
}
