/**
 * Where a library's database is: `library.db` in the library folder, or, for a library on a
 * network share, on this computer's own disk (SQLite's write-ahead log needs a local disk;
 * library-storage.ts says why). `library-database.json` in the library folder then names the
 * computer and the path; the photos, derivatives and staging stay on the share. Only that
 * computer opens the library from then on (where the database file is found): another one is
 * told where the database is.
 */
import { hostname, homedir } from 'node:os';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { ShoeboxError } from '../../../common/errors';
import { openLibraryDatabase } from './database';
import { LeaseRepository } from './lease-repository';
import type { LibraryLayout } from './library-paths';

/** The pointer file, in the library folder. */
export const DATABASE_POINTER = 'library-database.json';

const PointerSchema = z.object({
  /** The computer whose disk holds the database (`os.hostname()`). */
  host: z.string().min(1),
  /** The database file there (absolute). */
  path: z.string().min(1),
});

/** The database's place as the pointer file says, or null when it is in the library folder. */
export async function readDatabasePointer(
  root: string,
): Promise<z.infer<typeof PointerSchema> | null> {
  const text = await readFile(path.join(root, DATABASE_POINTER), 'utf8').catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    },
  );
  if (text === null) return null;
  const parsed = PointerSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new ShoeboxError(
      'INTERNAL',
      `${DATABASE_POINTER} in ${root} is not readable as a pointer`,
    );
  }
  return parsed.data;
}

/**
 * The layout of a library with its database where it is: the pointer's path on the computer
 * it names. Throws CONFLICT on any other computer, naming the one to open it on.
 */
export async function withDatabaseLocation(layout: LibraryLayout): Promise<LibraryLayout> {
  const pointer = await readDatabasePointer(layout.root);
  if (!pointer) return layout;
  // Found by its path, not its computer's name, which changes with the network on a Mac: a
  // database under a random name at that path is this one wherever it is.
  const there = await access(pointer.path).then(
    () => true,
    () => false,
  );
  if (there) return { ...layout, database: pointer.path };
  throw new ShoeboxError(
    'CONFLICT',
    pointer.host === hostname()
      ? `The database of the library at ${layout.root} should be at ${pointer.path}, which is ` +
          `not there; its copy from before it moved is ${layout.database}.moved.`
      : `The database of the library at ${layout.root} is kept on the disk of "${pointer.host}" ` +
          `(${pointer.path}); open the library there.`,
  );
}

/** Where a library's database goes on this computer by default: the user's data folder. */
export function defaultLocalDatabaseFolder(): string {
  const base =
    process.platform === 'win32'
      ? (process.env.LOCALAPPDATA ?? path.join(homedir(), 'AppData', 'Local'))
      : process.platform === 'darwin'
        ? path.join(homedir(), 'Library', 'Application Support')
        : (process.env.XDG_DATA_HOME ?? path.join(homedir(), '.local', 'share'));
  return path.join(base, 'Shoebox', 'databases');
}

/**
 * Moves a library's database to this computer's disk (`folder`, default
 * `defaultLocalDatabaseFolder()`), with no other process on the library: copied whole by
 * SQLite's backup, the pointer written, and the share's `library.db` kept beside it renamed
 * `library.db.moved` (a copy, never the only one). Answers the new path. Throws CONFLICT while
 * another live process has the library open.
 */
export async function moveDatabaseToLocalDisk(
  layout: LibraryLayout,
  folder: string = defaultLocalDatabaseFolder(),
): Promise<string> {
  if (await readDatabasePointer(layout.root)) {
    throw new ShoeboxError(
      'CONFLICT',
      `The database of ${layout.root} is on a local disk already.`,
    );
  }
  // Opening a database that is not there would make an empty one.
  await access(layout.database).catch(() => {
    throw new ShoeboxError('NOT_FOUND', `no Shoebox library at ${layout.root}`);
  });
  const target = path.join(path.resolve(folder), `${randomUUID()}.db`);
  await mkdir(path.dirname(target), { recursive: true });
  const db = openLibraryDatabase(layout.database, { memoryMap: false });
  try {
    const others = new LeaseRepository(db).others(null);
    if (others.length > 0) {
      const [first] = others;
      throw new ShoeboxError(
        'CONFLICT',
        `Another Shoebox process (${first!.program}, pid ${first!.pid} on ${first!.host}) has ` +
          'the library open; close it first.',
      );
    }
    await db.backup(`${target}.partial`);
  } finally {
    db.close();
  }
  await rename(`${target}.partial`, target);
  const pointer = path.join(layout.root, DATABASE_POINTER);
  await writeFile(
    `${pointer}.partial`,
    `${JSON.stringify({ host: hostname(), path: target }, null, 2)}\n`,
  );
  await rename(`${pointer}.partial`, pointer);
  // Kept, not deleted: if the local disk is lost, this copy (as of the move) is still there.
  await rename(layout.database, `${layout.database}.moved`);
  await Promise.all(['-wal', '-shm'].map((end) => rm(`${layout.database}${end}`, { force: true })));
  return target;
}
