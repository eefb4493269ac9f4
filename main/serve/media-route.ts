import type { IncomingMessage, ServerResponse } from 'node:http';
import { containedFile } from '../core/library/contained-file';
import { MEDIA_SIZES } from '../core/library/media-files';
import { sendError } from './responses';
import { sendFile } from './send-file';
import type { ServeCore } from './serve-core';

// Ids and size names, nothing else. Media URLs are built by the client from numbers and
// fixed names and never need percent-encoding, so the raw path must match as it is: `..`,
// `%2e%2e`, encoded slashes and absolute paths all fail here, before any lookup. Fifteen
// digits at most keeps the id a safe integer.
// `original` is what the viewer's 1:1 shows: the original file itself for formats browsers
// show, a full-size JPEG the core makes on first request for HEIC, TIFF and RAW; `video` and
// `motion` what plays of a video and of a Live Photo (the file, or a web copy made for it).
const MEDIA_PATH = new RegExp(`^/media/([1-9][0-9]{0,14})/(${MEDIA_SIZES.join('|')})$`);

// Derivatives are content-addressed (their file name carries the photo's hash): what a URL
// answers never changes while the photo exists, so browsers may keep it for good; a turned
// photo's new derivatives are asked for with the renderer's `?r=<rotation>`, which the server
// strips with every query before routing. Private: a shared cache has no business holding
// someone's photos.
const MEDIA_CACHE_CONTROL = 'private, max-age=31536000, immutable';

/**
 * `GET /media/<photoId>/<size>`: a photo's derivative, original or video, streamed, a byte
 * range of it when asked (`<video>` seeks by them). A video's web copy is made before the
 * answer: the request waits for it.
 */
export async function handleMedia(
  req: IncomingMessage,
  res: ServerResponse,
  rawPath: string,
  core: ServeCore,
): Promise<void> {
  const match = MEDIA_PATH.exec(rawPath);
  if (!match) {
    sendError(res, {
      code: 'INVALID_INPUT',
      message: `Media URLs look like /media/<photo id>/<${MEDIA_SIZES.join('|')}>.`,
    });
    return;
  }
  const photoId = Number(match[1]);
  // The core finds the file by id and checks its stored path lexically: inside the library, or
  // inside its added folder for a photo left in place.
  const media = await core.resolveMedia(photoId, match[2]!);
  // Security: the real path must lie in the folder the file is of (the added folder, originals/,
  // derivatives/ or the renditions), not merely look as if it did. An added folder is the
  // user's, and a symlink in it may point anywhere (~/.ssh, library.db): a page with the token
  // must get no file but the photos. The real path checked is the path sent.
  const file = media && (await containedFile(media.folder, media.path));
  const sent =
    media !== null &&
    file !== null &&
    (await sendFile(req, res, file, {
      contentType: media.contentType,
      // A photo whose sizes are still being made answers a stand-in: never kept.
      cacheControl: media.noStore ? 'no-store' : MEDIA_CACHE_CONTROL,
    }));
  if (!sent) {
    sendError(res, { code: 'NOT_FOUND', message: `Photo ${photoId} has no ${match[2]} image.` });
  }
}
