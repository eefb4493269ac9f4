import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTP_ROUTES } from '../../common/bridge';
import { ShoeboxError, type ErrorData } from '../../common/errors';
import { createApiRoute } from './api-route';
import { handleEvents } from './events-route';
import { handleExportDownload, type ExportDownloads } from './exports-route';
import { handleMedia } from './media-route';
import {
  createTokenCheck,
  generateToken,
  isLoopbackAddress,
  isLoopbackHostHeader,
  isSameOrigin,
  isUsableToken,
  presentedTokens,
  tokenCookie,
} from './request-guards';
import { sendErrorFor, sendMethodNotAllowed, setSecurityHeaders, sendText } from './responses';
import type { ServeCore } from './serve-core';
import { handleStatic } from './static-route';
import { handleUpload } from './uploads-route';

/** The per-file upload limit unless told otherwise (DESIGN: camera RAWs stay well below). */
export const DEFAULT_MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/** Options of `startServer`. */
export interface ServerOptions {
  core: ServeCore;
  /** The address to bind; loopback unless told otherwise. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The token every request must carry; a fresh random one by default. */
  token?: string;
  /** The largest file `POST /api/uploads` accepts, in bytes. */
  maxUploadBytes?: number;
  /** The built renderer (dist/renderer); without it, `/` says how to build it. */
  staticDir?: string | null;
  /** Finished export zips for `GET /exports/<id>.zip` (the export service's seam). */
  exports?: ExportDownloads;
  /** Where unexpected errors are reported; stderr by default. */
  onError?: (error: unknown) => void;
}

/** A running `shoebox serve`. */
export interface RunningServer {
  /** The link to open: the origin with `/?token=…`, which signs the browser in. */
  url: string;
  /** `http://host:port`, without a token. */
  origin: string;
  token: string;
  port: number;
  /**
   * Stops accepting, ends event streams, aborts uploads in progress (their partial files are
   * dropped) and waits for the other requests to finish. The core stays open: its owner
   * closes it afterwards, which cancels running imports.
   */
  close(): Promise<void>;
}

