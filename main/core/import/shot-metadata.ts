/**
 * What the camera recorded about a shot, by what its original is: an image's EXIF
 * (metadata.ts), a RAW's own IFDs (raw/raw-metadata.ts: the JPEG inside a RAW carries none),
 * or a video's container (video/video-metadata.ts). Also the checks that make two files one
 * shot: a RAW and a JPEG taken at the same moment, a still and a movie short enough to be a
 * Live Photo's (by Apple's ContentIdentifier where both files carry it).
 */
import type { MediaFormat } from '../../../common/contract';
import { isRawFormat } from '../../../common/media-formats';
import { readRawMetadata } from '../raw/raw-metadata';
import { readVideoMetadata, type VideoMetadata } from '../video/video-metadata';
import { captureSortKey, fileTime, readMetadata, type PhotoMetadata } from './metadata';

/** A shot's metadata, and a video's own facts. */
export interface ShotMetadata {
  metadata: PhotoMetadata;
  video: VideoMetadata | null;
}

/**
 * How far apart a RAW's and a JPEG's capture times may be and still be one shot: cameras
 * write both from one exposure, but some record the JPEG's time a second later.
 */
const SAME_SHOT_MS = 2_000;

/**
 * The longest movie taken for a Live Photo's motion: iPhones record about 3 s around the
 * still (1.5 s either side), and a movie beside a still longer than this is a movie of its own.
 */
const LIVE_PHOTO_MAX_SECONDS = 4;

/**
 * Reads a shot's metadata from its staged original. Images and RAWs never throw (bad metadata
 * reads as absent); a video that cannot be read rejects with its VideoError.
 */
export async function readShotMetadata(
  file: { kind: 'image' | 'raw' | 'video'; format: MediaFormat },
  path: string,
  mtimeMs: number,
): Promise<ShotMetadata> {
  if (file.kind === 'video') {
    const video = await readVideoMetadata(path);
    return { metadata: videoAsPhotoMetadata(video, mtimeMs), video };
  }
  if (file.kind === 'raw' && isRawFormat(file.format)) {
    return { metadata: await readRawMetadata(path, file.format, mtimeMs), video: null };
  }
  return { metadata: await readMetadata(path, mtimeMs), video: null };
}

/**
 * Whether a RAW and a JPEG of one stem are one shot: taken within SAME_SHOT_MS by their EXIF.
 * A JPEG without a capture time (an export, an edit) is not the camera's: they stay apart.
 */
export function isSameShot(raw: PhotoMetadata, still: PhotoMetadata): boolean {
  if (raw.takenAtSource !== 'exif' || still.takenAtSource !== 'exif') {
    return raw.takenAtSource !== 'exif' && still.takenAtSource !== 'exif';
  }
  const apart = Math.abs(captureSortKey(raw.takenAt) - captureSortKey(still.takenAt));
  return apart <= SAME_SHOT_MS;
}

/**
 * Whether a movie beside a still of its stem is the still's Live Photo motion. Apple's pairing
 * key decides when both carry one (the same key pairs whatever the movie's length, two keys
 * are two moments); otherwise, with one key missing (an edit that dropped the maker note, a
 * camera that writes none), the movie pairs when it is as short as a Live Photo's.
 */
export function isLivePhotoMotion(video: VideoMetadata, stillIdentifier: string | null): boolean {
  if (stillIdentifier !== null && video.contentIdentifier !== null) {
    return stillIdentifier === video.contentIdentifier;
  }
  return video.durationSeconds <= LIVE_PHOTO_MAX_SECONDS;
}

/** A video's facts in the shape the library keeps for every photo. */
function videoAsPhotoMetadata(video: VideoMetadata, mtimeMs: number): PhotoMetadata {
  // An MP4's creation time is UTC (`…Z`): shown, like a file time, as this machine's wall
  // clock, which is where the phone most likely was; an offset the file recorded is kept.
  const takenAt =
    video.takenAt === null
      ? fileTime(mtimeMs)
      : video.takenAt.endsWith('Z')
        ? fileTime(Date.parse(video.takenAt))
        : video.takenAt;
  return {
    takenAt,
    takenAtSource: video.takenAt ? 'exif' : 'file',
    cameraMake: video.cameraMake,
    cameraModel: video.cameraModel,
    lens: null,
    gps: video.gps,
    // The poster frame is made upright (the container's rotation applied by ffmpeg).
    orientation: 1,
    exposure: { exposureTime: null, fNumber: null, iso: null, focalLength: null },
  };
}
