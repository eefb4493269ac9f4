import Database from 'better-sqlite3';
import { ShoeboxError } from '../../../common/errors';
import { MIGRATIONS } from './migrations';

/** An open library database. */
export type LibraryDatabase = Database.Database;

/**
 * Opens (creating if needed) the library database: WAL, foreign keys on, migrations applied.
 * Refuses a database written by a newer Shoebox, which would be damaged by older code.
 */
export function openLibraryDatabase(file: string): LibraryDatabase {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode never corrupts; at worst the last commits roll back on power loss,
    // and an import re-run completes them (files are written before their rows).
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // The CLI and the app may share a library: wait for the other's write instead of failing.
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

function migrate(db: LibraryDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new ShoeboxError(
      'UNSUPPORTED',
      `This library was written by a newer Shoebox (schema version ${current}; this version ` +
        `knows up to ${SCHEMA_VERSION}). Update Shoebox to open it.`,
    );
  }
  for (let version = current; version < SCHEMA_VERSION; version += 1) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
