/** The app's lifecycle: one instance, windows on demand, and a clean close of the core on quit. */
import { app, dialog, type BrowserWindow } from 'electron';
import type { ShoeboxCore } from '../core/shoebox-core';
import type { WindowRegistry } from './window';

/** The value of `--library DIR` or `--library=DIR` in `argv`, if given. */
export function libraryFlag(argv: readonly string[]): string | undefined {
  for (const [index, arg] of argv.entries()) {
    if (arg === '--library') return argv[index + 1];
    if (arg.startsWith('--library=')) return arg.slice('--library='.length);
  }
  return undefined;
}

/**
 * Takes the single-instance lock; false when another Shoebox runs (this one should quit). Two
 * processes on one library would race on its files; a second launch focuses the first window
 * (setupLifecycle).
 */
export function setupSingleInstance(): boolean {
  return app.requestSingleInstanceLock();
}

/** Options of `setupLifecycle`. */
export interface LifecycleOptions {
  core: Pick<ShoeboxCore, 'close'>;
  windows: WindowRegistry;
  openWindow: () => void;
  /** Whether an import of this process is running (closing the app would stop it). */
  importing: () => boolean;
}

// A core that does not close within this long (a hung imaging process, a stalled network disk)
// must not keep an invisible process the user cannot end: the app quits anyway. The database is
// in WAL mode and rows are written after their files, so at worst the last photos of a cancelled
// import are re-imported later; `shoebox verify --repair` mends the rest.
const CLOSE_TIMEOUT_MS = 10_000;

/**
 * Quits when the last window closes (except on macOS, where apps stay in the dock), reopens a
 * window on activate or a second launch, asks before a close or quit would stop a running
 * import, and on quit closes the core first: running imports are cancelled and awaited, the
 * workers stop and the database closes, so nothing is left half-written.
 */
export function setupLifecycle({ core, windows, openWindow, importing }: LifecycleOptions): void {
  let closing: Promise<void> | null = null;
  let closed = false;
  // Set once the user agreed to stop the imports, so a close and the quit it leads to ask once.
  let stopAgreed = false;

  function agreeToStop(window: BrowserWindow | undefined): boolean {
    if (stopAgreed || !importing()) return true;
    const options = {
      type: 'question' as const,
      buttons: ['Stop Import and Close', 'Keep Importing'],
      defaultId: 1,
      cancelId: 1,
      message: 'An import is running. Stop it and close?',
      detail: 'Photos imported so far stay in the library.',
    };
    const answer = window
      ? dialog.showMessageBoxSync(window, options)
      : dialog.showMessageBoxSync(options);
    stopAgreed = answer === 0;
    return stopAgreed;
  }

  app.on('browser-window-created', (_event, window) => {
    window.on('close', (event) => {
      // Closing the last window quits the app (but on macOS), which stops running imports.
      const last = windows.all().every((other) => other === window);
      if (process.platform !== 'darwin' && last && !agreeToStop(window)) event.preventDefault();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (windows.all().length === 0 && !closing) openWindow();
  });
  app.on('second-instance', () => {
    if (closing) return;
    const [window] = windows.all();
    // On macOS the app lives on without windows: a second launch opens one.
    if (!window) return openWindow();
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app.on('before-quit', (event) => {
    if (closed) return;
    // Quitting waits for the core; the second app.quit() below finds it closed.
    event.preventDefault();
    if (!closing && !agreeToStop(windows.all()[0])) return;
    closing ??= Promise.race([
      core.close().catch((error: unknown) => console.error('closing the library:', error)),
      new Promise<void>((resolve) => {
        setTimeout(() => {
          console.error(`the library did not close within ${CLOSE_TIMEOUT_MS / 1000} s: quitting`);
          resolve();
        }, CLOSE_TIMEOUT_MS).unref();
      }),
    ]).finally(() => {
      closed = true;
      app.quit();
    });
  });
  // Ctrl+C in the terminal of `npm start` would otherwise end the process without before-quit;
  // the terminal's user asked to stop, so nothing is asked.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      stopAgreed = true;
      app.quit();
    });
}
