/**
 * Every contract method on `ipcMain.handle`, behind one gate: the sender must be the top frame
 * of one of our windows, on an app page. The contract dispatcher does the rest (input checked
 * against the schema, errors as data): answers are always `WireResult` data, since a thrown
 * error would lose its code on the way.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { EVENT_CHANNEL, methodChannel } from '../../common/channels';
import type { ShoeboxHandlers } from '../../common/contract';
import { METHOD_NAMES } from '../../common/method-names';
import type { WireResult } from '../../common/errors';
import { dispatchCall } from '../contract-dispatcher';
import type { ShoeboxCore } from '../core/shoebox-core';
import type { DialogHandlers } from './dialogs';
import { isAppUrl } from './schemes';
import type { WindowRegistry } from './window';

/** What ipc needs of the core. */
export type IpcCore = Pick<ShoeboxCore, 'handlers' | 'subscribe'>;

/** Options of `setupIpc`. */
export interface IpcOptions {
  core: IpcCore;
  dialogs: Pick<DialogHandlers, 'pickImportPaths' | 'pickImportFolder' | 'pickExportFolder'>;
  windows: WindowRegistry;
}

/**
 * The window that sent `event` when the sender is trusted, else null. Trusted means: a window
 * we created (not devtools, not another webContents), its main frame (an iframe in our page,
 * whatever it loaded, gets nothing) and that frame on `app://shoebox` (if the page was ever
 * navigated elsewhere, the new page gets nothing either).
 */
export function trustedWindow(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  windows: WindowRegistry,
): BrowserWindow | null {
  const window = BrowserWindow.fromWebContents(event.sender);
  if (!window || !windows.has(window) || window.webContents !== event.sender) return null;
  const frame = event.senderFrame;
  const mainFrame = window.webContents.mainFrame;
  // Compared by process and token, which identify a frame, rather than by object identity.
  if (
    !frame ||
    frame.parent !== null ||
    frame.processId !== mainFrame.processId ||
    frame.frameToken !== mainFrame.frameToken
  ) {
    return null;
  }
  return isAppUrl(frame.url) ? window : null;
}

const FORBIDDEN: WireResult<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'This frame may not call Shoebox.' },
};

/** Registers every method and forwards core events to our windows; returns the undo. */
export function setupIpc({ core, dialogs, windows }: IpcOptions): () => void {
  // The two dialogs are the shell's own methods, modal to the window that asked.
  const handlersOf = new WeakMap<BrowserWindow, ShoeboxHandlers>();
  function handlersFor(window: BrowserWindow): ShoeboxHandlers {
    let handlers = handlersOf.get(window);
    if (!handlers) {
      handlers = {
        ...core.handlers,
        pickImportPaths: ({ folders }) =>
          folders ? dialogs.pickImportFolder(window) : dialogs.pickImportPaths(window),
        pickExportFolder: () => dialogs.pickExportFolder(window),
      };
      handlersOf.set(window, handlers);
    }
    return handlers;
  }

  async function answer(
    method: string,
    event: IpcMainInvokeEvent,
    input: unknown,
  ): Promise<WireResult<unknown>> {
    const window = trustedWindow(event, windows);
    if (!window) return FORBIDDEN;
    // Expected errors (NOT_FOUND, CONFLICT…) are answers; anything else is a bug to log.
    return dispatchCall(handlersFor(window), method, input, (name, error) =>
      console.error(`${name}:`, error),
    );
  }

  for (const method of METHOD_NAMES) {
    ipcMain.handle(methodChannel(method), (event, input: unknown) => answer(method, event, input));
  }
  const unsubscribe = core.subscribe((message) => {
    for (const window of windows.all()) {
      // A window closing at this moment throws ("Object has been destroyed"): the others still
      // get the event, and the import or export that sent it goes on.
      try {
        if (window.isDestroyed() || window.webContents.isDestroyed()) continue;
        // Events carry paths of the library: only app pages get them.
        if (isAppUrl(window.webContents.mainFrame.url)) {
          window.webContents.send(EVENT_CHANNEL, message);
        }
      } catch (error) {
        console.error('an event could not reach a window:', error);
      }
    }
  });
  return () => {
    unsubscribe();
    for (const method of METHOD_NAMES) ipcMain.removeHandler(methodChannel(method));
  };
}
