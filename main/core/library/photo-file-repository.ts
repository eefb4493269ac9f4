/**
 * The SQL of a photo's other files (`photo_files`, migration 5): the JPEG beside a RAW, a Live
 * Photo's movie, a camera's `.THM` or `.AAE`. The original stays the photo's own row; these
 * are listed after it in `Photo.files`, travel with it to the trash and out of the library, and
 * count as the photo when a copy of one arrives again.
 */
import type { MediaFormat, PhotoFileRole } from '../../../common/contract';
import type { LibraryDatabase } from './database';
import { IN_LIBRARY_SQL } from './referenced-files';

/** A file other than the original, as the import records it (path relative to the library). */
export interface NewPhotoFile {
  role: Exclude<PhotoFileRole, 'original'>;
  hash: string;
  originalName: string;
  storedPath: string;
  bytes: number;
  format: MediaFormat | 'thm' | 'aae';
}

/** A photo_files row as stored. */
export interface PhotoFileRow {
  id: number;
  photo_id: number;
  role: Exclude<PhotoFileRole, 'original'>;
  hash: string;
  original_name: string;
  stored_path: string;
  bytes: number;
  format: string;
  added_at: string;
}

/** The photo_files table, behind one small class; PhotoRepository owns one. */
export class PhotoFileRepository {
  private readonly statements;

  constructor(db: LibraryDatabase) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO photo_files (photo_id, role, hash, original_name, stored_path, bytes, format,
           added_at)
         VALUES (@photoId, @role, @hash, @originalName, @storedPath, @bytes, @format, @addedAt)`,
      ),
      of: db.prepare<[string], PhotoFileRow>(
        `SELECT * FROM photo_files WHERE photo_id IN (SELECT value FROM json_each(?))
         ORDER BY photo_id, CASE role WHEN 'pair' THEN 0 WHEN 'motion' THEN 1 ELSE 2 END, id`,
      ),
      photoOfContent: db.prepare<[string], { photo_id: number }>(
        `SELECT photo_id FROM photo_files WHERE hash = ? AND role != 'sidecar'`,
      ),
      anyOfSize: db.prepare<[number], { id: number }>(
        `SELECT id FROM photo_files WHERE bytes = ? AND role != 'sidecar' LIMIT 1`,
      ),
      replaceContent: db.prepare<[string, number, string], unknown>(
        'UPDATE photo_files SET hash = ?, bytes = ? WHERE stored_path = ?',
      ),
      recordsFile: db.prepare<[string], { id: number }>(
        'SELECT id FROM photo_files WHERE stored_path = ?',
      ),
      all: db.prepare<[], PhotoFileRow>('SELECT * FROM photo_files ORDER BY photo_id, id'),
      totalBytes: db.prepare<[], { bytes: number | null }>(
        `SELECT sum(bytes) AS bytes FROM photo_files WHERE ${IN_LIBRARY_SQL}`,
      ),
    };
  }

  /** Records files of a photo, inside the caller's transaction. */
  insert(photoId: number, files: NewPhotoFile[], addedAt: string): void {
    for (const file of files) this.statements.insert.run({ photoId, addedAt, ...file });
  }

  /** The files of these photos (pair, motion, then sidecars), by photo id. */
  of(photoIds: number[]): Map<number, PhotoFileRow[]> {
    const grouped = new Map<number, PhotoFileRow[]>();
    if (photoIds.length === 0) return grouped;
    for (const row of this.statements.of.all(JSON.stringify(photoIds))) {
      const list = grouped.get(row.photo_id) ?? [];
      list.push(row);
      grouped.set(row.photo_id, list);
    }
    return grouped;
  }

  /** The photo a pair or motion file of this content belongs to, if any. */
  photoOfContent(hash: string): number | undefined {
    return this.statements.photoOfContent.get(hash)?.photo_id;
  }

  /** Whether a pair or motion file has exactly this many bytes (a possible duplicate). */
  hasFileOfSize(bytes: number): boolean {
    return this.statements.anyOfSize.get(bytes) !== undefined;
  }

  /** Whether a row records this file (relative path). */
  recordsFile(storedPath: string): boolean {
    return this.statements.recordsFile.get(storedPath) !== undefined;
  }

  /** Every row (for verify), by photo. */
  all(): PhotoFileRow[] {
    return this.statements.all.all();
  }

  /** A file's new content (edited where it lies, in an added folder): its hash and size. */
  replaceContent(storedPath: string, hash: string, bytes: number): void {
    this.statements.replaceContent.run(hash, bytes, storedPath);
  }

  /** Bytes of every file beside the originals in the library (not in added folders). */
  totalBytes(): number {
    return this.statements.totalBytes.get()!.bytes ?? 0;
  }
}
