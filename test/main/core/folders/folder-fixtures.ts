/**
 * Helpers of the folder tests: a library database, photo files on disk, the photos they stand
 * for, and a snapshot of a tree's bytes to show Shoebox changed none of the user's files.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, readlink, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openLibraryDatabase, type LibraryDatabase } from '../../../../main/core/library/database';
import { makeTempDir } from '../../../helpers/temp-dir';

const opened: LibraryDatabase[] = [];

/** A fresh library database in a temporary folder. */
export async function makeLibraryDatabase(): Promise<LibraryDatabase> {
  const db = openLibraryDatabase(
    path.join(await makeTempDir('shoebox-folders-lib-'), 'library.db'),
  );
  opened.push(db);
  return db;
}

/** Closes the databases the test opened. */
export function closeDatabases(): void {
  for (const db of opened.splice(0)) db.close();
}

/**
 * Writes a photo-like file of `bytes` bytes whose content depends on `seed` (two seeds, two
 * contents), with its modification time set to `mtime` (seconds) so times never collide.
 */
export async function writeMediaFile(
  file: string,
  seed: string,
  options: { bytes?: number; mtime?: number } = {},
): Promise<void> {
  const bytes = options.bytes ?? 200_000;
  const block = createHash('sha256').update(seed).digest();
  const content = Buffer.alloc(bytes);
  for (let offset = 0; offset < bytes; offset += block.length) block.copy(content, offset);
  // A middle that differs too, so only a full hash tells two files with equal ends apart.
  content.write(seed, Math.floor(bytes / 2));
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  const mtime = options.mtime ?? 1_700_000_000;
  await utimes(file, mtime, mtime);
}

/** Inserts a photos row (as an import would) and answers its id: what a folder file points at. */
export function insertPhoto(db: LibraryDatabase, name: string): number {
  const result = db
    .prepare(
      `INSERT INTO photos (hash, original_name, stored_path, bytes, format, width, height,
         taken_at, taken_sort, taken_at_source, imported_at)
       VALUES (?, ?, ?, 1, 'jpeg', 1, 1, '2026-01-01T00:00:00', 0, 'file', '2026-01-01T00:00:00Z')`,
    )
    .run(createHash('sha256').update(name).digest('hex'), name, `referenced/${name}`);
  return Number(result.lastInsertRowid);
}

/** The index rows, as a person would check them: path → state, photo, row id. */
export function indexRows(
  db: LibraryDatabase,
): { id: number; root_id: number; rel_path: string; state: string; photo_id: number | null }[] {
  return db
    .prepare(
      'SELECT id, root_id, rel_path, state, photo_id FROM folder_files ORDER BY root_id, rel_path',
    )
    .all() as {
    id: number;
    root_id: number;
    rel_path: string;
    state: string;
    photo_id: number | null;
  }[];
}

/**
 * Every file below `dir` (hidden ones too) → SHA-256 of its bytes and its modification time;
 * a symbolic link → its target.
 */
export async function snapshotTree(dir: string): Promise<Map<string, string>> {
  const snapshot = new Map<string, string>();
  const visit = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await visit(full);
      else if (entry.isSymbolicLink())
        snapshot.set(path.relative(dir, full), `-> ${await readlink(full)}`);
      else {
        const [bytes, stats] = await Promise.all([readFile(full), stat(full)]);
        snapshot.set(
          path.relative(dir, full),
          `${createHash('sha256').update(bytes).digest('hex')} ${stats.mtimeMs}`,
        );
      }
    }
  };
  await visit(dir);
  return snapshot;
}
