import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openLibraryDatabase, SCHEMA_VERSION } from '../../../../main/core/library/database';
import { makeTempDir } from '../../../helpers/temp-dir';

describe('openLibraryDatabase', () => {
  it('creates the schema with WAL and foreign keys on', async () => {
    const file = path.join(await makeTempDir(), 'library.db');
    const db = openLibraryDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .pluck()
      .all();
    expect(tables).toEqual([
      'album_photos',
      'albums',
      'derivatives',
      'folder_files',
      'folder_roots',
      'leases',
      'library_changes',
      'library_locks',
      'photo_files',
      'photo_keywords',
      'photo_name_trigram',
      'photo_name_trigram_config',
      'photo_name_trigram_data',
      'photo_name_trigram_docsize',
      'photo_name_trigram_idx',
      'photo_text',
      'photo_text_config',
      'photo_text_data',
      'photo_text_docsize',
      'photo_text_idx',
      'photos',
      'reservations',
      'search_facet_counts',
      'volumes',
    ]);
    db.close();
  });

  it('reads through a memory map, unless told not to (a library on a network share)', async () => {
    const dir = await makeTempDir();
    const mapped = openLibraryDatabase(path.join(dir, 'library.db'));
    const plain = openLibraryDatabase(path.join(dir, 'library.db'), { memoryMap: false });
    try {
      expect(mapped.pragma('mmap_size', { simple: true })).toBeGreaterThan(1024 ** 3);
      expect(plain.pragma('mmap_size', { simple: true })).toBe(0);
    } finally {
      mapped.close();
      plain.close();
    }
  });

  it('opens an existing library again without re-running migrations', async () => {
    const file = path.join(await makeTempDir(), 'library.db');
    openLibraryDatabase(file).close();
    const db = openLibraryDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('refuses a library written by a newer Shoebox, with a clear message', async () => {
    const file = path.join(await makeTempDir(), 'library.db');
    const newer = new Database(file);
    newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    newer.close();
    expect(() => openLibraryDatabase(file)).toThrow(/newer Shoebox .*Update Shoebox/);
  });
});
