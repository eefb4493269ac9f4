import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { isInside } from '../core/library/library-paths';
import { sendText } from './responses';
import { sendFile } from './send-file';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

// Vite puts hashed file names under assets/: their content never changes under a name.
const ASSET_CACHE_CONTROL = 'private, max-age=31536000, immutable';
// Everything else (index.html above all) names the current assets: revalidated every time.
const PAGE_CACHE_CONTROL = 'no-cache';

/**
 * Serves the renderer bundle from `staticDir` (index.html for `/`). The path is decoded once
 * and refused outright if it holds `..`, `.`, backslashes, NUL or encoded slashes, rather
 * than normalised into something else; the result must still lie inside `staticDir`.
 */
export async function handleStatic(
  req: IncomingMessage,
  res: ServerResponse,
  rawPath: string,
  staticDir: string | null,
): Promise<void> {
  const relative = relativeFilePath(rawPath);
  if (relative === null) {
    sendText(res, 400, 'Bad path.\n');
    return;
  }
  const file = staticDir === null ? null : path.resolve(staticDir, ...relative.split('/'));
  const sent =
    staticDir !== null &&
    file !== null &&
    isInside(staticDir, file) &&
    (await sendFile(req, res, file, {
      contentType: CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      cacheControl: relative.startsWith('assets/') ? ASSET_CACHE_CONTROL : PAGE_CACHE_CONTROL,
    }));
  if (sent) return;
  if (relative === 'index.html') {
    sendText(
      res,
      503,
      'The Shoebox web app is not built yet: run `npm run build` in the project, then reload.\n',
    );
  } else {
    sendText(res, 404, 'Not found.\n');
  }
}

/** The file a URL path names, relative to the bundle with `/` separators; null if refused. */
function relativeFilePath(rawPath: string): string | null {
  // An encoded slash or backslash would become a separator only after decoding.
  if (/%2f|%5c/i.test(rawPath)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (decoded.includes('\\') || decoded.includes('\0')) return null;
  const segments = decoded.split('/').filter((segment) => segment !== '');
  // Dot segments are refused, and so are hidden files: the bundle has none to serve.
  if (segments.some((segment) => segment.startsWith('.'))) return null;
  return segments.length === 0 ? 'index.html' : segments.join('/');
}
