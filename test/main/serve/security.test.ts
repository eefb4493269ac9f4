import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type ShoeboxCore } from '../../../main/core/shoebox-core';
import { startServer, type RunningServer } from '../../../main/serve/http-server';
import { rawRequest, type RawAnswer } from '../../helpers/serve-client';

const TOKEN = 'a'.repeat(43);
// Small, so the over-the-limit bodies stay small too.
const MAX_UPLOAD_BYTES = 64 * 1024;

let root: string;
let core: ShoeboxCore;
let server: RunningServer;
let staticDir: string;
const reported: unknown[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'shoebox-serve-security-'));
  staticDir = path.join(root, 'renderer');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Shoebox</title>');
  await writeFile(path.join(staticDir, 'assets', 'app-1234.js'), 'console.log("app");');
  // Beside the bundle, where a traversal would land.
  await writeFile(path.join(root, 'secret.txt'), 'SECRET');
  core = await openCore({ libraryRoot: path.join(root, 'library'), imagingThreads: 1 });
  server = await startServer({
    core,
    token: TOKEN,
    maxUploadBytes: MAX_UPLOAD_BYTES,
    staticDir,
    onError: (error) => reported.push(error),
  });
});

afterAll(async () => {
  await server?.close();
  await core?.close();
  await rm(root, { recursive: true, force: true });
});

const bearer = (token = TOKEN) => ({ Authorization: `Bearer ${token}` });
const json = { 'Content-Type': 'application/json' };

function get(requestPath: string, headers: Record<string, string> = bearer()): Promise<RawAnswer> {
  return rawRequest(server.origin, { path: requestPath, headers });
}

function post(
  requestPath: string,
  body: string | Buffer,
  headers: Record<string, string> = { ...bearer(), ...json },
): Promise<RawAnswer> {
  return rawRequest(server.origin, { method: 'POST', path: requestPath, headers, body });
}

function errorOf(answer: RawAnswer): { code: string; message: string } {
  const parsed = JSON.parse(answer.body) as {
    ok: boolean;
    error: { code: string; message: string };
  };
  expect(parsed.ok).toBe(false);
  return parsed.error;
}

async function stagedUploads(): Promise<string[]> {
  return readdir(path.join(core.layout.staging, 'uploads')).catch(() => []);
}