/** Starts the HTTP transport of the contract over `core`; resolves once it is listening. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? generateToken();
  if (!isUsableToken(token)) {
    throw new ShoeboxError(
      'INVALID_INPUT',
      'A token needs at least 22 characters of A-Z, a-z, 0-9, "-" and "_".',
    );
  }
  const onError =
    options.onError ??
    ((error: unknown) =>
      process.stderr.write(`shoebox serve: ${error instanceof Error ? error.stack : error}\n`));
  const checkToken = createTokenCheck(token);
  // Bound to loopback, the server answers only to loopback names (DNS rebinding); bound
  // wider on purpose, users reach it by whatever name or address they have for the machine.
  const loopbackOnly = isLoopbackAddress(host);
  const apiRoute = createApiRoute({ core: options.core, onError, localPaths: loopbackOnly });
  const streams = new Set<ServerResponse>();
  const uploads = new Set<IncomingMessage>();
  const pending = new Set<Promise<void>>();
  let closing = false;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    const target = req.url ?? '';
    // Only origin-form targets: `http://other/...` or `*` have no business here.
    if (!target.startsWith('/')) {
      sendText(res, 400, 'Bad request.\n');
      return;
    }
    if (closing) {
      res.setHeader('Connection', 'close');
      sendErrorFor(req, res, { code: 'CANCELLED', message: 'Shoebox is shutting down.' }, 503);
      return;
    }
    if (loopbackOnly && !isLoopbackHostHeader(req.headers.host)) {
      sendErrorFor(req, res, {
        code: 'FORBIDDEN',
        message: 'This server answers only to 127.0.0.1 and localhost.',
      });
      return;
    }
    const queryAt = target.indexOf('?');
    const rawPath = queryAt < 0 ? target : target.slice(0, queryAt);
    const query = new URLSearchParams(queryAt < 0 ? '' : target.slice(queryAt + 1));
    const method = req.method ?? 'GET';
    const reading = method === 'GET' || method === 'HEAD';

    const linkToken = query.get('token');
    if (rawPath === '/' && linkToken !== null && reading) {
      if (!checkToken(linkToken)) {
        sendErrorFor(
          req,
          res,
          unauthorised('This link is not valid (the server may have restarted).'),
          401,
        );
        return;
      }
      // The token moves into a cookie and out of the address bar (history, screen shares).
      res.writeHead(303, {
        'Set-Cookie': tokenCookie(token),
        Location: '/',
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }
    // Each presented token is compared in constant time; there are at most a few.
    if (!presentedTokens(req).some(checkToken)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      sendErrorFor(req, res, unauthorised('Open the link that `shoebox serve` printed.'), 401);
      return;
    }
    if (!reading && !isSameOrigin(req)) {
      sendErrorFor(req, res, {
        code: 'FORBIDDEN',
        message: 'Requests from other pages are refused.',
      });
      return;
    }
    await dispatch(req, res, rawPath, method);
  }

  /** Hands a signed-in request to its route. */
  async function dispatch(
    req: IncomingMessage,
    res: ServerResponse,
    rawPath: string,
    method: string,
  ): Promise<void> {
    if (rawPath === HTTP_ROUTES.events) {
      if (method === 'GET') handleEvents(res, options.core, streams, loopbackOnly);
      else sendMethodNotAllowed(req, res, 'GET');
    } else if (rawPath === HTTP_ROUTES.uploads) {
      if (method !== 'POST') {
        sendMethodNotAllowed(req, res, 'POST');
        return;
      }
      uploads.add(req);
      try {
        await handleUpload(req, res, {
          core: options.core,
          maxUploadBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
          onError,
        });
      } finally {
        uploads.delete(req);
      }
    } else if (rawPath.startsWith(HTTP_ROUTES.api)) {
      if (method === 'POST') {
        await apiRoute(req, res, rawPath.slice(HTTP_ROUTES.api.length));
      } else sendMethodNotAllowed(req, res, 'POST');
    } else if (method !== 'GET' && method !== 'HEAD') {
      sendMethodNotAllowed(req, res, 'GET, HEAD');
    } else if (rawPath.startsWith(HTTP_ROUTES.media)) {
      await handleMedia(req, res, rawPath, options.core);
    } else if (rawPath.startsWith(HTTP_ROUTES.exports)) {
      await handleExportDownload(req, res, rawPath, options.exports);
    } else {
      await handleStatic(req, res, rawPath, options.staticDir ?? null);
    }
  }

  const server = createServer((req, res) => {
    const handled = route(req, res).catch((error: unknown) => {
      onError(error);
      // Whatever went wrong, the client learns only that it did: no stack, no internals.
      if (!res.headersSent) {
        sendErrorFor(req, res, { code: 'INTERNAL', message: 'Something went wrong in Shoebox.' });
      } else res.destroy();
    });
    // A request counts until its handler is done and its answer is out (or its socket gone).
    const answered = new Promise((resolve) => res.once('close', resolve));
    const done: Promise<void> = Promise.all([handled, answered]).then(() => {
      pending.delete(done);
    });
    pending.add(done);
  });

  await listen(server, host, options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${urlHost(host)}:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    port,
    async close() {
      if (closing) return;
      closing = true;
      const closed = once(server, 'close');
      server.close();
      for (const stream of streams) stream.end();
      for (const upload of uploads) upload.destroy();
      await Promise.all(pending);
      // Every answer is out; what is left are idle keep-alive connections and the ones
      // browsers open ahead of a request, which would otherwise hold the server open.
      server.closeAllConnections();
      await closed;
    },
  };
}

function unauthorised(message: string): ErrorData {
  return { code: 'FORBIDDEN', message };
}

async function listen(server: Server, host: string, port: number): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new ShoeboxError(
        'CONFLICT',
        `Port ${port} is in use on ${host}: choose another with --port, or --port 0 for any free one.`,
      );
    }
    throw new ShoeboxError('INVALID_INPUT', `Cannot listen on ${host}:${port} (${code ?? error}).`);
  }
}

/** The host part of a URL to reach a server bound to `host` from this machine. */
function urlHost(host: string): string {
  // A wildcard bind is reachable through loopback; the printed link should work as it is.
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
