import Database from 'better-sqlite3';
import { ShoeboxError } from '../../../common/errors';
import { MIGRATIONS } from './migrations';

/** An open library database. */
export type LibraryDatabase = Database.Database;

/**
 * Opens (creating if needed) the library database: WAL, foreign keys on, migrations applied.
 * Refuses a database written by a newer Shoebox, which would be damaged by older code.
 * Repositories run every transaction that reads before it writes as IMMEDIATE: in WAL mode a
 * deferred one that has to upgrade to a writer fails at once ("database is locked") when
 * another process committed meanwhile, without waiting out the busy timeout.
 */
export function openLibraryDatabase(file: string): LibraryDatabase {
  const db = new Database(file);
  try {
    // The CLI and the app may share a library: wait for the other's write instead of failing.
    // First, since two processes opening a new library at once both switch it to WAL.
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode never corrupts; at worst the last commits roll back on power loss,
    // and an import re-run completes them (files are written before their rows).
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
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
  // The version is read again inside each write transaction: another process opening the same
  // library at the same moment may have applied the migration while this one waited.
  const step = db.transaction((): boolean => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      throw new ShoeboxError(
        'UNSUPPORTED',
        `This library was written by a newer Shoebox (schema version ${current}; this version ` +
          `knows up to ${SCHEMA_VERSION}). Update Shoebox to open it.`,
      );
    }
    if (current === SCHEMA_VERSION) return false;
    db.exec(MIGRATIONS[current]!);
    db.pragma(`user_version = ${current + 1}`);
    return true;
  });
  // Most opens find the schema current: a read, without taking the write lock.
  if ((db.pragma('user_version', { simple: true }) as number) === SCHEMA_VERSION) return;
  while (step.immediate());
}
