import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorCode, ErrorData } from '../../common/errors';

/**
 * Headers on every answer, errors included. The CSP allows only our own origin: the renderer
 * bundle is built without inline scripts or styles (vite.config.ts), media comes from /media
 * and objectURLs (blob:), and nothing may frame the app (clickjacking).
 */
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; " +
    "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // Cookies are shared by every port of 127.0.0.1, so a page of another local server is
  // "same-site" and its <img> would carry our cookie: only our own origin may embed anything.
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

/** Sets the security headers every response carries. */
export function setSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

/** The HTTP status that fits an error code. */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'INVALID_INPUT':
      return 400;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
    case 'CANCELLED':
      return 409;
    case 'TOO_LARGE':
      return 413;
    case 'UNSUPPORTED':
      return 501;
    case 'IO_ERROR':
    case 'INTERNAL':
      return 500;
  }
}

/** Answers a JSON body (API results are never cached: they change with the library). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** Answers `{ok:false, error}` with the status its code calls for (or `status` if given). */
export function sendError(
  res: ServerResponse,
  error: ErrorData,
  status = statusOf(error.code),
): void {
  sendJson(res, status, { ok: false, error });
}

/** Answers a short plain-text message (for pages a browser shows, not the API). */
export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** Answers an error as JSON under /api, /media and /exports; as text on pages a browser shows. */
export function sendErrorFor(
  req: IncomingMessage,
  res: ServerResponse,
  error: ErrorData,
  status = statusOf(error.code),
): void {
  if (wantsJson(req)) sendError(res, error, status);
  else sendText(res, status, `${error.message}\n`);
}

function wantsJson(req: IncomingMessage): boolean {
  const url = req.url ?? '';
  return url.startsWith('/api/') || url.startsWith('/exports/') || url.startsWith('/media/');
}

/** 405 with the methods a route allows. */
export function sendMethodNotAllowed(
  req: IncomingMessage,
  res: ServerResponse,
  allowed: string,
): void {
  res.setHeader('Allow', allowed);
  sendErrorFor(
    req,
    res,
    { code: 'INVALID_INPUT', message: `${req.method} is not allowed here; use ${allowed}.` },
    405,
  );
}
