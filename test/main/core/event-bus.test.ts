import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventBus, type CoreEvent } from '../../../main/core/event-bus';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the event bus', () => {
  it('says when its first listener comes and its last goes', () => {
    const hooks = { onListened: vi.fn(), onUnlistened: vi.fn() };
    const bus = createEventBus(hooks);
    const stopA = bus.subscribe(() => undefined);
    const stopB = bus.subscribe(() => undefined);
    expect(hooks.onListened).toHaveBeenCalledTimes(1);
    stopA();
    stopA();
    expect(hooks.onUnlistened).not.toHaveBeenCalled();
    stopB();
    expect(hooks.onUnlistened).toHaveBeenCalledTimes(1);
  });

  it('reaches every listener and returns to the publisher when one of them throws', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const bus = createEventBus();
    const received: CoreEvent[] = [];
    bus.subscribe(() => {
      throw new Error('Object has been destroyed');
    });
    bus.subscribe((event) => received.push(event));
    expect(() => bus.publish('libraryChanged', { reason: 'albums' })).not.toThrow();
    expect(received).toEqual([{ event: 'libraryChanged', payload: { reason: 'albums' } }]);
  });
});
