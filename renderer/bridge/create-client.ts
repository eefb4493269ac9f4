import { BRIDGE_GLOBAL, type PreloadBridge } from '../../common/bridge';
import { createElectronClient } from './electron-client';
import { createHttpClient } from './http-client';
import type { ShoeboxClient } from './shoebox-client';

/** The client for wherever the UI runs: the preload's bridge in Electron, else HTTP. */
export function createClient(): ShoeboxClient {
  const bridge = (window as unknown as Record<string, PreloadBridge | undefined>)[BRIDGE_GLOBAL];
  return bridge ? createElectronClient(bridge) : createHttpClient();
}
