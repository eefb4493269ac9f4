import type { StateCreator } from 'zustand';
import type { FolderEntry } from '../../common/contract';
import type { ShoeboxState } from './store';

/** A "Delete from disk" the user asked for: the photos in added folders of the selection. */
export interface DeleteFromDiskRequest {
  /** The selection's photos left in added folders: what is deleted. */
  photoIds: number[];
  /** How many photos of the selection are in the library itself, which stay (the Trash's). */
  libraryPhotos: number;
}

/** The folders added in place, and the folder questions the user has open. */
export interface FoldersSlice {
  /** The folders as the core last listed them, in the order they were added. */
  folders: FolderEntry[];
  /** The dialog adding a folder, when open: with the path picked or typed so far. */
  addFolderDialog: { path: string } | null;
  /** The folder whose new place is being asked for ("Locate…"). */
  locatingFolderId: number | null;
  /** The missing photo whose file's new place is being asked for ("Locate file…"). */
  locatingPhotoId: number | null;
  /** The folder the user asked to remove from the library, awaiting confirmation. */
  folderToRemove: number | null;
  /** Photos the user asked to delete from the disk, unconfirmed. */
  deleteFromDiskRequest: DeleteFromDiskRequest | null;
  setFolders: (folders: FolderEntry[]) => void;
  setAddFolderDialog: (dialog: { path: string } | null) => void;
  setLocatingFolderId: (folderId: number | null) => void;
  setLocatingPhotoId: (photoId: number | null) => void;
  setFolderToRemove: (folderId: number | null) => void;
  setDeleteFromDiskRequest: (request: DeleteFromDiskRequest | null) => void;
}

/** The folders part of the store. */
export const createFoldersSlice: StateCreator<ShoeboxState, [], [], FoldersSlice> = (set) => ({
  folders: [],
  addFolderDialog: null,
  locatingFolderId: null,
  locatingPhotoId: null,
  folderToRemove: null,
  deleteFromDiskRequest: null,
  setFolders: (folders) => set({ folders }),
  setAddFolderDialog: (addFolderDialog) => set({ addFolderDialog }),
  setLocatingFolderId: (locatingFolderId) => set({ locatingFolderId }),
  setLocatingPhotoId: (locatingPhotoId) => set({ locatingPhotoId }),
  setFolderToRemove: (folderToRemove) => set({ folderToRemove }),
  setDeleteFromDiskRequest: (deleteFromDiskRequest) => set({ deleteFromDiskRequest }),
});
