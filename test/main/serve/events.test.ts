import { describe, expect, it, vi } from 'vitest';
import type { CoreEvent } from '../../../main/core/shoebox-core';
import { startServer } from '../../../main/serve/http-server';
import type { ServeCore } from '../../../main/serve/serve-core';

/** A core that only has events: the stream is all this test looks at. */
function eventCore() {
  const listeners = new Set<(event: CoreEvent) => void>();
  const core = {
    handlers: {},
    subscribe(listener: (event: CoreEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as ServeCore;
  return { core, listeners, publish: (event: CoreEvent) => listeners.forEach((l) => l(event)) };
}

describe('GET /api/events', () => {
  it('streams core events as SSE and unsubscribes when the client leaves', async () => {
    const { core, listeners, publish } = eventCore();
    const server = await startServer({ core });
    const leave = new AbortController();
    try {
      const response = await fetch(`${server.origin}/api/events`, {
        headers: { Authorization: `Bearer ${server.token}` },
        signal: leave.signal,
      });
      expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-store');
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      expect((await reader.read()).value).toBe('retry: 2000\n: connected\n\n');
      expect(listeners.size).toBe(1);

      publish({ event: 'libraryChanged', payload: { reason: 'external' } });
      expect((await reader.read()).value).toBe(
        'event: libraryChanged\ndata: {"reason":"external"}\n\n',
      );
      // A line break in a payload's text stays inside its one `data:` line.
      const error = { code: 'IO_ERROR' as const, message: 'line\nbreak' };
      publish({
        event: 'exportProgress',
        payload: {
          type: 'finished',
          exportId: 'e1',
          cancelled: false,
          location: null,
          error,
          failed: [],
        },
      });
      expect((await reader.read()).value).toBe(
        'event: exportProgress\ndata: {"type":"finished","exportId":"e1","cancelled":false,' +
          '"location":null,"error":{"code":"IO_ERROR","message":"line\\nbreak"},"failed":[]}\n\n',
      );

      leave.abort();
      await vi.waitFor(() => expect(listeners.size).toBe(0));
    } finally {
      await server.close();
    }
  });
});
