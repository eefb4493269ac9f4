/**
 * `app://shoebox/…`: the renderer bundle (dist/renderer), with a strict Content-Security-Policy
 * on every response. Pages get a real origin instead of `file://`, which would let any page read
 * any file its URL can name.
 */
import path from 'node:path';
import { protocol } from 'electron';
import { containedFile } from '../core/library/contained-file';
import { fileResponse, textResponse } from './file-response';
import { APP_HOST, APP_SCHEME } from './schemes';

/**
 * The policy of every app page. Scripts, styles and connections only from the bundle itself; no
 * inline code, plugins, `<base>` or framing; images also from the media scheme and from blob:/
 * data: URLs the UI makes for previews of dropped files.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' shoebox-media: blob: data:",
  // Videos and Live Photo movies play from the media protocol, as images load from it.
  "media-src 'self' shoebox-media:",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

// What Vite emits; anything else is served as bytes the page cannot run (with nosniff).
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
};

/**
 * The relative file an app URL names, or null when it is not a plain path under `app://shoebox/`.
 * The raw string is checked as well as the parsed one: Chromium hands over normalised URLs, but
 * a `..` or an encoded separator must fail here even if something upstream did not normalise.
 */
export function appFileOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  if (/%2e|%2f|%5c|%00|\\/i.test(url) || /\/\.{1,2}(\/|$|\?|#)/.test(url)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  const segments = decoded.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '..' || segment === '.' || segment.includes('\0'))) {
    return null;
  }
  return segments.length === 0 ? 'index.html' : segments.join('/');
}

/** The response to one app request: a file of `rendererRoot`, or 400/404, always with the CSP. */
export async function appResponse(
  rendererRoot: string,
  request: { url: string; method: string },
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return textResponse(405, 'Method not allowed', { ...SECURITY_HEADERS, Allow: 'GET, HEAD' });
  }
  const relative = appFileOf(request.url);
  if (relative === null) return textResponse(400, 'Bad request', SECURITY_HEADERS);
  try {
    const file = await containedFile(rendererRoot, path.join(rendererRoot, ...relative.split('/')));
    if (!file) return textResponse(404, 'Not found', SECURITY_HEADERS);
    const contentType =
      CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    return await fileResponse(file, request.method, {
      ...SECURITY_HEADERS,
      'Content-Type': contentType,
      // The bundle changes with every update of the app: revalidate rather than trust a cache.
      'Cache-Control': 'no-cache',
    });
  } catch (error) {
    console.error('app:', error);
    return textResponse(500, 'Internal error', SECURITY_HEADERS);
  }
}

/** Serves `app://shoebox/` from the renderer bundle (on the default session). */
export function setupAppProtocol(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(rendererRoot, request));
}
