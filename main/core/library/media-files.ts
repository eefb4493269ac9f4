import type { MediaFormat } from '../../../common/contract';
import {
  DERIVATIVE_SIZES,
  DERIVATIVE_SIZE_NAMES,
  type DerivativeSize,
} from '../../../common/derivative-sizes';
import { isRawFormat } from '../../../common/media-formats';
import { sourceFactsOfRow, type SourceFacts } from './derivative-source';
import { fromStoredPath, type LibraryLayout } from './library-paths';
import type { PhotoRepository, PhotoRow } from './photo-repository';
import {
  mediaFileAt,
  type MediaFile as StoredMediaFile,
  type RenditionCache,
} from './rendition-cache';

export { createRenditionCache, type RenditionCache } from './rendition-cache';

/** A file a media URL answers with. */
export interface MediaFile extends StoredMediaFile {
  /**
   * A stand-in (a smaller size of a photo whose medium and large are not made yet): send it
   * with `Cache-Control: no-store`. Media URLs are otherwise cached for good by id, size and
   * rotation, and the stand-in would stay in the browser after the real size lands.
   */
  noStore?: true;
}

/** The media size that names the original file itself, for the viewer's 1:1. */
export const ORIGINAL_MEDIA = 'original';
/** The media size of what the viewer plays of a video. */
export const VIDEO_MEDIA = 'video';
/** The media size of a Live Photo's movie. */
export const MOTION_MEDIA = 'motion';

/** Every media size a URL may name: the derivatives, then the original and what plays. */
export const MEDIA_SIZES = [
  ...DERIVATIVE_SIZE_NAMES,
  ORIGINAL_MEDIA,
  VIDEO_MEDIA,
  MOTION_MEDIA,
] as const;
/** One media size. */
export type MediaSize = (typeof MEDIA_SIZES)[number];

/** Whether `size` names one of the media sizes. */
export function isMediaSize(size: string): size is MediaSize {
  return (MEDIA_SIZES as readonly string[]).includes(size);
}

/** Whether a size is a derivative (which lies in derivatives/) rather than a file of its own. */
export function isDerivativeSize(size: string): size is DerivativeSize {
  return (DERIVATIVE_SIZE_NAMES as readonly string[]).includes(size);
}

// What the viewer plays as it is, the original or a Live Photo's movie that Chromium plays
// (`browser_playable`: H.264/VP9/AV1 in an MPEG-4 container, which a .mov is too), is served
// as MP4: Chromium reads MOV and MP4 with the same demuxer and answers `video/quicktime` with
// "cannot play" from canPlayType, which some players consult before trying.
const PLAYABLE_TYPE = 'video/mp4';

// The viewer's 1:1 shows the original's own pixels. What every browser shows is served as it
// is; HEIC and TIFF as their full-size rendition, a JPEG made on the first request (below):
// no page ever receives bytes of a format it would only offer to save. Both are unrotated by
// the library's rotation (the viewer turns them), so a turned photo is served the same way.
const BROWSER_TYPES: Partial<Record<MediaFormat, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
};

/** Image formats a browser cannot show, served at 1:1 as a full-size JPEG rendition. */
const RENDERED_FORMATS: ReadonlySet<MediaFormat> = new Set(['heic', 'tiff']);

/**
 * What the viewer's 1:1 shows of a photo, never turned by its library rotation: the original
 * file when a browser can show its format, its full-size rendition for HEIC and TIFF; for a
 * RAW, its pair (the camera's JPEG, or that HEIC's rendition), else a rendition of the RAW's
 * embedded JPEG. Null for a video, or when nothing can be shown.
 */
async function resolveOriginalFile(
  layout: LibraryLayout,
  photos: PhotoRepository,
  row: PhotoRow,
  renditions: RenditionCache | undefined,
): Promise<MediaFile | null> {
  // As for derivatives: the stored path must stay inside the library (or its added folder).
  const file = photos.fileOf(row.stored_path);
  if (!file || row.kind === 'video') return null;
  if (isRawFormat(row.format)) {
    const pair = otherFile(photos, row.id, 'pair');
    if (pair) {
      const pairFile = photos.fileOf(pair.stored_path);
      return pairFile ? showable(layout, pair.format, pair.hash, pairFile, renditions) : null;
    }
    if (!renditions) return null;
    // sourceFactsOfRow refuses a stored path that leaves the library: nothing to show then.
    let facts: SourceFacts;
    try {
      facts = sourceFactsOfRow(photos, row);
    } catch {
      return null;
    }
    return renditions.rawRendition(row.hash, facts);
  }
  return showable(layout, row.format, row.hash, file, renditions);
}

/**
 * An image file as a browser shows it: itself, or its full-size rendition, or null. `folder`
 * is where it must lie: its added folder, or (null) the library's originals.
 */
