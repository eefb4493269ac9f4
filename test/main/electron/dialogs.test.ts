import { beforeEach, describe, expect, it } from 'vitest';
import { setupDialogs } from '../../../main/electron/dialogs';
import { BrowserWindow, dialog, resetElectronFake } from '../../mocks/electron';

describe('setupDialogs', () => {
  let window: Electron.BrowserWindow;

  beforeEach(() => {
    resetElectronFake();
    window = new BrowserWindow() as unknown as Electron.BrowserWindow;
  });

  it('picks files and folders in one dialog on macOS only, modal to the window', async () => {
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/a.jpg', '/b'] });
    expect(await setupDialogs('darwin').pickImportPaths(window)).toEqual(['/a.jpg', '/b']);
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(
      window,
      expect.objectContaining({ properties: ['openFile', 'openDirectory', 'multiSelections'] }),
    );
    await setupDialogs('linux').pickImportPaths(window);
    expect(dialog.showOpenDialog).toHaveBeenLastCalledWith(
      window,
      expect.objectContaining({ properties: ['openFile', 'multiSelections'] }),
    );
  });

  it('answers cancelled dialogs with nothing', async () => {
    const dialogs = setupDialogs('linux');
    expect(await dialogs.pickImportPaths(window)).toEqual([]);
    expect(await dialogs.pickImportFolder(window)).toEqual([]);
    expect(await dialogs.pickExportFolder(window)).toBeNull();
  });

  it('answers the chosen export folder', async () => {
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/exports'] });
    expect(await setupDialogs('win32').pickExportFolder(window)).toBe('/exports');
  });
});