describe('the token', () => {
  it('is required on every route', async () => {
    for (const route of ['/', '/assets/app-1234.js', '/media/1/thumb', '/api/events']) {
      expect((await get(route, {})).status, route).toBe(401);
    }
    const answer = await post('/api/listAlbums', '{}', json);
    expect(answer.status).toBe(401);
    expect(errorOf(answer).code).toBe('FORBIDDEN');
    expect(answer.headers['www-authenticate']).toBe('Bearer');
    expect((await post('/api/uploads', 'x', { 'X-File-Name': 'a.jpg' })).status).toBe(401);
    expect(await stagedUploads()).toEqual([]);
  });

  it('refuses another token, of the same length or not, as header or cookie', async () => {
    const sameLength = 'b'.repeat(TOKEN.length);
    for (const token of [sameLength, 'short', `${TOKEN}x`, TOKEN.slice(1), '']) {
      expect((await post('/api/listAlbums', '{}', { ...bearer(token), ...json })).status).toBe(401);
      const cookie = { Cookie: `shoebox_token=${token}`, ...json };
      expect((await post('/api/listAlbums', '{}', cookie)).status).toBe(401);
    }
    expect((await get('/', { Authorization: `Basic ${TOKEN}` })).status).toBe(401);
    expect((await post('/api/listAlbums', '{}')).status).toBe(200);
  });

  it('signs a browser in from the link: HttpOnly SameSite=Strict cookie, token out of the URL', async () => {
    const link = new URL(server.url);
    expect(link.searchParams.get('token')).toBe(TOKEN);
    const answer = await get(`${link.pathname}${link.search}`, {});
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/');
    const [cookie] = answer.headers['set-cookie'] ?? [];
    expect(cookie).toBe(`shoebox_token=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`);

    const page = await get('/', { Cookie: `other=1; ${cookie!.split(';')[0]}` });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Shoebox</title>');

    const wrong = await get(`/?token=${'b'.repeat(43)}`, {});
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('generates a 256-bit random token by default', async () => {
    const other = await startServer({ core });
    try {
      expect(other.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(other.token).not.toBe(TOKEN);
      expect(other.url).toBe(`http://127.0.0.1:${other.port}/?token=${other.token}`);
    } finally {
      await other.close();
    }
    await expect(startServer({ core, token: 'guessable' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});

describe('requests from elsewhere', () => {
  it('refuses a foreign Host while bound to loopback (DNS rebinding)', async () => {
    const answer = await get('/api/events', { ...bearer(), Host: 'attacker.example' });
    expect(answer.status).toBe(403);
    const localhost = await post('/api/listAlbums', '{}', {
      ...bearer(),
      ...json,
      Host: `localhost:${server.port}`,
    });
    expect(localhost.status).toBe(200);
  });

  it('refuses changes from another origin, even with the cookie', async () => {
    const cookie = { Cookie: `shoebox_token=${TOKEN}`, ...json };
    const foreign = await post('/api/createAlbum', '{"name":"CSRF"}', {
      ...cookie,
      Origin: 'http://127.0.0.1:1',
    });
    expect(foreign.status).toBe(403);
    expect(errorOf(foreign).code).toBe('FORBIDDEN');
    const own = await post('/api/listAlbums', '{}', { ...cookie, Origin: server.origin });
    expect(own.status).toBe(200);
    const plainText = await post('/api/createAlbum', '{"name":"CSRF"}', {
      ...bearer(),
      'Content-Type': 'text/plain',
    });
    expect(plainText.status).toBe(415);
    expect(await core.handlers.listAlbums({})).toEqual([]);
  });
});

describe('paths', () => {
  it('accepts only /media/<id>/<size>: traversal and encodings are 400, unknown ids 404', async () => {
    const refused = [
      '/media/../../etc/passwd',
      '/media/%2e%2e/%2e%2e/etc/passwd',
      '/media/1/..%2f..%2fsecret.txt',
      '/media/1%2fthumb',
      '/media/1/thumb%00',
      '/media//etc/passwd',
      '/media/%2Fetc%2Fpasswd/thumb',
      '/media/1/thumb/..',
      '/media/0/thumb',
      '/media/-1/thumb',
      '/media/01/thumb',
      '/media/1/full',
      '/media/1e3/thumb',
      '/media/1234567890123456/thumb',
    ];
    for (const route of refused) {
      const answer = await get(route);
      expect(answer.status, route).toBe(400);
      expect(errorOf(answer).code, route).toBe('INVALID_INPUT');
    }
    for (const route of ['/media/424242/thumb', '/media/1/large', '/media/424242/original']) {
      const answer = await get(route);
      expect(answer.status, route).toBe(404);
      expect(errorOf(answer).code).toBe('NOT_FOUND');
    }
  });

  it('keeps static files inside the bundle', async () => {
    const attempts = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%2fetc%2fpasswd',
      `/${encodeURIComponent(path.join(root, 'secret.txt'))}`,
      `/${path.join(root, 'secret.txt')}`,
      '//etc/passwd',
      '/.hidden',
      '/index.html%00.js',
      '/%E0%A4%A',
    ];
    for (const route of attempts) {
      const answer = await get(route);
      expect([400, 404], route).toContain(answer.status);
      expect(answer.body, route).not.toContain('SECRET');
    }
  });

  it('serves the bundle with content types, caching and security headers', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['cache-control']).toBe('no-cache');
    const script = await get('/assets/app-1234.js');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    const head = await rawRequest(server.origin, {
      method: 'HEAD',
      path: '/assets/app-1234.js',
      headers: bearer(),
    });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String('console.log("app");'.length));
    expect(head.body).toBe('');
    expect((await get('/missing.js')).status).toBe(404);

    for (const answer of [
      index,
      script,
      await get('/', {}),
      await get('/nope'),
      await post('/api/x', '{}'),
    ]) {
      expect(answer.headers['content-security-policy']).toBe(
        "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; " +
          "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'",
      );
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('says how to build the web app when there is none', async () => {
    const bare = await startServer({ core, token: TOKEN });
    try {
      const answer = await rawRequest(bare.origin, { path: '/', headers: bearer() });
      expect(answer.status).toBe(503);
      expect(answer.body).toContain('npm run build');
    } finally {
      await bare.close();
    }
  });

  it('answers export downloads by id through its provider, nothing path-like', async () => {
    // This server has no export provider: every download is unknown.
    const missing = await get('/exports/0b9e6a1c-1111-4222-8333-444455556666.zip');
    expect(missing.status).toBe(404);
    expect(errorOf(missing).code).toBe('NOT_FOUND');
    for (const route of [
      '/exports/../../secret.txt.zip',
      '/exports/%2e%2e.zip',
      '/exports/a/b.zip',
    ]) {
      expect((await get(route)).status, route).toBe(400);
    }

    const zipPath = path.join(root, 'album.zip');
    await writeFile(zipPath, 'PK fake zip');
    const asked: string[] = [];
    const withExports = await startServer({
      core,
      token: TOKEN,
      exports: {
        resolveZip: async (exportId) => {
          asked.push(exportId);
          return exportId === 'e1' ? { path: zipPath, fileName: "Summer's album.zip" } : null;
        },
      },
    });
    try {
      const zip = await rawRequest(withExports.origin, {
        path: '/exports/e1.zip',
        headers: bearer(),
      });
      expect(zip.status).toBe(200);
      expect(zip.headers['content-type']).toBe('application/zip');
      expect(zip.headers['cache-control']).toBe('no-store');
      expect(zip.headers['content-disposition']).toBe(
        `attachment; filename="Summer's album.zip"; filename*=UTF-8''Summer%27s%20album.zip`,
      );
      expect(zip.body).toBe('PK fake zip');
      const other = await rawRequest(withExports.origin, {
        path: '/exports/e2.zip',
        headers: bearer(),
      });
      expect(other.status).toBe(404);
      expect(asked).toEqual(['e1', 'e2']);
    } finally {
      await withExports.close();
    }
  });
});

describe('bodies', () => {
  it('answers malformed, invalid and unknown calls with the error shape', async () => {
    const malformed = await post('/api/createAlbum', '{"name":');
    expect(malformed.status).toBe(400);
    expect(errorOf(malformed)).toEqual({
      code: 'INVALID_INPUT',
      message: 'The request body is not valid JSON.',
    });
    const invalid = await post('/api/getPhoto', '{"photoId":"1"}');
    expect(invalid.status).toBe(400);
    expect(errorOf(invalid).message).toMatch(/^Invalid input for getPhoto: photoId: /);
    for (const method of ['nope', '__proto__', 'constructor', 'events%2e']) {
      const unknown = await post(`/api/${method}`, '{}');
      expect(unknown.status, method).toBe(404);
      expect(errorOf(unknown).code).toBe('NOT_FOUND');
    }
    expect((await get('/api/listAlbums')).status).toBe(405);
    expect((await post('/api/events', '{}')).status).toBe(405);
    const dialog = await post('/api/pickImportPaths', '{}');
    expect(dialog.status).toBe(501);
    expect(errorOf(dialog).code).toBe('UNSUPPORTED');
  });

  it('refuses a JSON body over 1 MB with 413', async () => {
    const huge = JSON.stringify({ photoIds: Array.from({ length: 200_000 }, (_, i) => i + 1) });
    const answer = await post('/api/trashPhotos', huge);
    expect(answer.status).toBe(413);
    expect(errorOf(answer).code).toBe('TOO_LARGE');
  });

  it('refuses an upload over the limit with 413 and leaves no file behind', async () => {
    const tooBig = Buffer.alloc(MAX_UPLOAD_BYTES + 1);
    const declared = await post('/api/uploads', tooBig, { ...bearer(), 'X-File-Name': 'big.jpg' });
    expect(declared.status).toBe(413);
    expect(errorOf(declared)).toMatchObject({ code: 'TOO_LARGE' });
    expect(errorOf(declared).message).toContain('big.jpg');

    // Chunked, with no Content-Length: refused as the count passes the limit.
    const chunks = [Buffer.alloc(40 * 1024), Buffer.alloc(40 * 1024)];
    const response = await fetch(`${server.origin}/api/uploads`, {
      method: 'POST',
      headers: { ...bearer(), 'X-File-Name': 'streamed.jpg' },
      body: new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('TOO_LARGE');
    expect(await stagedUploads()).toEqual([]);

    const nameless = await post('/api/uploads', 'x', bearer());
    expect(nameless.status).toBe(400);
    const badName = await post('/api/uploads', 'x', { ...bearer(), 'X-File-Name': '%E0%A4%A' });
    expect(badName.status).toBe(400);
  });

  it('reports an unexpected failure as INTERNAL with its message, never a stack', async () => {
    const failing = await startServer({
      core: {
        ...core,
        handlers: {
          ...core.handlers,
          listAlbums: async () => {
            throw new Error('disk on fire');
          },
        },
      },
      token: TOKEN,
      onError: (error) => reported.push(error),
    });
    try {
      const answer = await rawRequest(failing.origin, {
        method: 'POST',
        path: '/api/listAlbums',
        headers: { ...bearer(), ...json },
        body: '{}',
      });
      expect(answer.status).toBe(500);
      expect(JSON.parse(answer.body)).toEqual({
        ok: false,
        error: { code: 'INTERNAL', message: 'disk on fire' },
      });
      expect(answer.body).not.toMatch(/\bat\b.*\.ts/);
      expect(reported).toContainEqual(new Error('disk on fire'));
    } finally {
      await failing.close();
    }
  });
});

describe('a server listening beyond loopback', () => {
  it('refuses requests that name paths on this machine, and still takes uploads', async () => {
    const wide = await startServer({
      core,
      host: '0.0.0.0',
      token: TOKEN,
      onError: () => undefined,
    });
    // Reached through loopback all the same: this test sends nothing off the machine.
    const origin = `http://127.0.0.1:${wide.port}`;
    const call = (method: string, input: unknown): Promise<RawAnswer> =>
      rawRequest(origin, {
        method: 'POST',
        path: `/api/${method}`,
        headers: { ...bearer(), ...json, Origin: origin },
        body: JSON.stringify(input),
      });
    try {
      const importing = await call('startImport', {
        importId: randomUUID(),
        source: { kind: 'paths', paths: [root] },
      });
      expect(importing.status).toBe(403);
      expect(errorOf(importing).message).toMatch(/only from this machine/);
      const album = (
        JSON.parse((await call('createAlbum', { name: 'Wide' })).body) as { value: { id: number } }
      ).value;
      const exporting = await call('startExport', {
        albumId: album.id,
        destination: { kind: 'folder', path: path.join(root, 'out') },
      });
      expect(exporting.status).toBe(403);
      const download = await call('startExport', {
        albumId: album.id,
        destination: { kind: 'download' },
      });
      expect(download.status).toBe(200);
      const upload = await rawRequest(origin, {
        method: 'POST',
        path: '/api/uploads',
        headers: {
          ...bearer(),
          Origin: origin,
          'X-File-Name': 'a.jpg',
          'Content-Type': 'application/octet-stream',
        },
        body: Buffer.from('not really a photo'),
      });
      expect(upload.status).toBe(200);
    } finally {
      await wide.close();
    }
  });
});
