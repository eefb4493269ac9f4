/**
 * A small typed client of `shoebox serve`'s HTTP protocol (common/bridge.ts) for tests: the
 * contract over fetch with a Bearer token, and Server-Sent Events read from a fetch stream
 * (Node 20 has no EventSource). Event payloads are checked against the contract's schemas.
 */
import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
} from 'node:http';
import {
  events as eventSchemas,
  type EventEnvelope,
  type EventName,
  type ShoeboxApi,
} from '../../common/contract';
import { METHOD_NAMES } from '../../common/method-names';
import { HTTP_ROUTES } from '../../common/bridge';
import { fromErrorData, type WireResult } from '../../common/errors';

/** One event from the server, tagged with its name. */
export type ServeEvent = EventEnvelope;

/** An HTTP answer whose body is a WireResult. */
export interface WireAnswer<T = unknown> {
  status: number;
  result: WireResult<T>;
}

/** A connected client: the contract, raw calls, uploads, and the event stream. */
export interface ServeClient {
  api: ShoeboxApi;
  /** Calls a method by name with any body; answers the status and the parsed WireResult. */
  call(method: string, body: unknown): Promise<WireAnswer>;
  /**
   * Uploads one file as `POST /api/uploads` with its name in X-File-Name and, when given, its
   * time in X-File-Last-Modified (a string is sent as it is, for malformed values).
   */
  upload(
    name: string,
    body: Uint8Array | ReadableStream<Uint8Array>,
    options?: { lastModified?: number | string },
  ): Promise<WireAnswer<{ uploadId: string }>>;
  /** Fetches a path of the server with the token. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Calls `listener` for every event; returns the function that unsubscribes it. */
  events(listener: (event: ServeEvent) => void): () => void;
  /** Closes the event stream; throws if a streamed event broke the contract's schemas. */
  close(): void;
}

/** Connects to a server at `origin`; resolves once its event stream is open. */
export async function connectServeClient(origin: string, token: string): Promise<ServeClient> {
  const authorization = { Authorization: `Bearer ${token}` };
  const request = (path: string, init: RequestInit = {}) =>
    fetch(`${origin}${path}`, { ...init, headers: { ...authorization, ...init.headers } });

  async function call(method: string, body: unknown): Promise<WireAnswer> {
    const response = await request(`${HTTP_ROUTES.api}${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, result: (await response.json()) as WireResult<unknown> };
  }

  const api = Object.fromEntries(
    METHOD_NAMES.map((method) => [
      method,
      async (input?: unknown) => {
        const { result } = await call(method, input ?? {});
        if (result.ok) return result.value;
        throw fromErrorData(result.error);
      },
    ]),
  ) as ShoeboxApi;

  const listeners = new Set<(event: ServeEvent) => void>();
  const problems: string[] = [];
  const stream = new AbortController();
  await openEventStream(
    request,
    stream.signal,
    (event, data) => {
      const schema = eventSchemas[event as EventName];
      const parsed = schema?.safeParse(JSON.parse(data));
      if (!parsed?.success) {
        problems.push(`event ${event} does not fit the contract: ${data}`);
        return;
      }
      for (const listener of listeners) listener({ event, payload: parsed.data } as ServeEvent);
    },
    (error) => problems.push(`event stream failed: ${String(error)}`),
  );

  return {
    api,
    call,
    async upload(name, body, options = {}) {
      const lastModified =
        options.lastModified === undefined
          ? {}
          : { 'X-File-Last-Modified': String(options.lastModified) };
      const response = await request(HTTP_ROUTES.uploads, {
        method: 'POST',
        headers: { 'X-File-Name': encodeURIComponent(name), ...lastModified },
        body,
        // A ReadableStream body is sent chunked, with no Content-Length (as the limit tests need).
        ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit);
      const result = (await response.json()) as WireResult<{ uploadId: string }>;
      return { status: response.status, result };
    },
    fetch: request,
    events(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      stream.abort();
      if (problems.length > 0) throw new Error(problems.join('\n'));
    },
  };
}

/**
 * Opens `GET /api/events` and parses Server-Sent Events from the body: blocks separated by a
 * blank line, `event:` and `data:` fields, `:` comments ignored. Resolves once the server's
 * first block (sent after it subscribed) has arrived, so no later event can be missed.
 */
async function openEventStream(
  request: (path: string, init?: RequestInit) => Promise<Response>,
  signal: AbortSignal,
  onEvent: (event: string, data: string) => void,
  onError: (error: unknown) => void,
): Promise<void> {
  const response = await request(HTTP_ROUTES.events, { signal });
  if (!response.ok || !response.body) throw new Error(`event stream: HTTP ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let blocks = 0;
  const readBlocks = async (): Promise<boolean> => {
    const { value, done } = await reader.read();
    if (done) return false;
    buffer += value;
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      blocks += 1;
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice('event: '.length);
        else if (line.startsWith('data: ')) data.push(line.slice('data: '.length));
      }
      if (data.length > 0) onEvent(event, data.join('\n'));
    }
    return true;
  };
  while (blocks === 0 && (await readBlocks()));
  void (async () => {
    try {
      while (await readBlocks());
    } catch (error) {
      if (!signal.aborted) onError(error);
    }
  })();
}

/** A raw answer from `rawRequest`. */
export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One request with the path sent exactly as given: fetch and URL normalise `..` and
 * percent-encoding away, which is what the path-traversal tests must not have happen.
 */
export function rawRequest(
  origin: string,
  options: { method?: string; path: string; headers?: OutgoingHttpHeaders; body?: string | Buffer },
): Promise<RawAnswer> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        hostname,
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}
