/**
 * Boots the packaged main bundle (app.asar extracted outside the repository) under the fake
 * Electron API, imports one photo through the IPC handler and fetches its thumbnail through the
 * media protocol handler. Run by package-test.mjs:
 *   node --import tsx --import ./register-electron.mjs boot-main.mjs <extracted app> <photo> <library>
 * Prints one JSON line: what it saw.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, app, ipcMain, protocol } from 'electron';

const [appDir, photo, library] = process.argv.slice(2);
process.env.SHOEBOX_LIBRARY = library;
// As in Electron: the core loads better-sqlite3's Electron build (main/core/library/database.ts).
Object.defineProperty(process.versions, 'electron', { value: '40.8.5', enumerable: true });

const deadline = Date.now() + 60_000;
async function until(what, probe) {
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

await import(pathToFileURL(path.join(appDir, 'dist/electron-main.js')).href);
const window = await until('the window', () => BrowserWindow.getAllWindows()[0]);
const from = { webContents: window.webContents, frame: window.webContents.mainFrame };
const started = await ipcMain.invokeAs(from, 'shoebox:startImport', {
  importId: randomUUID(),
  source: { kind: 'paths', paths: [photo] },
});
const thumb = await until('the thumbnail', async () => {
  const response = await protocol.fetch('shoebox-media://photo/1/thumb');
  return response.status === 200 ? response : null;
});
const body = Buffer.from(await thumb.arrayBuffer());
console.log(
  JSON.stringify({
    started,
    status: thumb.status,
    type: thumb.headers.get('content-type'),
    riff: body.subarray(0, 4).toString('latin1'),
    webp: body.subarray(8, 12).toString('latin1'),
    bytes: body.length,
  }),
);
// Quit as Electron would, so the core closes the library and stops the imaging process.
app.emit('before-quit', { preventDefault() {} });
await until('the quit', () => app.quit.mock.calls.length > 0);
process.exit(0);
