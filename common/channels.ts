import type { MethodName } from './contract';
import { METHOD_NAMES } from './method-names';

/** The IPC channel of one contract method: shared by main and preload so they cannot drift. */
export function methodChannel(method: MethodName): string {
  return `shoebox:${method}`;
}

/** Every method channel. */
export const METHOD_CHANNELS = METHOD_NAMES.map(methodChannel);

/** The one channel every core event travels on, as `{ event, payload }`. */
export const EVENT_CHANNEL = 'shoebox:event';
