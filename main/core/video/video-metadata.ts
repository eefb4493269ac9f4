/**
 * What a video says about itself (length, size, rotation, when and where it was shot, which
 * phone, its Live Photo key, its codecs) from MediaInfoLib (mediainfo-reader.ts). Pure
 * WebAssembly: it works on every platform, Apple Silicon included, with no ffmpeg.
 */
import path from 'node:path';
import { analyzeFile, type MediaInfoTrack } from './mediainfo-reader';
import { VideoError } from './video-error';
import {
  encodedTimeUtc,
  numberOf,
  quarterTurn,
  recordedLocation,
  recordedTime,
  text,
} from './video-metadata-values';

/** What the import keeps of a video's own metadata. */
export interface VideoMetadata {
  /** Seconds, > 0. */
  durationSeconds: number;
  /** Display size: square pixels (anamorphic camcorder frames widened), after the rotation. */
  width: number;
  height: number;
  /** The clockwise turn a player gives the stored frames (an upright iPhone video: 90). */
  rotation: 0 | 90 | 180 | 270;
  /**
   * ISO 8601 like PhotoMetadata.takenAt: with the recorded offset when the file has one (Apple
   * `com.apple.quicktime.creationdate` → `2020-04-17T10:03:40-06:00`), else the MP4/QuickTime
   * creation time in UTC (`…Z`), else null.
   */
  takenAt: string | null;
  /** Signed decimal degrees, from ISO 6709 `©xyz` / `com.apple.quicktime.location.ISO6709`. */
  gps: { lat: number; lon: number } | null;
  cameraMake: string | null;
  cameraModel: string | null;
  /** Apple Live Photo pairing key (`com.apple.quicktime.content.identifier`), else null. */
  contentIdentifier: string | null;
  /** MediaInfo's format name of the first video track: `AVC`, `HEVC`, `VP9`, `AV1`, `MPEG Video`… */
  videoCodec: string | null;
  /** MediaInfo's format name of the first audio track: `AAC`, `AC-3`, `PCM`, `MPEG Audio`…; null when silent. */
  audioCodec: string | null;
  /**
   * Whether Chromium (Electron) plays the original as it is: 8-bit 4:2:0 H.264, VP8, VP9 or AV1
   * video with AAC, MP3, Opus or no audio, in an MP4/MOV/M4V container. MTS/M2TS and HEVC: false
   * (they need makeWebCopy).
   */
  browserPlayable: boolean;
}

/** Containers whose files hold video: one of these with no readable video track is damaged. */
const VIDEO_CONTAINERS = new Set([
  'MPEG-4',
  'MPEG-TS',
  'BDAV',
  'AVI',
  'Matroska',
  'WebM',
  'MPEG-PS',
]);

/** Video formats Chromium decodes in software on every platform. */
const PLAYABLE_VIDEO = new Set(['AVC', 'VP8', 'VP9', 'AV1']);

/** Audio formats Chromium plays from an MP4 (MediaInfo calls MP3 "MPEG Audio", Layer 3). */
const PLAYABLE_AUDIO = new Set(['AAC', 'Opus']);

/**
 * Reads a video's metadata. Never throws for a bad file: rejects with a VideoError, CORRUPT
 * (damaged or truncated), UNSUPPORTED_FORMAT (not a video) or IO (unreadable), its message
 * naming the file and saying what is wrong.
 */
export async function readVideoMetadata(filePath: string): Promise<VideoMetadata> {
  const name = `"${path.basename(filePath)}"`;
  const tracks = await analyzeFile(filePath);
  const general = tracks.find((track) => track['@type'] === 'General');
  const container = text(general?.Format);
  if (!general || !container) {
    throw new VideoError('UNSUPPORTED_FORMAT', `${name} is not a video file Shoebox recognises`);
  }
  const video = tracks.find((track) => track['@type'] === 'Video');
  if (!video) {
    if (VIDEO_CONTAINERS.has(container)) {
      throw new VideoError(
        'CORRUPT',
        `${name} is a damaged or incomplete ${container} file: its video track cannot be found` +
          (general.extra?.IsTruncated === 'Yes'
            ? ' (the file is cut short: was a copy interrupted?)'
            : ''),
      );
    }
    throw new VideoError(
      'UNSUPPORTED_FORMAT',
      `${name} is a ${container} file with no video in it`,
    );
  }
  const durationSeconds = numberOf(general.Duration) ?? numberOf(video.Duration) ?? 0;
  const storedWidth = numberOf(video.Width);
  const storedHeight = numberOf(video.Height);
  if (!(durationSeconds > 0) || !storedWidth || !storedHeight) {
    throw new VideoError(
      'CORRUPT',
      `${name} is damaged or incomplete: its ${!(durationSeconds > 0) ? 'length' : 'frame size'} cannot be read`,
    );
  }
  const rotation = quarterTurn(video.Rotation);
  // Anamorphic frames (HDV and AVCHD camcorders record 1440×1080 for 16:9) are shown widened.
  const squareWidth = Math.round(storedWidth * (numberOf(video.PixelAspectRatio) ?? 1));
  const turned = rotation === 90 || rotation === 270;
  const audio = tracks.find((track) => track['@type'] === 'Audio');
  const videoCodec = text(video.Format);
  const audioCodec = audio ? text(audio.Format) : null;
  return {
    durationSeconds,
    width: turned ? storedHeight : squareWidth,
    height: turned ? squareWidth : storedHeight,
    rotation,
    takenAt: recordedTime(general.Recorded_Date) ?? encodedTimeUtc(general.Encoded_Date),
    gps: recordedLocation(general.Recorded_Location),
    // Apple's com.apple.quicktime.make/model and Android's com.android.manufacturer/model
    // Keys, which MediaInfo shows under these names.
    cameraMake: text(general.Encoded_Hardware_CompanyName),
    cameraModel: text(general.Encoded_Hardware_Name),
    contentIdentifier: extraText(general, 'com_apple_quicktime_content_identifier'),
    videoCodec,
    audioCodec,
    browserPlayable:
      container === 'MPEG-4' && playableVideo(video) && (!audio || playableAudio(audio)),
  };
}

function playableVideo(video: MediaInfoTrack): boolean {
  const format = text(video.Format);
  if (!format || !PLAYABLE_VIDEO.has(format)) return false;
  if (format !== 'AVC') return true;
  // Chromium's H.264 decoder takes 8-bit 4:2:0 only: High 10 and 4:2:2 camera profiles
  // (XAVC S-I, some mirrorless "10-bit" modes) show a black frame.
  const bitDepth = numberOf(video.BitDepth) ?? 8;
  const chroma = text(video.ChromaSubsampling) ?? '4:2:0';
  return bitDepth === 8 && chroma === '4:2:0';
}

function playableAudio(audio: MediaInfoTrack): boolean {
  const format = text(audio.Format);
  if (!format) return false;
  if (format === 'MPEG Audio') return text(audio.Format_Profile) === 'Layer 3';
  return PLAYABLE_AUDIO.has(format);
}

function extraText(track: MediaInfoTrack, key: string): string | null {
  return text(track.extra?.[key]);
}
