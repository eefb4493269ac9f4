import { changeCounterTriggers } from './change-counter';

/**
 * Migration 5 (issue #13, camera cards): a photo is one shot with several files. `photos`
 * keeps its original (the RAW of a RAW+JPEG pair, the still of a Live Photo, the video); the
 * other files are rows of `photo_files`: the camera's JPEG beside a RAW (`pair`), a Live
 * Photo's movie (`motion`), a camera's `.THM` or an iPhone's `.AAE` (`sidecar`). `kind` tells
 * a video from a photo, `duration_seconds` is a video's length.
 *
 * A pair's or a motion file's content belongs to one photo only (a copy of it arriving again
 * is a duplicate of that photo); sidecars are not unique: two shots edited alike carry the
 * same `.AAE`. The change counter moves with every change of a photo's files, so the app
 * refreshes when another process joins a JPEG to its RAW.
 */
export const PHOTO_FILES_MIGRATION = `
  ALTER TABLE photos ADD COLUMN kind TEXT NOT NULL DEFAULT 'photo' CHECK (kind IN ('photo', 'video'));
  ALTER TABLE photos ADD COLUMN duration_seconds REAL;
  -- Whether a browser (Electron's Chromium) plays a video's original as it is (H.264 in MP4);
  -- the others are played from a compatible copy.
  ALTER TABLE photos ADD COLUMN browser_playable INTEGER NOT NULL DEFAULT 0;

  CREATE TABLE photo_files (
    -- AUTOINCREMENT: a file's id is never reused, so a stale reference never names another's.
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    photo_id INTEGER NOT NULL REFERENCES photos (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('pair', 'motion', 'sidecar')),
    hash TEXT NOT NULL,
    original_name TEXT NOT NULL,
    stored_path TEXT NOT NULL UNIQUE,
    bytes INTEGER NOT NULL,
    format TEXT NOT NULL,
    added_at TEXT NOT NULL
  );
  CREATE INDEX photo_files_by_photo ON photo_files (photo_id, role);
  CREATE UNIQUE INDEX photo_files_by_content ON photo_files (hash) WHERE role != 'sidecar';
  -- Like photos_by_bytes: a file of a size no photo file has cannot be a duplicate.
  CREATE INDEX photo_files_by_bytes ON photo_files (bytes) WHERE role != 'sidecar';
  ${changeCounterTriggers('photo_files')}
`;
