/**
 * `shoebox-media://photo/<photoId>/<size>`: a photo's derivative, original or video by id,
 * never by path, a byte range of it when asked (`<video>` seeks by them). The decision
 * from request to response is a pure function of the core, so it is tested without Electron.
 */
import { protocol } from 'electron';
import { isDerivativeSize, isMediaSize, type MediaSize } from '../core/library/media-files';
import type { ShoeboxCore } from '../core/shoebox-core';
import { containedFile } from '../core/library/contained-file';
import { fileResponse, textResponse } from './file-response';
import { MEDIA_SCHEME } from './schemes';

/** What a media response needs of the core. */
export type MediaSource = Pick<ShoeboxCore, 'layout' | 'resolveMedia'>;

// The whole URL, matched on the raw string: a fixed host, a decimal id without sign or leading
// zero, a known size, at most the renderer's version query (`?r=<rotation>`, ignored here), and
// nothing else (no other query, fragment or extra segment), so `..`, `%2e%2e`, encoded slashes
// and absolute paths never reach the parser of ids.
const MEDIA_URL = new RegExp(
  `^${MEDIA_SCHEME}://photo/([1-9][0-9]{0,14})/([a-z]{1,10})(?:\\?r=[1-9][0-9]{0,8})?$`,
);

// A derivative never changes under its URL (a photo's derivatives are made from its content,
// and again when it is turned, which the renderer's `?r=` tells apart), so the renderer may
// keep it for good; `private`: it is nobody else's to cache.
const CACHE_CONTROL = 'private, max-age=31536000, immutable';

/** The photo id and size a media URL asks for, or null when it is not exactly one. */
export function parseMediaUrl(url: string): { photoId: number; size: MediaSize } | null {
  const match = MEDIA_URL.exec(url);
  if (!match) return null;
  const [, id = '', size = ''] = match;
  return isMediaSize(size) ? { photoId: Number(id), size } : null;
}

/** What a media response reads of a request: Electron's Request is one. */
export interface MediaRequest {
  url: string;
  method: string;
  headers?: Pick<Headers, 'get'>;
}

/**
 * The response to one media request: 400 for anything but an exact media URL, 404 for an
 * unknown photo or a file outside the library's derivatives, else the WebP (for the original,
 * the file itself or its full-size JPEG; for a video, the file or its web copy, made before
 * the answer), streamed; a Range of it as a 206, a range outside it as a 416.
 */
export async function mediaResponse(core: MediaSource, request: MediaRequest): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return textResponse(405, 'Method not allowed', { Allow: 'GET, HEAD' });
  }
  const target = parseMediaUrl(request.url);
  if (!target) return textResponse(400, 'Bad media URL');
  try {
    const media = await core.resolveMedia(target.photoId, target.size);
    if (!media) return textResponse(404, 'Not found');
    // The core checks stored paths lexically; here the real file must also lie in derivatives/
    // (for the original or a video: originals/, or the core's folder of renditions and web
    // copies, which it names by what it serves, not by a row), not merely in the library: an
    // edited row must not serve library.db.
    const folder = isDerivativeSize(target.size) ? core.layout.derivatives : media.folder;
    const file = await containedFile(folder, media.path);
    if (!file) return textResponse(404, 'Not found');
    return await fileResponse(
      file,
      request.method,
      {
        'Content-Type': media.contentType,
        // A photo whose sizes are still being made answers a stand-in: never kept.
        'Cache-Control': media.noStore ? 'no-store' : CACHE_CONTROL,
        // The page may not guess another type from the bytes.
        'X-Content-Type-Options': 'nosniff',
      },
      request.headers?.get('range') ?? undefined,
    );
  } catch (error) {
    console.error('shoebox-media:', error);
    return textResponse(500, 'Internal error');
  }
}

/** Serves `shoebox-media://` from the core (on the default session). */
export function setupMediaProtocol(core: MediaSource): void {
  protocol.handle(MEDIA_SCHEME, (request) => mediaResponse(core, request));
}
