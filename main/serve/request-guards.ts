import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { TOKEN_COOKIE } from '../../common/bridge';

/** A fresh random token: 32 bytes (256 bits) from the OS's CSPRNG, URL- and cookie-safe. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

// Tokens go into URLs and a cookie value unescaped, and must not be guessable: base64url only,
// and at least 128 bits' worth of characters when a caller chooses its own.
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,}$/;

/** Whether `token` is fit to guard a server (long enough, and safe in a URL and a cookie). */
export function isUsableToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

/**
 * Builds the constant-time check of a presented token. Both sides are hashed first:
 * timingSafeEqual needs equal lengths, and comparing digests keeps the token's length secret
 * too (a plain length check before comparing would leak it).
 */
export function createTokenCheck(token: string): (candidate: string) => boolean {
  const expected = sha256(token);
  return (candidate) => timingSafeEqual(expected, sha256(candidate));
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Every token a request presents: its `Authorization: Bearer` header and its token cookies. */
export function presentedTokens(req: IncomingMessage): string[] {
  const tokens: string[] = [];
  const authorization = req.headers.authorization;
  if (authorization?.startsWith('Bearer ')) tokens.push(authorization.slice('Bearer '.length));
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const equals = part.indexOf('=');
    if (equals < 0) continue;
    // Several cookies may share the name (another path, a stale server): any may be ours.
    if (part.slice(0, equals).trim() === TOKEN_COOKIE) tokens.push(part.slice(equals + 1).trim());
  }
  return tokens;
}

/**
 * The Set-Cookie value that signs a browser in. HttpOnly: page scripts never see the token.
 * SameSite=Strict: other sites' pages cannot make the browser send it (CSRF). No Max-Age: it
 * ends with the browser session, and a restarted server has a new token anyway. No Secure:
 * the server speaks plain HTTP on loopback.
 */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Whether a bind address keeps the server on this machine. */
export function isLoopbackAddress(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/**
 * Whether a request's Host header names this machine. While bound to loopback only such names
 * are answered: a web page whose DNS name was rebound to 127.0.0.1 sends its own name, and is
 * refused even before the token (which it should not have either) is looked at.
 */
export function isLoopbackHostHeader(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(hostHeader);
  return match !== null && isLoopbackAddress(match[1]!.toLowerCase());
}

/**
 * Whether a request that changes something comes from our own pages. Browsers send `Origin`
 * on every POST; a page of another local server (another port of 127.0.0.1 is the same
 * "site", so SameSite lets our cookie through) sends its own origin and is refused. Clients
 * that are not browsers send no Origin and rely on the token alone.
 */
export function isSameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return origin === `http://${req.headers.host ?? ''}`;
}
