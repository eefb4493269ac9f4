import type { Photo, PhotoSummary } from './contract';

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
    kind: photo.kind,
    format: photo.format,
    durationSeconds: photo.durationSeconds,
    pair: photo.files.some((file) => file.role === 'pair'),
    live: photo.files.some((file) => file.role === 'motion'),
  };
}
