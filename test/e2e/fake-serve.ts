/**
 * A stand-in for `shoebox serve` for the UI screenshot harness: the HTTP protocol of
 * common/bridge.ts over the in-memory FakeLibrary, the built renderer bundle, and generated
 * thumbnails (sharp). It lets the real bundle run in Chromium before the real server exists.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import sharp from 'sharp';
import type { ShoeboxApi } from '../../common/contract';
import { toErrorData, type ErrorData } from '../../common/errors';
import type { FakeLibrary } from '../renderer/fake-library';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

// Files whose name says so are refused like an upload over the size limit.
const TOO_LARGE_MARKER = 'huge';

/** A running fake server. */
export interface FakeServe {
  url: string;
  close(): Promise<void>;
}

/** Reads a request body. */
async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Sends JSON. */
function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** The HTTP status of an error code. */
function statusOf(error: ErrorData): number {
  if (error.code === 'NOT_FOUND') return 404;
  if (error.code === 'CONFLICT') return 409;
  if (error.code === 'TOO_LARGE') return 413;
  return 400;
}

/** A made-up photo: a soft two-colour gradient with a "sun", unique per id. */
function syntheticImage(photoId: number, width: number, height: number): Promise<Buffer> {
  const hue = (photoId * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="hsl(${hue},55%,62%)"/>
      <stop offset="1" stop-color="hsl(${(hue + 40) % 360},45%,32%)"/>
    </linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${width * 0.7}" cy="${height * 0.35}" r="${Math.min(width, height) * 0.12}"
      fill="hsl(${(hue + 180) % 360},80%,85%)"/>
    <path d="M0 ${height * 0.8} Q ${width * 0.3} ${height * 0.55} ${width * 0.6} ${height * 0.75}
      T ${width} ${height * 0.7} V ${height} H 0 Z" fill="hsl(${(hue + 90) % 360},35%,25%)"/>
  </svg>`;
  return sharp(Buffer.from(svg)).webp({ quality: 80 }).toBuffer();
}

/** Serves the bundle in `root` and the protocol over `library` on a free loopback port. */
export async function startFakeServe(library: FakeLibrary, root: string): Promise<FakeServe> {
  const media = new Map<string, Promise<Buffer>>();
  const streams = new Set<ServerResponse>();
  const unsubscribers = (['importProgress', 'exportProgress', 'libraryChanged'] as const).map(
    (event) =>
      library.on(event, (payload) => {
        for (const stream of streams)
          stream.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
      }),
  );

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path === '/api/events') {
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      response.write(': connected\n\n');
      streams.add(response);
      request.on('close', () => streams.delete(response));
      return;
    }
    if (path === '/api/uploads' && request.method === 'POST') {
      const name = decodeURIComponent(String(request.headers['x-file-name'] ?? 'upload'));
      await readBody(request);
      if (name.includes(TOO_LARGE_MARKER)) {
        sendJson(response, 413, {
          ok: false,
          error: { code: 'TOO_LARGE', message: 'Larger than the 200 MB upload limit' },
        });
        return;
      }
      sendJson(response, 200, { ok: true, value: { uploadId: library.registerUpload(name) } });
      return;
    }
    if (path.startsWith('/api/') && request.method === 'POST') {
      const method = path.slice('/api/'.length) as keyof ShoeboxApi;
      const call = library.api[method] as ((input: unknown) => Promise<unknown>) | undefined;
      if (call === undefined) {
        sendJson(response, 404, {
          ok: false,
          error: { code: 'NOT_FOUND', message: 'No such method' },
        });
        return;
      }
      try {
        const body = (await readBody(request)).toString('utf8');
        sendJson(response, 200, { ok: true, value: await call(body ? JSON.parse(body) : {}) });
      } catch (error) {
        const data = toErrorData(error);
        sendJson(response, statusOf(data), { ok: false, error: data });
      }
      return;
    }
    const mediaMatch = /^\/media\/(\d+)\/(thumb|medium|large|original)$/.exec(path);
    if (mediaMatch) {
      const photo = await library.api
        .getPhoto({ photoId: Number(mediaMatch[1]) })
        .catch(() => null);
      if (photo === null) {
        response.writeHead(404).end();
        return;
      }
      // The original: the photo's own size, as the viewer's 1:1 expects.
      const size =
        mediaMatch[2] === 'original'
          ? photo
          : photo.derivatives[mediaMatch[2] as 'thumb' | 'medium' | 'large'];
      // By rotation too: a turned photo's derivatives are new (its URL says so with `?r=`).
      const key = `${photo.id}/${mediaMatch[2]}/${photo.rotation}`;
      if (!media.has(key)) media.set(key, syntheticImage(photo.id, size.width, size.height));
      response.writeHead(200, { 'Content-Type': 'image/webp', 'Cache-Control': 'max-age=3600' });
      response.end(await media.get(key));
      return;
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root)) {
      response.writeHead(400).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, {
        'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy':
          "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; connect-src 'self'",
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('No port');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: async () => {
      unsubscribers.forEach((unsubscribe) => unsubscribe());
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
