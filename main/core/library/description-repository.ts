/**
 * What photographers say about photos (stars, flag, label, title, caption, keywords) and their
 * capture-time fixes, as SQL in one place. Every change moves the photo's `description_rev`,
 * which tells the sidecar writer to mirror it.
 */
import type {
  DescriptionSnapshot,
  KeywordNode,
  PhotoChanges,
  PhotoDescription,
} from '../../../common/contract';
import { keywordKey } from '../../../common/description';
import { buildKeywordTree } from '../../../common/keyword-tree';
import { ShoeboxError } from '../../../common/errors';
import { captureSortKey } from '../import/metadata';
import { normalizeCaptureTime, shiftCaptureTime, withTimeZone } from './capture-time';
import type { Statement } from 'better-sqlite3';
import type { LibraryDatabase } from './database';
import { descriptionOf, type PhotoRepository, type PhotoRow } from './photo-repository';

/** What recording a description of a new or re-found photo takes (from its sidecars). */
export type RecordedDescription = PhotoDescription & {
  /** The camera's capture time, when the description's time differs from it. */
  takenAtOriginal?: string | null;
};

/** The photos' descriptions: changes, undo snapshots, the keyword tree. */
export class DescriptionRepository {
  private readonly statements;
  /** The UPDATE that saves a description, per set of columns it changes (made when needed). */
  private readonly saveStatements = new Map<string, Statement<[DescriptionValues], unknown>>();

  constructor(
    private readonly db: LibraryDatabase,
    private readonly photos: PhotoRepository,
  ) {
    this.statements = {
      rowsOf: db.prepare<[string], PhotoRow>(
        'SELECT * FROM photos WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id',
      ),
      addKeyword: db.prepare<[number, string, string], unknown>(
        `INSERT INTO photo_keywords (photo_id, keyword_key, path) VALUES (?, ?, ?)
         ON CONFLICT (photo_id, keyword_key) DO NOTHING`,
      ),
      // [[photo id, key, path], …]; WHERE true tells the parser ON CONFLICT is not a join's ON.
      addKeywords: db.prepare<[string], unknown>(
        `INSERT INTO photo_keywords (photo_id, keyword_key, path)
         SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?) WHERE true
         ON CONFLICT (photo_id, keyword_key) DO NOTHING`,
      ),
      // [[photo id, key], …].
      removeKeywords: db.prepare<[string], unknown>(
        `DELETE FROM photo_keywords WHERE (photo_id, keyword_key) IN
           (SELECT value ->> 0, value ->> 1 FROM json_each(?))`,
      ),
      clearKeywords: db.prepare<[number], unknown>('DELETE FROM photo_keywords WHERE photo_id = ?'),
      // A photo whose file in an added folder is missing or offline waits: its sidecar is
      // written when the file is back (and never blocks the others meanwhile).
      pendingSidecars: db.prepare<[number], PhotoRow>(
        `SELECT * FROM photos p WHERE description_rev != sidecar_rev
           AND NOT EXISTS (
             SELECT 1 FROM folder_files f JOIN folder_roots r ON r.id = f.root_id
             WHERE f.photo_id = p.id AND f.role = 'original'
               AND (f.state = 'missing' OR r.status = 'offline'))
         ORDER BY id LIMIT ?`,
      ),
      revisionOf: db.prepare<[number], { rev: number }>(
        'SELECT description_rev AS rev FROM photos WHERE id = ?',
      ),
      markSidecarWritten: db.prepare<[number, number], unknown>(
        'UPDATE photos SET sidecar_rev = ? WHERE id = ?',
      ),
      markSidecarMissing: db.prepare<[number], unknown>(
        'UPDATE photos SET sidecar_rev = -1 WHERE id = ?',
      ),
      keywordCounts: db.prepare<[], { path: string; key: string; photo_ids: string }>(
        // One spelling per key (the least, so it is stable), and the photos that have it, so a
        // parent's total counts each photo once.
        `SELECT min(k.path) AS path, k.keyword_key AS key, json_group_array(k.photo_id) AS photo_ids
         FROM photo_keywords k JOIN photos p ON p.id = k.photo_id
         WHERE p.trashed_at IS NULL GROUP BY k.keyword_key ORDER BY k.keyword_key`,
      ),
    };
  }

