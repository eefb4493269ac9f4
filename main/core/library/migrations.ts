/**
 * The library database's schema, as versioned migrations applied in order on open. A migration
 * is never edited once released: a change is a new entry at the end.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: photos, their derivatives, albums and album membership.
  `
  CREATE TABLE photos (
    -- AUTOINCREMENT: an id is never reused after a delete, so a cached media URL
    -- (shoebox-media://photo/<id>/<size>, immutable) can never show another photo.
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    hash TEXT NOT NULL UNIQUE,
    original_name TEXT NOT NULL,
    stored_path TEXT NOT NULL UNIQUE,
    bytes INTEGER NOT NULL,
    format TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    orientation INTEGER NOT NULL DEFAULT 1,
    taken_at TEXT NOT NULL,
    taken_sort INTEGER NOT NULL,
    taken_at_source TEXT NOT NULL,
    camera_make TEXT,
    camera_model TEXT,
    lens TEXT,
    gps_lat REAL,
    gps_lon REAL,
    exposure_time REAL,
    f_number REAL,
    iso REAL,
    focal_length REAL,
    imported_at TEXT NOT NULL,
    trashed_at TEXT
  );
  CREATE INDEX photos_timeline ON photos (taken_sort, id) WHERE trashed_at IS NULL;
  CREATE INDEX photos_trash ON photos (trashed_at, id) WHERE trashed_at IS NOT NULL;

  CREATE TABLE derivatives (
    photo_id INTEGER NOT NULL REFERENCES photos (id) ON DELETE CASCADE,
    size TEXT NOT NULL CHECK (size IN ('thumb', 'medium', 'large')),
    stored_path TEXT NOT NULL UNIQUE,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    PRIMARY KEY (photo_id, size)
  ) WITHOUT ROWID;

  CREATE TABLE albums (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL
  );

  CREATE TABLE album_photos (
    album_id INTEGER NOT NULL REFERENCES albums (id) ON DELETE CASCADE,
    photo_id INTEGER NOT NULL REFERENCES photos (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (album_id, photo_id)
  ) WITHOUT ROWID;
  CREATE INDEX album_photos_order ON album_photos (album_id, position, photo_id);
  CREATE INDEX album_photos_by_photo ON album_photos (photo_id);
  `,
];
