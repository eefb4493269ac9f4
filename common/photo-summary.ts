import { MAX_MEDIA_VERSION } from './bridge';
import type { Photo, PhotoSummary } from './contract';
import { DERIVATIVE_SIZE_NAMES } from './derivative-sizes';

/**
 * A photo's summary, as listings send it: the core builds its pages with this, and the UI
 * uses it for the photos that import events carry whole. Fields are copied one by one (never
 * spread) so nothing of `Photo` beyond the summary can ride along.
 */
export function photoSummary(photo: Photo): PhotoSummary {
  const { large } = photo.derivatives;
  return {
    id: photo.id,
    originalName: photo.originalName,
    bytes: photo.bytes,
    width: photo.width,
    height: photo.height,
    takenAt: photo.takenAt,
    cameraMake: photo.cameraMake,
    cameraModel: photo.cameraModel,
    lens: photo.lens,
    gps: photo.gps,
    large: { width: large.width, height: large.height },
    rating: photo.rating,
    flag: photo.flag,
    label: photo.label,
    rotation: photo.rotation,
    mediaVersion: mediaVersionOf(photo),
    kind: photo.kind,
    format: photo.format,
    durationSeconds: photo.durationSeconds,
    pair: photo.files.some((file) => file.role === 'pair'),
    live: photo.files.some((file) => file.role === 'motion'),
    source: photo.source,
    status: photo.status,
  };
}

/**
 * A number that changes with what the photo's media URLs answer: a hash of its rotation, its
 * original's path and its derivatives' paths (a size not made yet has none, so the sizes of
 * thumbnails first landing change it; a late RAW or JPEG, or a turn, makes new files).
 */
export function mediaVersionOf(photo: Photo): number {
  const text = [
    photo.rotation,
    photo.path,
    ...DERIVATIVE_SIZE_NAMES.map((size) => photo.derivatives[size].path),
  ].join('\n');
  // FNV-1a, 32 bits: enough to tell one photo's states apart, and cheap for pages of hundreds.
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % MAX_MEDIA_VERSION) + 1;
}