  /**
   * Applies `changes` to every photo given in one IMMEDIATE transaction and answers how each
   * was before. NOT_FOUND (nothing changed) when an id does not exist; INVALID_INPUT when a
   * time change would leave the years a date can hold.
   */
  update(photoIds: number[], changes: PhotoChanges): DescriptionSnapshot[] {
    return this.db
      .transaction(() => {
        const ids = [...new Set(photoIds)];
        const rows = this.rowsOf(ids);
        const keywords = this.photos.keywordsOf(ids);
        const previous = this.snapshotsOf(rows, keywords);
        // Keywords are written in one statement each way: one statement per photo and keyword
        // was a quarter of the time of keywording 1,000 photos. (One per photo stays for the
        // other columns: there, extracting the values from JSON costs more than it saves.)
        const removed: [number, string][] = [];
        const added: [number, string, string][] = [];
        const removedKeys = (changes.removeKeywords ?? []).map(keywordKey);
        const addedKeys = (changes.addKeywords ?? []).map(
          (path) => [path, keywordKey(path)] as const,
        );
        for (const row of rows) {
          this.saveDescription(row, {
            rating: changes.rating ?? row.rating,
            flag: changes.flag === undefined ? row.flag : changes.flag,
            label: changes.label === undefined ? row.label : changes.label,
            title: changes.title === undefined ? row.title : changes.title,
            caption: changes.caption === undefined ? row.caption : changes.caption,
            takenAt: changedTime(row, changes),
          });
          for (const key of removedKeys) removed.push([row.id, key]);
          const assigned = (keywords.get(row.id) ?? []).map(keywordKey);
          for (const [path, key] of addedKeys) {
            // A keyword assigned again in another case keeps its first spelling.
            if (!assigned.includes(key)) added.push([row.id, key, path]);
          }
        }
        if (removed.length > 0) this.statements.removeKeywords.run(JSON.stringify(removed));
        if (added.length > 0) this.statements.addKeywords.run(JSON.stringify(added));
        return previous;
      })
      .immediate();
  }

  /** Puts descriptions and capture times back as the snapshots had them; answers how many. */
  restore(snapshots: DescriptionSnapshot[]): number {
    return this.db
      .transaction(() => {
        const rows = new Map(
          this.rowsOf(snapshots.map((snapshot) => snapshot.photoId)).map((row) => [row.id, row]),
        );
        let restored = 0;
        for (const snapshot of snapshots) {
          const row = rows.get(snapshot.photoId);
          if (!row) continue; // deleted for good since: nothing to put back
          this.record(row, snapshot.description, { takenAt: snapshot.takenAt });
          restored += 1;
        }
        return restored;
      })
      .immediate();
  }

  /**
   * Records a whole description on a photo (its keywords replaced), e.g. read from the sidecars
   * of a photo being imported or re-found by repair. Runs inside the caller's transaction.
   */
  record(
    row: PhotoRow,
    description: PhotoDescription,
    time: { takenAt?: string; takenAtOriginal?: string | null } = {},
  ): void {
    this.saveDescription(row, { ...description, takenAt: time.takenAt ?? row.taken_at }, time);
    this.statements.clearKeywords.run(row.id);
    for (const path of description.keywords) {
      this.statements.addKeyword.run(row.id, keywordKey(path), path);
    }
  }

  /** How these photos are now, for undo. NOT_FOUND when one does not exist. */
  snapshots(photoIds: number[]): DescriptionSnapshot[] {
    return this.snapshotsOf(this.rowsOf([...new Set(photoIds)]));
  }

  /** Photos whose sidecar is behind their description, oldest id first. */
  pendingSidecars(limit: number): PhotoRow[] {
    return this.statements.pendingSidecars.all(limit);
  }

  /** Whether a photo's description is still at `revision` (no change since it was read). */
  isLatest(photoId: number, revision: number): boolean {
    return this.statements.revisionOf.get(photoId)?.rev === revision;
  }

  /** Records that a photo's sidecar on disk holds `revision`. */
  markSidecarWritten(photoId: number, revision: number): void {
    this.statements.markSidecarWritten.run(revision, photoId);
  }

  /** Marks a photo's sidecar as to be written again (verify found it missing). */
  markSidecarMissing(photoId: number): void {
    this.statements.markSidecarMissing.run(photoId);
  }

  /** The keyword tree: every assigned keyword and its ancestors, with photo counts. */
  keywordTree(): KeywordNode[] {
    return buildKeywordTree(
      this.statements.keywordCounts.all().map(({ path, photo_ids }) => ({
        path,
        photoIds: JSON.parse(photo_ids) as number[],
      })),
    );
  }

