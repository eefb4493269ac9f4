/**
 * Every contract method on `ipcMain.handle`, behind two gates: the sender must be the top
 * frame of one of our windows, on an app page; its input must parse with the contract's
 * schema. Answers are always `WireResult` data: a thrown error would lose its code on the way.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { EVENT_CHANNEL, methodChannel } from '../../common/channels';
import { contract, type MethodName } from '../../common/contract';
import { METHOD_NAMES } from '../../common/method-names';
import { toErrorData, type ErrorCode, type WireResult } from '../../common/errors';
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

function failure(code: ErrorCode, message: string): WireResult<never> {
  return { ok: false, error: { code, message } };
}

/** Registers every method and forwards core events to our windows; returns the undo. */
export function setupIpc({ core, dialogs, windows }: IpcOptions): () => void {
  function call(method: MethodName, input: unknown, window: BrowserWindow): Promise<unknown> {
    // The two dialogs are the shell's own methods, modal to the window that asked.
    if (method === 'pickImportPaths') {
      const { folders } = input as { folders?: boolean };
      return folders ? dialogs.pickImportFolder(window) : dialogs.pickImportPaths(window);
    }
    if (method === 'pickExportFolder') return dialogs.pickExportFolder(window);
    const handler = core.handlers[method] as unknown as (input: unknown) => Promise<unknown>;
    return handler(input);
  }

  async function answer(
    method: MethodName,
    event: IpcMainInvokeEvent,
    input: unknown,
  ): Promise<WireResult<unknown>> {
    const window = trustedWindow(event, windows);
    if (!window) return failure('FORBIDDEN', 'This frame may not call Shoebox.');
    // Methods without input may be called with none; the schema then sees `{}`.
    const parsed = contract[method].input.safeParse(input ?? {});
    if (!parsed.success) {
      const message = parsed.error.issues
        .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ` : '') + issue.message)
        .join('; ');
      return failure('INVALID_INPUT', message);
    }
    try {
      return { ok: true, value: await call(method, parsed.data, window) };
    } catch (error) {
      const data = toErrorData(error);
      // Expected errors (NOT_FOUND, CONFLICT…) are answers; anything else is a bug to log.
      if (data.code === 'INTERNAL') console.error(`${method}:`, error);
      return { ok: false, error: data };
    }
  }

  for (const method of METHOD_NAMES) {
    ipcMain.handle(methodChannel(method), (event, input: unknown) => answer(method, event, input));
  }
  const unsubscribe = core.subscribe((message) => {
    for (const window of windows.all()) {
      // Events carry paths of the library: only app pages get them.
      if (isAppUrl(window.webContents.mainFrame.url)) {
        window.webContents.send(EVENT_CHANNEL, message);
      }
    }
  });
  return () => {
    unsubscribe();
    for (const method of METHOD_NAMES) ipcMain.removeHandler(methodChannel(method));
  };
}
