/** The native dialogs behind `pickImportPaths`, `pickExportFolder` and the File menu. */
import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';

/** Native dialogs, each modal to the window that asked. */
export interface DialogHandlers {
  /** Files (and on macOS folders) to import; empty when cancelled. */
  pickImportPaths(window: BrowserWindow): Promise<string[]>;
  /** One folder to import, such as a camera card's DCIM; empty when cancelled. */
  pickImportFolder(window: BrowserWindow): Promise<string[]>;
  /** A folder to export into, or null when cancelled. */
  pickExportFolder(window: BrowserWindow): Promise<string | null>;
}

// A filter, not a rule: the importer detects formats by their bytes, and "All files" stays.
const PHOTO_FILTERS = [
  {
    name: 'Photos',
    extensions: ['jpg', 'jpeg', 'png', 'webp', 'avif', 'tif', 'tiff', 'gif', 'heic', 'heif'],
  },
  { name: 'All files', extensions: ['*'] },
];

/** The dialogs, for `platform` (macOS alone can pick files and folders in one dialog). */
export function setupDialogs(platform: NodeJS.Platform = process.platform): DialogHandlers {
  async function pick(window: BrowserWindow, options: OpenDialogOptions): Promise<string[]> {
    const result = await dialog.showOpenDialog(window, options);
    return result.canceled ? [] : result.filePaths;
  }
  return {
    pickImportPaths: (window) =>
      pick(window, {
        title: 'Import photos',
        buttonLabel: 'Import',
        // Elsewhere a dialog with both shows a folder picker only; folders have their own item.
        properties:
          platform === 'darwin'
            ? ['openFile', 'openDirectory', 'multiSelections']
            : ['openFile', 'multiSelections'],
        filters: PHOTO_FILTERS,
      }),
    pickImportFolder: (window) =>
      pick(window, {
        title: 'Import a folder',
        buttonLabel: 'Import',
        properties: ['openDirectory', 'multiSelections'],
      }),
    async pickExportFolder(window) {
      const [folder] = await pick(window, {
        title: 'Export album to',
        buttonLabel: 'Export here',
        properties: ['openDirectory', 'createDirectory'],
      });
      return folder ?? null;
    },
  };
}
