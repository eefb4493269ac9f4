import type { EventName, MethodName } from './contract';

// Spelled out rather than taken from the contract's keys so the preload and the renderer bundle
// do not pull in zod and every schema (770 KB of preload otherwise); `satisfies` makes the
// compiler reject a missing or unknown name, so the lists cannot drift from the contract.
const methods = {
  getLibraryInfo: true,
  listAlbums: true,
  findAlbum: true,
  createAlbum: true,
  setAlbumQuery: true,
  renameAlbum: true,
  deleteAlbum: true,
  reorderAlbums: true,
  listPhotos: true,
  getTimeline: true,
  search: true,
  searchTimeline: true,
  searchFacets: true,
  getPhoto: true,
  addPhotosToAlbum: true,
  removePhotosFromAlbum: true,
  movePhotosInAlbum: true,
  trashPhotos: true,
  restorePhotos: true,
  deleteFromTrash: true,
  emptyTrash: true,
  updatePhotos: true,
  restoreDescriptions: true,
  rotatePhotos: true,
  listKeywords: true,
  startImport: true,
  cancelImport: true,
  startExport: true,
  cancelExport: true,
  listCards: true,
  ejectCard: true,
  listFolders: true,
  addFolder: true,
  rescanFolders: true,
  locateFolder: true,
  locateFile: true,
  removeFolder: true,
  deleteFromDisk: true,
  pickImportPaths: true,
  pickExportFolder: true,
} satisfies Record<MethodName, true>;

const eventNames = {
  importProgress: true,
  exportProgress: true,
  libraryChanged: true,
  cardsChanged: true,
  menuCommand: true,
} satisfies Record<EventName, true>;

/** Every contract method name, for transports that register them all. */
export const METHOD_NAMES = Object.keys(methods) as MethodName[];

/** Every contract event name. */
export const EVENT_NAMES = Object.keys(eventNames) as EventName[];
