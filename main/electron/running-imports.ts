/** Which imports of this process are running, so closing the app can ask before stopping them. */
import type { CoreHandlers, ShoeboxCore } from '../core/shoebox-core';

/** The core's handlers with `startImport` followed, and whether any import is running. */
export interface RunningImports {
  handlers: CoreHandlers;
  any(): boolean;
}

/**
 * Follows the imports started through the returned handlers (IPC and the menu use them): one
 * runs from its start until its `finished` event.
 */
export function trackRunningImports(
  core: Pick<ShoeboxCore, 'handlers' | 'subscribe'>,
): RunningImports {
  const running = new Set<string>();
  core.subscribe((message) => {
    if (message.event === 'importProgress' && message.payload.type === 'finished') {
      running.delete(message.payload.importId);
    }
  });
  return {
    handlers: {
      ...core.handlers,
      async startImport(input) {
        // A second start of a running id is refused (CONFLICT) and must not unmark the first.
        if (running.has(input.importId)) return core.handlers.startImport(input);
        // Marked before the start: its `finished` event may come before the answer.
        running.add(input.importId);
        try {
          return await core.handlers.startImport(input);
        } catch (error) {
          running.delete(input.importId);
          throw error;
        }
      },
    },
    any: () => running.size > 0,
  };
}
