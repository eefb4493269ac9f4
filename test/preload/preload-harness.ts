/**
 * The Electron transport without Electron: the real preload bundle, run as a sandboxed preload
 * would be (a fresh global scope whose `require` knows only `electron`), over the electron fake,
 * into the real `setupIpc` and a real core (`electron` is that fake in the node project's tests:
 * test/setup/electron-mock.ts).
 */
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { build } from 'esbuild';
import { BRIDGE_GLOBAL, type PreloadBridge } from '../../common/bridge';
import type { ShoeboxApi } from '../../common/contract';
import { METHOD_NAMES } from '../../common/method-names';
import { fromErrorData, type WireResult } from '../../common/errors';
import { openCore, type ShoeboxCore } from '../../main/core/shoebox-core';
import { setupDialogs } from '../../main/electron/dialogs';
import { setupIpc } from '../../main/electron/ipc';
import { APP_ENTRY_URL } from '../../main/electron/schemes';
import { createWindowRegistry } from '../../main/electron/window';
import * as electronFake from '../mocks/electron';

let bundle: Promise<string> | undefined;

/** The preload bundled as scripts/build.mjs bundles it (one CommonJS file, electron external). */
export function preloadBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [fileURLToPath(new URL('../../preload/index.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'chrome130',
    external: ['electron'],
    write: false,
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]!.text);
  return bundle;
}

/** Runs the bundle in a new global scope; returns what it asked `require` for. */
export async function runPreload(): Promise<string[]> {
  const code = await preloadBundle();
  const required: string[] = [];
  const sandboxedRequire = (id: string): unknown => {
    required.push(id);
    if (id === 'electron') return electronFake;
    throw new Error(`A sandboxed preload cannot require ${id}`);
  };
  const module = { exports: {} };
  const wrapper = vm.runInNewContext(`(function (exports, require, module) {\n${code}\n})`, {
    console,
  }) as (exports: unknown, require: unknown, module: unknown) => void;
  wrapper(module.exports, sandboxedRequire, module);
  return required;
}

/** What the page's main world sees as `window.shoebox`. */
export function exposedBridge(): PreloadBridge {
  return electronFake.exposedInMainWorld[BRIDGE_GLOBAL] as PreloadBridge;
}

/** The contract over the bridge, unwrapping results as the renderer's client does. */
export function apiOver(bridge: PreloadBridge): ShoeboxApi {
  return Object.fromEntries(
    METHOD_NAMES.map((method) => [
      method,
      async (input?: unknown) => {
        const call = bridge[method] as (input?: unknown) => Promise<WireResult<unknown>>;
        const result = await call(input);
        if (result.ok) return result.value;
        throw fromErrorData(result.error);
      },
    ]),
  ) as unknown as ShoeboxApi;
}

/** One app window with the preload loaded, wired to a real core on `libraryRoot`. */
export interface PreloadTransport {
  core: ShoeboxCore;
  window: electronFake.BrowserWindow;
  bridge: PreloadBridge;
  required: string[];
  close(): Promise<void>;
}

/** Opens a core on `libraryRoot`, an app window, the ipc handlers, and runs the preload in it. */
export async function openPreloadTransport(libraryRoot: string): Promise<PreloadTransport> {
  electronFake.resetElectronFake();
  // One imaging thread: the machine is shared, and tests import a handful of tiny files.
  const core = await openCore({ libraryRoot, imagingThreads: 1 });
  const windows = createWindowRegistry();
  const window = new electronFake.BrowserWindow();
  windows.add(window as unknown as Electron.BrowserWindow);
  await window.loadURL(APP_ENTRY_URL);
  electronFake.attachRenderer(window.webContents);
  const dispose = setupIpc({ core, dialogs: setupDialogs(), windows });
  const required = await runPreload();
  return {
    core,
    window,
    bridge: exposedBridge(),
    required,
    async close() {
      dispose();
      await core.close();
    },
  };
}
