import type { ServerResponse } from 'node:http';
import type { ServeCore } from './serve-core';

// A comment line this often keeps proxies and idle-connection reapers from closing a quiet
// stream, and lets a client notice a dead server within a heartbeat or two.
const HEARTBEAT_MS = 15_000;

// How long a browser's EventSource waits before reconnecting after the stream drops.
const RETRY_MS = 2_000;

// A client that stops reading (a frozen tab) would make its events pile up in memory. Past
// this much unsent data the stream is closed; the browser reconnects and refetches
// (the renderer treats a reconnection as `libraryChanged`).
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * `GET /api/events`: every core event as a Server-Sent Event (`event: <name>`, `data: <json>`)
 * until the client leaves (but the cards' when clients may not name this machine's paths).
 * `streams` holds the open streams so shutdown can end them.
 */
export function handleEvents(
  res: ServerResponse,
  core: ServeCore,
  streams: Set<ServerResponse>,
  localPaths: boolean,
): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  const send = (text: string): void => {
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      res.destroy();
      return;
    }
    res.write(text);
  };
  // Subscribed before the first bytes go out: a client that has seen the stream open has
  // every later event (the contract tests start an import right after connecting).
  const unsubscribe = core.subscribe(({ event, payload }) => {
    // The cards' paths are this machine's, not for a browser elsewhere (see api-route.ts).
    if (event === 'cardsChanged' && !localPaths) return;
    // JSON.stringify never emits a raw newline, so one `data:` line holds the whole payload.
    send(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  });
  const heartbeat = setInterval(() => send(': heartbeat\n\n'), HEARTBEAT_MS);
  streams.add(res);
  res.on('close', () => {
    unsubscribe();
    clearInterval(heartbeat);
    streams.delete(res);
  });
  res.write(`retry: ${RETRY_MS}\n: connected\n\n`);
}
