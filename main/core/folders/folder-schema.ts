import { changeCounterTriggers } from '../library/change-counter';

/**
 * The migration of folders in place (issue #14, research note organise.md B3.1): photos indexed
 * where they are, on volumes Shoebox does not own.
 *
 * - `volumes`: a disk, a partition or a share, known by an identity that survives a new mount
 *   path or drive letter: the file system's UUID where the OS gives one (`fs-uuid`), else the
 *   UUID of a `.shoebox-volume` marker file written at the folder's root when the user allowed
 *   writing there (`marker`), else the folder's path itself (`path`: found again only where it
 *   was). `fs_path` is the folder, inside the file system, that `mount_path` shows (`/` for a
 *   whole disk; a marker or path volume is the added folder itself), so the volume is found
 *   again below any mount point showing that file system.
 * - `folder_roots`: a folder the user added, relative to its volume's `mount_path` (`''`: the
 *   volume's folder itself). `offline` while its volume is not mounted or the folder is gone
 *   as a whole: its files are then left exactly as they were in the index.
 * - `folder_files`: the index of a root's candidate media, one row per file, kept across moves
 *   and renames (the row, and so its photo, follows the file). `rel_path` is as on disk,
 *   `path_key` its NFC form (lower case on a case-insensitive volume) for matching; `quick_hash`
 *   is SHA-256 of the size and the first and last 64 KiB, `full_hash` the SHA-256 of the whole
 *   file once computed; `missing` rows are kept (never purged automatically) and found again.
 */
/**
 * Migration 10: whether the import of an indexed file came to an end (a photo, a duplicate, a
 * file that is no photo): one that did not (cancelled, crashed, its folder still being added)
 * is imported again at the next rescan, and one whose photo was later removed from the library
 * (trash emptied) is not brought back. A change of the file makes it new again.
 */
export const FOLDER_IMPORT_STATE_MIGRATION = `
  ALTER TABLE folder_files ADD COLUMN import_done INTEGER NOT NULL DEFAULT 0;
  -- A row once linked keeps its role when its photo is deleted for good (photo_id SET NULL):
  -- done as well, so an emptied trash does not bring the photo back.
  UPDATE folder_files SET import_done = 1 WHERE photo_id IS NOT NULL OR role IS NOT NULL;
  CREATE INDEX folder_files_to_import ON folder_files (root_id)
    WHERE import_done = 0 AND state = 'present';
`;

export const FOLDERS_MIGRATION = `
  CREATE TABLE volumes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    identity_kind TEXT NOT NULL CHECK (identity_kind IN ('fs-uuid', 'marker', 'path')),
    identity TEXT NOT NULL,
    -- Network and removable volumes are rescanned on a schedule, not watched.
    kind TEXT NOT NULL CHECK (kind IN ('fixed', 'removable', 'network')),
    label TEXT,
    fs_type TEXT,
    -- Probed when added (a name's other case resolving to the same file): APFS, NTFS, exFAT.
    case_insensitive INTEGER NOT NULL DEFAULT 0,
    mount_path TEXT NOT NULL,
    fs_path TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'online' CHECK (status IN ('online', 'offline')),
    last_seen_at TEXT,
    UNIQUE (identity_kind, identity)
  );

  CREATE TABLE folder_roots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    volume_id INTEGER NOT NULL REFERENCES volumes (id),
    rel_path TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'offline')),
    watch INTEGER NOT NULL DEFAULT 1,
    -- Off by default: the user's folders are never written to unless they asked.
    write_xmp INTEGER NOT NULL DEFAULT 0,
    added_at TEXT NOT NULL,
    last_scan_at TEXT,
    UNIQUE (volume_id, rel_path)
  );

  CREATE TABLE folder_files (
    -- AUTOINCREMENT: a file's id is never reused, so a stale plan never names another's row.
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    root_id INTEGER NOT NULL REFERENCES folder_roots (id) ON DELETE CASCADE,
    rel_path TEXT NOT NULL,
    path_key TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ms REAL NOT NULL,
    quick_hash TEXT,
    full_hash TEXT,
    -- The photo this file is (or is part of), once indexed; a trashed photo leaves its row.
    photo_id INTEGER REFERENCES photos (id) ON DELETE SET NULL,
    role TEXT CHECK (role IN ('original', 'pair', 'motion', 'sidecar')),
    state TEXT NOT NULL DEFAULT 'present' CHECK (state IN ('present', 'missing')),
    missing_since TEXT,
    UNIQUE (root_id, rel_path)
  );
  -- A moved file is found by its size, then its quick hash.
  CREATE INDEX folder_files_by_content ON folder_files (size, quick_hash);
  CREATE INDEX folder_files_missing ON folder_files (root_id) WHERE state = 'missing';
  CREATE INDEX folder_files_by_photo ON folder_files (photo_id) WHERE photo_id IS NOT NULL;

  -- The app refreshes when a photo's file goes missing, comes back or moves, or a folder goes
  -- offline; not for a size, time or hash refresh, which no one sees.
  ${changeCounterTriggers('folder_roots', { updateOf: ['status', 'rel_path'] })}
  ${changeCounterTriggers('folder_files', { updateOf: ['root_id', 'rel_path', 'state', 'photo_id'] })}
`;
