/**
 * The one error the video module rejects with: a stable code the import and the media server
 * branch on, and a message a person can act on (which file, what is wrong with it).
 */

/** Why a video could not be read, posted or copied. */
export type VideoErrorCode = 'CORRUPT' | 'UNSUPPORTED_FORMAT' | 'IO' | 'CANCELLED' | 'NO_FFMPEG';

/** A failure of the video module, with a stable code and a reason a person understands. */
export class VideoError extends Error {
  override readonly name = 'VideoError';
  constructor(
    readonly code: VideoErrorCode,
    message: string,
  ) {
    super(message);
  }
}