  private rowsOf(photoIds: number[]): PhotoRow[] {
    const rows = this.statements.rowsOf.all(JSON.stringify(photoIds));
    if (rows.length !== photoIds.length) {
      const found = new Set(rows.map((row) => row.id));
      const missing = photoIds.filter((photoId) => !found.has(photoId));
      throw new ShoeboxError(
        'NOT_FOUND',
        `No photo with id ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? '…' : ''}; nothing was changed.`,
      );
    }
    return rows;
  }

  private snapshotsOf(
    rows: PhotoRow[],
    keywords = this.photos.keywordsOf(rows.map((row) => row.id)),
  ): DescriptionSnapshot[] {
    return rows.map((row) => ({
      photoId: row.id,
      description: descriptionOf(row, keywords.get(row.id) ?? []),
      takenAt: row.taken_at,
    }));
  }

  private saveDescription(
    row: PhotoRow,
    next: Omit<PhotoDescription, 'keywords'> & { takenAt: string },
    time: { takenAtOriginal?: string | null } = {},
  ): void {
    const values = descriptionValues(row, next, time);
    // Only the columns whose value changes are set: SQLite rewrites the entry of every index
    // on a column an UPDATE sets, and runs every trigger on it, even when the value stays, and
    // the timeline index's entries alone were a third of the pages rating 1,000 photos wrote.
    const changed = SAVED_COLUMNS.filter(([field, column]) => values[field] !== row[column]);
    const key = changed.map(([, column]) => column).join(',');
    let statement = this.saveStatements.get(key);
    if (!statement) {
      const assignments = changed.map(([field, column]) => `${column} = @${field}, `).join('');
      statement = this.db.prepare<[DescriptionValues], unknown>(
        `UPDATE photos SET ${assignments}description_rev = description_rev + 1 WHERE id = @id`,
      );
      this.saveStatements.set(key, statement);
    }
    statement.run(values);
  }
}

/** One photo's description columns and capture time as they are to be saved. */
interface DescriptionValues extends Omit<PhotoDescription, 'keywords'> {
  id: number;
  takenAt: string;
  takenSort: number;
  takenAtOriginal: string | null;
}

/** What saving `next` on `row` writes. */
function descriptionValues(
  row: PhotoRow,
  next: Omit<PhotoDescription, 'keywords'> & { takenAt: string },
  time: { takenAtOriginal?: string | null } = {},
): DescriptionValues {
  // The camera's value is kept the first time the capture time changes, and forgotten when
  // it is back to it.
  const original =
    time.takenAtOriginal !== undefined
      ? time.takenAtOriginal
      : (row.taken_at_original ?? (next.takenAt !== row.taken_at ? row.taken_at : null));
  return {
    id: row.id,
    rating: next.rating,
    flag: next.flag,
    label: next.label,
    title: next.title,
    caption: next.caption,
    takenAt: next.takenAt,
    takenSort: captureSortKey(next.takenAt),
    takenAtOriginal: original === next.takenAt ? null : original,
  };
}

// What saving a description may change: each value and its column.
const SAVED_COLUMNS = [
  ['rating', 'rating'],
  ['flag', 'flag'],
  ['label', 'label'],
  ['title', 'title'],
  ['caption', 'caption'],
  ['takenAt', 'taken_at'],
  ['takenSort', 'taken_sort'],
  ['takenAtOriginal', 'taken_at_original'],
] as const satisfies readonly (readonly [keyof DescriptionValues, keyof PhotoRow])[];

/** The capture time after the time change of `changes` (if any). */
function changedTime(row: PhotoRow, changes: PhotoChanges): string {
  try {
    if (changes.shiftTimeSeconds !== undefined) {
      return shiftCaptureTime(row.taken_at, changes.shiftTimeSeconds);
    }
    if (changes.takenAt !== undefined) return normalizeCaptureTime(changes.takenAt);
    if (changes.timeZone !== undefined) return withTimeZone(row.taken_at, changes.timeZone);
    if (changes.revertTime) return row.taken_at_original ?? row.taken_at;
    return row.taken_at;
  } catch (error) {
    if (error instanceof RangeError) throw new ShoeboxError('INVALID_INPUT', error.message);
    throw error;
  }
}
