/**
 * The one window factory: every window of Shoebox is sandboxed, isolated, without Node, and
 * stays on the app's own pages.
 */
import { BrowserWindow, dialog, shell, type WebContents, type WebPreferences } from 'electron';
import { APP_ENTRY_URL, isAppUrl } from './schemes';

/** The windows that are ours: the only ones ipc answers and events go to. */
export interface WindowRegistry {
  add(window: BrowserWindow): void;
  has(window: BrowserWindow): boolean;
  all(): BrowserWindow[];
}

/** An empty registry; windows leave it when they close. */
export function createWindowRegistry(): WindowRegistry {
  const windows = new Set<BrowserWindow>();
  return {
    add(window) {
      windows.add(window);
      window.once('closed', () => windows.delete(window));
    },
    has: (window) => windows.has(window),
    all: () => [...windows].filter((window) => !window.isDestroyed()),
  };
}

/** The web preferences of every app window. */
export function appWebPreferences(preloadPath: string, development: boolean): WebPreferences {
  return {
    preload: preloadPath,
    // The page cannot reach the preload's objects, only what contextBridge exposes.
    contextIsolation: true,
    // The renderer process runs in Chromium's OS sandbox; the preload sees only `electron`.
    sandbox: true,
    // No Node in the page, its workers or its frames: a bug in the UI is not code execution.
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    // Same-origin policy stays on; nothing insecure loads into a secure page.
    webSecurity: true,
    allowRunningInsecureContent: false,
    // No <webview>: it would be a second browser with its own preferences.
    webviewTag: false,
    experimentalFeatures: false,
    // Dropping a file must reach the UI's drop handler, never navigate the window to file://.
    navigateOnDragDrop: false,
    // DevTools can run anything in the page: only for developers.
    devTools: development,
  };
}

/** Opens `url` in the system browser when it is https; anything else is dropped. */
export function openExternally(url: string): void {
  // http would leak what the user browses to the network; file:, smb:, custom schemes could
  // start programs. Only https leaves the app.
  if (url.startsWith('https://')) {
    shell.openExternal(url).catch((error: unknown) => console.error('openExternal:', error));
  }
}

/**
 * Keeps `contents` on the app's pages: no new windows (https links go to the system browser),
 * no navigation or redirect of any frame away from `app://shoebox`, no <webview>.
 */
export function guardWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    openExternally(event.url);
  });
  // will-navigate covers the main frame only; subframes and redirects have their own events.
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Options of `createMainWindow`. */
export interface MainWindowOptions {
  registry: WindowRegistry;
  preloadPath: string;
  development: boolean;
}

/** Creates a library window on `app://shoebox/index.html` and registers it. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 840,
    minWidth: 720,
    minHeight: 480,
    title: 'Shoebox',
    // Shown once the first paint is ready, so the window never flashes white.
    show: false,
    backgroundColor: '#1c1c1e',
    webPreferences: appWebPreferences(options.preloadPath, options.development),
  });
  options.registry.add(window);
  guardWebContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  // ready-to-show never comes when the first paint fails (a GPU process that will not start, a
  // page that throws early): a window is better than a running app with none.
  const fallback = setTimeout(() => {
    if (!window.isDestroyed() && !window.isVisible()) window.show();
  }, SHOW_FALLBACK_MS);
  window.once('show', () => clearTimeout(fallback));
  window.once('closed', () => clearTimeout(fallback));
  reloadWhenGone(window);
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => console.error('loadURL:', error));
  return window;
}

// Long enough for a slow first paint on an old machine, short enough to not look hung.
const SHOW_FALLBACK_MS = 5000;
// A renderer that dies this many times within RELOAD_WINDOW_MS is not reloaded again: it would
// crash in a loop (out of memory on a huge page, a broken GPU driver).
const MAX_RELOADS = 3;
const RELOAD_WINDOW_MS = 60_000;

/** Logs a renderer that died and reloads it, or says so in a dialog when it keeps dying. */
function reloadWhenGone(window: BrowserWindow): void {
  const gone: number[] = [];
  window.webContents.on('render-process-gone', (_event, details) => {
    console.error(`the window's renderer is gone (${details.reason}, exit ${details.exitCode})`);
    // A clean exit is the window closing, not a crash.
    if (details.reason === 'clean-exit' || window.isDestroyed()) return;
    const now = Date.now();
    gone.push(now);
    while (gone[0]! < now - RELOAD_WINDOW_MS) gone.shift();
    if (gone.length > MAX_RELOADS) {
      dialog.showErrorBox(
        'Shoebox',
        `The window stopped working (${details.reason}). Your library is safe; restart Shoebox.`,
      );
      return;
    }
    window.webContents.reload();
  });
}
