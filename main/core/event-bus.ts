import type { EventEnvelope, EventName, EventPayload } from '../../common/contract';

/** One event from the core, tagged with its name. */
export type CoreEvent = EventEnvelope;

/** The core's events, to everyone subscribed. */
export interface EventBus {
  /** Sends an event to every listener. */
  publish<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: (event: CoreEvent) => void): () => void;
}

/**
 * An event bus that says when its first listener comes and its last one goes (`onListened`,
 * `onUnlistened`), so work done only for listeners (watching other processes) runs only then.
 */
export function createEventBus(
  hooks: { onListened?: () => void; onUnlistened?: () => void } = {},
): EventBus {
  const listeners = new Set<(event: CoreEvent) => void>();
  return {
    publish(event, payload) {
      for (const listener of listeners) {
        // A listener that throws (a window gone, a closed stream) must not stop the others, nor
        // the import or export that published the event.
        try {
          listener({ event, payload } as CoreEvent);
        } catch (error) {
          console.error(`a listener of ${event} failed:`, error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) hooks.onListened?.();
      return () => {
        if (!listeners.delete(listener)) return;
        if (listeners.size === 0) hooks.onUnlistened?.();
      };
    },
  };
}
