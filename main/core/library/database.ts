import { createRequire } from 'node:module';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ShoeboxError } from '../../../common/errors';
import { registerNaturalKey } from '../search/natural-key';
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
export function openLibraryDatabase(
  file: string,
  options: {
    /** Read through a memory map (see MMAP_BYTES); off for a library on a network share. */
    memoryMap?: boolean;
  } = {},
): LibraryDatabase {
  const nativeBinding = nativeBindingFor(process.versions);
  const db = new Database(file, nativeBinding ? { nativeBinding } : {});
  try {
    // The CLI and the app may share a library: wait for the other's write instead of failing.
    // First, since two processes opening a new library at once both switch it to WAL.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    switchToWal(db);
    // NORMAL in WAL mode never corrupts; at worst the last commits roll back on power loss,
    // and an import re-run completes them (files are written before their rows).
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    if (options.memoryMap ?? true) db.pragma(`mmap_size = ${MMAP_BYTES}`);
    registerNaturalKey(db);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * The addon better-sqlite3 loads in this runtime: in Electron its Electron build, which
 * scripts/ensure-native.mjs makes in a folder of its own beside the Node build; under Node
 * undefined, for the package's own `build/Release` (what `npm ci` builds). The two stay side by
 * side, so starting the app never breaks the CLI and the tests, nor they the app.
 */
export function nativeBindingFor(
  versions: NodeJS.ProcessVersions,
  packageDir: string = path.dirname(
    createRequire(import.meta.url).resolve('better-sqlite3/package.json'),
  ),
): string | undefined {
  if (!versions.electron) return undefined;
  const addon = path.join(packageDir, ELECTRON_BUILD_DIR, 'Release', 'better_sqlite3.node');
  // In the packaged app the addon is unpacked beside app.asar: native code cannot be loaded
  // from inside the archive.
  return addon.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
}

// Where scripts/ensure-native.mjs puts the Electron build inside the better-sqlite3 package;
// electron-builder.yml ships and unpacks that folder.
const ELECTRON_BUILD_DIR = 'build-electron';

// Reads of the database file through memory mapping, up to this much of it (SQLite caps it at
// 2 GiB): a search that tests tens of thousands of photos against their keywords costs half as
// much (counting `rating>=4 keyword:Places` in 1M photos: ~105 ms → ~63 ms, measured), and the
// pages are the OS's file cache, shared by every process on the library and given back under
// memory pressure, where a larger cache_size would hold up to that much heap per connection.
// Writes still go through write() (SQLite never writes through the map), so a crash cannot damage
// the file. A disk that fails under a read ends the process with SIGBUS instead of an I/O error:
// so not on a network share (openCore asks), where a server gone away is a read error; an
// unplugged disk fails every read either way.
const MMAP_BYTES = 2 ** 31;

// How long a statement waits for another process's write to end before failing.
const BUSY_TIMEOUT_MS = 5000;

/**
 * Puts the database in WAL mode. Switching a new database's journal mode needs it to itself,
 * and SQLite answers SQLITE_BUSY at once, without waiting out the busy timeout, when another
 * process is opening the same new library at that moment: so this waits and tries again.
 */
function switchToWal(db: LibraryDatabase): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  // From 5 ms, doubling to 200 ms: the other process's switch takes milliseconds.
  for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
    try {
      if (db.pragma('journal_mode = WAL', { simple: true }) === 'wal') return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error('the library database could not be put in WAL mode');
    // Opening is synchronous (better-sqlite3): a short blocking sleep, only in this rare race.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
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
