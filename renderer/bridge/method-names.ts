import type { MethodName } from '../../common/contract';

// Spelled out here rather than imported as METHOD_NAMES so the bundle does not pull in zod and
// every schema; `satisfies` makes the compiler reject a missing or unknown name.
const methods = {
  getLibraryInfo: true,
  listAlbums: true,
  createAlbum: true,
  renameAlbum: true,
  deleteAlbum: true,
  reorderAlbums: true,
  listPhotos: true,
  getTimeline: true,
  getPhoto: true,
  addPhotosToAlbum: true,
  removePhotosFromAlbum: true,
  movePhotosInAlbum: true,
  trashPhotos: true,
  restorePhotos: true,
  startImport: true,
  cancelImport: true,
  startExport: true,
  cancelExport: true,
  pickImportPaths: true,
  pickExportFolder: true,
} satisfies Record<MethodName, true>;

/** Every contract method name. */
export const CLIENT_METHOD_NAMES = Object.keys(methods) as MethodName[];
