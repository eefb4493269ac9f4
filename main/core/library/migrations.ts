/**
 * The library database's schema, as versioned migrations applied in order on open. A migration
 * is never edited once released: a change is a new entry at the end.
 */
import { FACETS_MIGRATION } from '../search/facets-schema';
import { KEYWORD_ROOTS_MIGRATION } from '../search/keyword-roots-schema';
import { PHOTO_FILES_MIGRATION } from './photo-files-schema';
import { FOLDER_IMPORT_STATE_MIGRATION, FOLDERS_MIGRATION } from '../folders/folder-schema';
import { changeCounterTriggers } from './change-counter';

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
  // 2: what several processes on one library need to see of each other. A lease is one
  // process working on the library (kept alive by a heartbeat counter, so a crash or a reused
  // pid never holds anything for long; `machine` tells whether its pid can be checked here); a
  // reservation is a photo's hash or an original's file name that a lease is placing and has
  // not recorded yet (ids never reused: a stale id must never name another's reservation); a
  // lock is a library-wide exclusive job (repair).
  // The change counter moves with every write to photos and albums, never with the heartbeats,
  // so the app refreshes for other processes' imports and edits, not for their liveness.
  `
  CREATE TABLE leases (
    id TEXT PRIMARY KEY,
    pid INTEGER NOT NULL,
    host TEXT NOT NULL,
    machine TEXT NOT NULL,
    program TEXT NOT NULL,
    started_at TEXT NOT NULL,
    heartbeats INTEGER NOT NULL,
    activity TEXT
  );

  CREATE TABLE reservations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    lease_id TEXT NOT NULL REFERENCES leases (id) ON DELETE CASCADE,
    hash TEXT UNIQUE,
    stored_path TEXT UNIQUE,
    reserved_at TEXT NOT NULL
  );
  CREATE INDEX reservations_by_lease ON reservations (lease_id);

  CREATE TABLE library_locks (
    name TEXT PRIMARY KEY,
    lease_id TEXT NOT NULL REFERENCES leases (id) ON DELETE CASCADE,
    acquired_at TEXT NOT NULL
  );

  -- Whether any photo has a file of this size: a file of a size no photo has cannot be a
  -- duplicate, so it is hashed while it is copied, in one read.
  CREATE INDEX photos_by_bytes ON photos (bytes);

  CREATE TABLE library_changes (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    counter INTEGER NOT NULL
  );
  INSERT INTO library_changes (id, counter) VALUES (1, 0);
  ${['photos', 'derivatives', 'albums', 'album_photos']
    .map((table) => changeCounterTriggers(table))
    .join('\n  ')}
  `,
  // 3: what a photographer says about a photo (stars, pick/reject, colour label, title,
  // caption, keywords), capture-time fixes (the camera's value kept to revert to) and the
  // rotation the library applies on top of the file's own orientation.
  // The XMP sidecar beside each original mirrors this; `description_rev` moves with every
  // change and `sidecar_rev` says which revision the sidecar on disk holds, so a sidecar is
  // (re)written whenever they differ — also by another process, or after a crash. Existing
  // photos start at revision 1 against 0: their sidecars get written once.
  // Writing a sidecar is not a change another window needs to refetch for: the photos update
  // trigger is re-made to ignore `sidecar_rev`.
  `
  ALTER TABLE photos ADD COLUMN rating INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5);
  ALTER TABLE photos ADD COLUMN flag TEXT CHECK (flag IN ('pick', 'reject'));
  ALTER TABLE photos ADD COLUMN label TEXT
    CHECK (label IN ('red', 'yellow', 'green', 'blue', 'purple'));
  ALTER TABLE photos ADD COLUMN title TEXT;
  ALTER TABLE photos ADD COLUMN caption TEXT;
  ALTER TABLE photos ADD COLUMN rotation INTEGER NOT NULL DEFAULT 0
    CHECK (rotation IN (0, 90, 180, 270));
  ALTER TABLE photos ADD COLUMN taken_at_original TEXT;
  ALTER TABLE photos ADD COLUMN description_rev INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE photos ADD COLUMN sidecar_rev INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX photos_sidecar_pending ON photos (id) WHERE description_rev != sidecar_rev;

  -- A keyword as assigned (its spelling) and its key (NFC, lower case): one keyword per key and
  -- photo, and the key orders the tree so a keyword's descendants are one range ('a/b/'…).
  CREATE TABLE photo_keywords (
    photo_id INTEGER NOT NULL REFERENCES photos (id) ON DELETE CASCADE,
    keyword_key TEXT NOT NULL,
    path TEXT NOT NULL,
    PRIMARY KEY (photo_id, keyword_key)
  ) WITHOUT ROWID;
  CREATE INDEX photo_keywords_by_key ON photo_keywords (keyword_key, photo_id);

  DROP TRIGGER photos_update_counts;
  ${changeCounterTriggers('photos', {
    operations: ['UPDATE'],
    updateOf: [
      'hash',
      'original_name',
      'stored_path',
      'bytes',
      'format',
      'width',
      'height',
      'orientation',
      'taken_at',
      'taken_sort',
      'taken_at_source',
      'camera_make',
      'camera_model',
      'lens',
      'gps_lat',
      'gps_lon',
      'exposure_time',
      'f_number',
      'iso',
      'focal_length',
      'imported_at',
      'trashed_at',
      'rating',
      'flag',
      'label',
      'title',
      'caption',
      'rotation',
      'taken_at_original',
      'description_rev',
    ],
  })}
  ${changeCounterTriggers('photo_keywords')}
  `,
  // 4: search (issue #12). Free text through FTS5: `photo_text` holds file name, title, caption
  // and keyword paths per photo (contentless: the text lives in photos and photo_keywords;
  // unicode61 with remove_diacritics 2, so "ete" finds "Été", NFC or NFD). `photo_name_trigram`
  // finds file names by any substring of three characters or more. Both kept by triggers in
  // the transaction of each change. `name_sort` is the natural-order key of the file name
  // (shoebox_natural_key, registered on every connection); the indexes serve each sort of a
  // search as one range, as photos_timeline serves the timeline. Albums gain `query`: a smart
  // album is one whose photos are those its search finds.
  `
  ALTER TABLE photos ADD COLUMN name_sort TEXT;
  UPDATE photos SET name_sort = shoebox_natural_key(original_name);
  CREATE INDEX photos_by_name ON photos (name_sort, id) WHERE trashed_at IS NULL;
  CREATE INDEX photos_by_added ON photos (imported_at, id) WHERE trashed_at IS NULL;
  CREATE INDEX photos_by_rating ON photos (rating, taken_sort, id) WHERE trashed_at IS NULL;

  ALTER TABLE albums ADD COLUMN query TEXT;

  CREATE VIRTUAL TABLE photo_text USING fts5(
    name, title, caption, keywords,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
  );
  INSERT INTO photo_text (rowid, name, title, caption, keywords)
    SELECT id, original_name, title, caption,
      (SELECT group_concat(path, ' ') FROM photo_keywords WHERE photo_id = photos.id)
    FROM photos;
  CREATE VIRTUAL TABLE photo_name_trigram USING fts5(
    original_name, content = 'photos', content_rowid = 'id', tokenize = 'trigram'
  );
  INSERT INTO photo_name_trigram (photo_name_trigram) VALUES ('rebuild');

  CREATE TRIGGER photos_insert_search AFTER INSERT ON photos BEGIN
    UPDATE photos SET name_sort = shoebox_natural_key(NEW.original_name) WHERE id = NEW.id;
    INSERT INTO photo_text (rowid, name, title, caption, keywords)
      VALUES (NEW.id, NEW.original_name, NEW.title, NEW.caption, NULL);
    INSERT INTO photo_name_trigram (rowid, original_name) VALUES (NEW.id, NEW.original_name);
  END;
  CREATE TRIGGER photos_text_search AFTER UPDATE OF title, caption ON photos BEGIN
    DELETE FROM photo_text WHERE rowid = OLD.id;
    INSERT INTO photo_text (rowid, name, title, caption, keywords)
      VALUES (NEW.id, NEW.original_name, NEW.title, NEW.caption,
        (SELECT group_concat(path, ' ') FROM photo_keywords WHERE photo_id = NEW.id));
  END;
  CREATE TRIGGER photos_name_search AFTER UPDATE OF original_name ON photos BEGIN
    UPDATE photos SET name_sort = shoebox_natural_key(NEW.original_name) WHERE id = NEW.id;
    DELETE FROM photo_text WHERE rowid = OLD.id;
    INSERT INTO photo_text (rowid, name, title, caption, keywords)
      VALUES (NEW.id, NEW.original_name, NEW.title, NEW.caption,
        (SELECT group_concat(path, ' ') FROM photo_keywords WHERE photo_id = NEW.id));
    INSERT INTO photo_name_trigram (photo_name_trigram, rowid, original_name)
      VALUES ('delete', OLD.id, OLD.original_name);
    INSERT INTO photo_name_trigram (rowid, original_name) VALUES (NEW.id, NEW.original_name);
  END;
  CREATE TRIGGER photos_delete_search AFTER DELETE ON photos BEGIN
    DELETE FROM photo_text WHERE rowid = OLD.id;
    INSERT INTO photo_name_trigram (photo_name_trigram, rowid, original_name)
      VALUES ('delete', OLD.id, OLD.original_name);
  END;
  ${['INSERT', 'DELETE', 'UPDATE']
    .map((operation) => {
      const row = operation === 'DELETE' ? 'OLD' : 'NEW';
      return `CREATE TRIGGER photo_keywords_${operation.toLowerCase()}_search
        AFTER ${operation} ON photo_keywords BEGIN
          DELETE FROM photo_text WHERE rowid = ${row}.photo_id;
          INSERT INTO photo_text (rowid, name, title, caption, keywords)
            SELECT id, original_name, title, caption,
              (SELECT group_concat(path, ' ') FROM photo_keywords WHERE photo_id = photos.id)
            FROM photos WHERE id = ${row}.photo_id;
        END;`;
    })
    .join('\n  ')}
  `,
  // 5: a photo's other files (RAW+JPEG pairs, Live Photo movies, camera sidecars), videos.
  PHOTO_FILES_MIGRATION,
  // The filter bar's counts (issue #12): the whole library's kept by triggers, a search's read
  // through photos_facet_values (main/core/search/facets-schema.ts).
  FACETS_MIGRATION,
  // Folders in place (issue #14): volumes, added folders and the index of their files.
  FOLDERS_MIGRATION,
  // 8: thumbnails first (a card import records each photo with its thumbnail, then makes its
  // medium and large): the lease id of the process still making them, NULL once they are
  // made. verify leaves a live process's pending photos alone and remakes a dead one's.
  `
  ALTER TABLE photos ADD COLUMN derivatives_pending TEXT;
  CREATE INDEX photos_derivatives_pending ON photos (derivatives_pending)
    WHERE derivatives_pending IS NOT NULL;
  `,
  // 9: each photo's top-level keywords on its row, in photos_by_rating (issue #12, search):
  // main/core/search/keyword-roots-schema.ts.
  KEYWORD_ROOTS_MIGRATION,
  // 10: folders in place: whether each indexed file's import came to an end (folder-schema.ts).
  FOLDER_IMPORT_STATE_MIGRATION,
];