function showable(
  layout: LibraryLayout,
  format: string,
  hash: string,
  file: { path: string; folder: string | null },
  renditions: RenditionCache | undefined,
): Promise<MediaFile | null> {
  const contentType = BROWSER_TYPES[format as MediaFormat];
  if (contentType) return mediaFileAt(file.path, contentType, file.folder ?? layout.originals);
  if (renditions && RENDERED_FORMATS.has(format as MediaFormat)) {
    return renditions.rendition(hash, file.path);
  }
  return Promise.resolve(null);
}

/** The first other file of a photo in `role` (a RAW's pair, a Live Photo's movie). */
function otherFile(photos: PhotoRepository, photoId: number, role: 'pair' | 'motion') {
  return photos.files
    .of([photoId])
    .get(photoId)
    ?.find((file) => file.role === role);
}

/**
 * What plays of a video (size `video`) or a Live Photo's movie (size `motion`): the file
 * itself when Chromium plays it, else its web copy, made on this request (which waits for it:
 * the copy of a phone clip takes seconds, and a `<video>` waits with its poster shown; a copy
 * already being made is waited for, not made twice). Null when there is nothing to play.
 */
async function resolvePlayable(
  layout: LibraryLayout,
  photos: PhotoRepository,
  row: PhotoRow,
  size: typeof VIDEO_MEDIA | typeof MOTION_MEDIA,
  renditions: RenditionCache | undefined,
): Promise<MediaFile | null> {
  const motion = size === MOTION_MEDIA ? otherFile(photos, row.id, 'motion') : undefined;
  const source = size === VIDEO_MEDIA ? (row.kind === 'video' ? row : undefined) : motion;
  if (!source) return null;
  // Stored paths come from a database file users can edit: the file must stay inside.
  const stored = photos.fileOf(source.stored_path);
  if (!stored) return null;
  const file = stored.path;
  // A video's import read whether it plays; a Live Photo's movie is read on first request.
  const playsAsIs =
    size === VIDEO_MEDIA
      ? row.browser_playable === 1
      : renditions !== undefined && (await renditions.playsAsIs(source.hash, file));
  if (playsAsIs) return mediaFileAt(file, PLAYABLE_TYPE, stored.folder ?? layout.originals);
  return renditions ? renditions.webCopy(source.hash, file) : null;
}

/**
 * The derivative file of a photo; for `'original'` what its 1:1 shows (the original, or a
 * full-size rendition from `renditions`: HEIC, TIFF, a RAW without its JPEG); for `'video'`
 * and `'motion'` what plays of a video or a Live Photo's movie (the file, or its web copy
 * from `renditions`). Null for an unknown photo or size, a size the photo has not, or a
 * missing file. A pending photo's answers are `noStore`, a size not made yet a smaller one.
 */
export async function resolveMediaFile(
  layout: LibraryLayout,
  photos: PhotoRepository,
  photoId: number,
  size: string,
  renditions?: RenditionCache,
): Promise<MediaFile | null> {
  if (!Number.isSafeInteger(photoId) || !isMediaSize(size)) return null;
  if (!isDerivativeSize(size)) {
    const row = photos.findById(photoId);
    if (!row) return null;
    if (size === ORIGINAL_MEDIA) return resolveOriginalFile(layout, photos, row, renditions);
    return resolvePlayable(layout, photos, row, size, renditions);
  }
  const recorded = photos.derivativesOf([photoId]).get(photoId) ?? [];
  if (recorded.length === 0) return null;
  // Thumbnails first: until its second phase lands, a photo answers the best size it has for
  // one not made yet (the large asked of the viewer is the medium, else the thumbnail), not a
  // broken image; and even its thumbnail is a quick one the second phase makes again.
  const pending = photos.findById(photoId)?.derivatives_pending != null;
  const exact = recorded.find((d) => d.size === size);
  const answer = exact ?? (pending ? bestOf(recorded) : undefined);
  const file = answer ? await derivativeFile(layout, answer.stored_path) : null;
  return file && pending ? { ...file, noStore: true } : file;
}

/** The largest of a photo's recorded derivatives. */
function bestOf<T extends { size: DerivativeSize }>(recorded: T[]): T | undefined {
  return STAND_IN_ORDER.map((size) => recorded.find((d) => d.size === size)).find(
    (d) => d !== undefined,
  );
}

// Largest first: a stand-in is the sharpest picture the photo has yet.
const STAND_IN_ORDER: readonly DerivativeSize[] = [...DERIVATIVE_SIZE_NAMES].sort(
  (a, b) => DERIVATIVE_SIZES[b].longEdge - DERIVATIVE_SIZES[a].longEdge,
);

function derivativeFile(layout: LibraryLayout, storedPath: string): Promise<MediaFile | null> {
  // Stored paths come from a database file users can edit: the file must stay inside.
  const file = fromStoredPath(layout, storedPath);
  return file ? mediaFileAt(file, 'image/webp', layout.derivatives) : Promise.resolve(null);
}
