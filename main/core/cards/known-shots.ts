/**
 * What the library already holds, asked the cheap way first: the questions a card's count
 * puts to the library before it hashes anything (card-contents.ts says in which order).
 */
import type { LibraryDatabase } from '../library/database';
import type { PhotoRepository } from '../library/photo-repository';

/** The library's answers about a shot on a card. */
export interface KnownShots {
  /** Whether any photo's original, pair or motion file has exactly this many bytes. */
  hasFileOfSize(bytes: number): boolean;
  /**
   * Whether a photo's original has this size, this file name (in any case) and this capture
   * time as the camera recorded it (the photo's time now, or the one it had before a fix).
   */
  hasShot(shot: { bytes: number; name: string; takenAt: string }): boolean;
  /** Whether a photo's original, pair or motion file has this content (SHA-256, hex). */
  hasContent(hash: string): boolean;
}

/** The library's answers, from its database (read only). */
export function knownShotsOf(db: LibraryDatabase, photos: PhotoRepository): KnownShots {
  // The name joins size and time because a camera writing uncompressed RAWs gives every file
  // the same size, and a burst puts several in one second; the DCF number in the name tells
  // them apart (../shared/research/camera-cards.md, 5.3).
  const shot = db.prepare<[number, string, string, string], { found: number }>(
    `SELECT 1 AS found FROM photos
     WHERE bytes = ? AND lower(original_name) = lower(?) AND (taken_at = ? OR taken_at_original = ?)
     LIMIT 1`,
  );
  return {
    hasFileOfSize: (bytes) => photos.hasFileOfSize(bytes),
    hasShot: ({ bytes, name, takenAt }) => shot.get(bytes, name, takenAt, takenAt) !== undefined,
    hasContent: (hash) => photos.findByContent(hash) !== undefined,
  };
}
