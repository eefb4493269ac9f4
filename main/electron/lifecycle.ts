/** The app's lifecycle: one instance, windows on demand, and a clean close of the core on quit. */
import { app } from 'electron';
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
 * processes on one library would race on its files; a second launch focuses the first window.
 */
export function setupSingleInstance(windows: WindowRegistry): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => {
    const [window] = windows.all();
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  return true;
}

/** Options of `setupLifecycle`. */
export interface LifecycleOptions {
  core: Pick<ShoeboxCore, 'close'>;
  windows: WindowRegistry;
  openWindow: () => void;
}

/**
 * Quits when the last window closes (except on macOS, where apps stay in the dock), reopens a
 * window on activate, and on quit closes the core first: running imports are cancelled and
 * awaited, the workers stop and the database closes, so nothing is left half-written.
 */
export function setupLifecycle({ core, windows, openWindow }: LifecycleOptions): void {
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (windows.all().length === 0) openWindow();
  });

  let closing: Promise<void> | null = null;
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    // Quitting waits for the core; the second app.quit() below finds it closed.
    event.preventDefault();
    closing ??= core
      .close()
      .catch((error: unknown) => console.error('closing the library:', error))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
  // Ctrl+C in the terminal of `npm start` would otherwise end the process without before-quit.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());
}
