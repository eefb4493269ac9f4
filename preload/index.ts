/**
 * The preload: exposes `window.shoebox` (a PreloadBridge) and nothing else. One function per
 * contract method, event subscriptions, and file paths of dropped files. It is bundled into one
 * CommonJS file because a sandboxed preload can require only `electron`.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { BRIDGE_GLOBAL, type PreloadBridge } from '../common/bridge';
import { EVENT_CHANNEL, methodChannel } from '../common/channels';
import type { EventName } from '../common/contract';
import { EVENT_NAMES, METHOD_NAMES } from '../common/method-names';
import { toErrorData, type WireResult } from '../common/errors';

type Methods = Omit<PreloadBridge, 'subscribe' | 'getPathForFile'>;

// One function per method, each bound to its own channel: the page can name a method, never a
// channel, so it cannot reach anything main did not register for it.
const methods = Object.fromEntries(
  METHOD_NAMES.map((method) => [
    method,
    (input?: unknown): Promise<WireResult<unknown>> =>
      // A rejected invoke (no handler, a closed window) becomes data like every other error.
      ipcRenderer
        .invoke(methodChannel(method), input)
        .catch((error: unknown) => ({ ok: false, error: toErrorData(error) })),
  ]),
) as unknown as Methods;

// One ipcRenderer listener for every subscription: the page's listeners never see the
// IpcRendererEvent (whose `sender` is ipcRenderer itself), only the payload.
const listeners = new Map<EventName, Set<(payload: unknown) => void>>(
  EVENT_NAMES.map((name) => [name, new Set()]),
);
ipcRenderer.on(EVENT_CHANNEL, (_event: IpcRendererEvent, message: unknown) => {
  const { event, payload } = (message ?? {}) as { event?: EventName; payload?: unknown };
  for (const listener of (event && listeners.get(event)) || []) listener(payload);
});

const subscribe: PreloadBridge['subscribe'] = (event, listener) => {
  const forEvent = listeners.get(event);
  if (!forEvent) throw new TypeError(`There is no Shoebox event named ${String(event)}.`);
  if (typeof listener !== 'function') throw new TypeError('A listener must be a function.');
  const wrapped = listener as (payload: unknown) => void;
  forEvent.add(wrapped);
  return () => {
    forEvent.delete(wrapped);
  };
};

const bridge: PreloadBridge = {
  ...methods,
  subscribe,
  getPathForFile: (file) => webUtils.getPathForFile(file as File),
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
