import type { MediaFormat, Photo, PhotoDescription, PhotoDetails } from '../../../common/contract';
import type { ColorLabel, PhotoFlag, Rotation } from '../../../common/description';
import {
  DERIVATIVE_SIZES,
  DERIVATIVE_SIZE_NAMES,
  fitLongEdge,
  type DerivativeSize,
} from '../../../common/derivative-sizes';
import { ShoeboxError } from '../../../common/errors';
import { keywordKey } from '../../../common/description';
import { mergeDescription, sameDescription } from '../metadata/merge-description';
import type { LibraryDatabase } from './database';
import { decodeCursor, encodeCursor } from './keyset-cursor';
import { fromStoredPath, type LibraryLayout } from './library-paths';
import { PendingDerivativeRepository } from './pending-derivative-repository';
import { PhotoFileRepository, type NewPhotoFile, type PhotoFileRow } from './photo-file-repository';
import { PhotoShotRepository } from './photo-shot-repository';
import {
  IN_LIBRARY_SQL,
  isReferenced,
  ReferencedFiles,
  sourceOf,
  type ReferencedLocation,
} from './referenced-files';

/** A new photo as the import pipeline records it (paths relative to the library root). */
export interface NewPhoto {
  hash: string;
  originalName: string;
  storedPath: string;
  bytes: number;
  format: MediaFormat;
  kind: 'photo' | 'video';
  /** A video's length; null for a photo. */
  durationSeconds: number | null;
  /** Whether a browser plays the video's original as it is (false for photos). */
  browserPlayable: boolean;
  width: number;
  height: number;
  orientation: number;
  takenAt: string;
  takenSort: number;
  takenAtSource: 'exif' | 'file';
  cameraMake: string | null;
  cameraModel: string | null;
  lens: string | null;
  gps: { lat: number; lon: number } | null;
  exposure: PhotoDetails['exposure'];
  importedAt: string;
  derivatives: NewDerivative[];
  /** Its files beside the original (a RAW's JPEG, a Live Photo's movie, camera sidecars). */
  files?: NewPhotoFile[];
  /** What other apps said about it (its embedded XMP and IPTC, its sidecars); none if absent. */
  description?: PhotoDescription;
  /**
   * The lease id of the process that is still to make its medium and large (thumbnails first:
   * it is recorded with its thumbnail only); absent when every size is in `derivatives`.
   */
  derivativesPending?: string;
}

/** What a photo's capture says of it: its moment, camera, place and exposure. */
export type CaptureFacts = Pick<
  NewPhoto,
  | 'takenAt'
  | 'takenSort'
  | 'takenAtSource'
  | 'cameraMake'
  | 'cameraModel'
  | 'lens'
  | 'gps'
  | 'exposure'
>;

/** The place and exposure of `facts` as the photos table's columns (statement parameters). */
export function captureColumns(facts: Pick<CaptureFacts, 'gps' | 'exposure'>): {
  gpsLat: number | null;
  gpsLon: number | null;
  exposureTime: number | null;
  fNumber: number | null;
  iso: number | null;
  focalLength: number | null;
} {
  return {
    gpsLat: facts.gps?.lat ?? null,
    gpsLon: facts.gps?.lon ?? null,
    exposureTime: facts.exposure.exposureTime,
    fNumber: facts.exposure.fNumber,
    iso: facts.exposure.iso,
    focalLength: facts.exposure.focalLength,
  };
}

/** One derivative file as recorded (path relative to the library root). */
export interface NewDerivative {
  size: DerivativeSize;
  storedPath: string;
  width: number;
  height: number;
  bytes: number;
}

/** A photo row as stored. */
export interface PhotoRow {
  id: number;
  hash: string;
  original_name: string;
  stored_path: string;
  bytes: number;
  format: MediaFormat;
  kind: 'photo' | 'video';
  duration_seconds: number | null;
  browser_playable: 0 | 1;
  width: number;
  height: number;
  orientation: number;
  taken_at: string;
  taken_sort: number;
  taken_at_source: string;
  camera_make: string | null;
  camera_model: string | null;
  lens: string | null;
  gps_lat: number | null;
  gps_lon: number | null;
  exposure_time: number | null;
  f_number: number | null;
  iso: number | null;
  focal_length: number | null;
  imported_at: string;
  trashed_at: string | null;
  rating: number;
  flag: PhotoFlag | null;
  label: ColorLabel | null;
  title: string | null;
  caption: string | null;
  rotation: Rotation;
  taken_at_original: string | null;
  description_rev: number;
  sidecar_rev: number;
  /** The lease id of the process making its medium and large; null once they are made. */
  derivatives_pending: string | null;
}

/** A derivative row as stored. */
export interface DerivativeRow {
  photo_id: number;
  size: DerivativeSize;
  stored_path: string;
  width: number;
  height: number;
  bytes: number;
}

/** What a row says a photographer said about the photo, with its keywords. */
export function descriptionOf(row: PhotoRow, keywords: string[]): PhotoDescription {
  return {
    rating: row.rating,
    flag: row.flag,
    label: row.label,
    title: row.title,
    caption: row.caption,
    keywords,
  };
}

/** Which photos a page lists, and in what order. */
export type PhotoListing =
  | { kind: 'timeline'; order: 'asc' | 'desc' }
  | { kind: 'album'; albumId: number; order: 'asc' | 'desc' }
  | { kind: 'trash'; order: 'asc' | 'desc' };

/** One page of rows and the keyset cursor of the next one. */
export interface PhotoRowPage {
  rows: PhotoRow[];
  nextCursor: string | null;
}

const DAY_MS = 86_400_000;

// What a photo nobody has described yet says: the columns' defaults.
const NO_DESCRIPTION: PhotoDescription = {
  rating: 0,
  flag: null,
  label: null,
  title: null,
  caption: null,
  keywords: [],
};

/** The photos, their derivatives and their trash state, as SQL in one place. */
export class PhotoRepository {
  private readonly statements;
  /** The photos' files beside their originals. */
  readonly files: PhotoFileRepository;
  /** A shot's files joining their photo across imports. */
  readonly shots: PhotoShotRepository;
  /** Thumbnails first: the photos whose medium and large are still to be made. */
  readonly pending: PendingDerivativeRepository;
  /** Where the files of photos left in their folders (added in place) are now. */
  readonly referenced: ReferencedFiles;

  constructor(
    private readonly db: LibraryDatabase,
    private readonly layout: LibraryLayout,
  ) {
    this.files = new PhotoFileRepository(db);
    this.referenced = new ReferencedFiles(db);
    this.shots = new PhotoShotRepository(db, this.files);
    this.pending = new PendingDerivativeRepository(db, (photoId, derivative) =>
      this.saveDerivative(photoId, derivative),
    );
    this.statements = {
      byHash: db.prepare<[string], PhotoRow>('SELECT * FROM photos WHERE hash = ?'),
      byId: db.prepare<[number], PhotoRow>('SELECT * FROM photos WHERE id = ?'),
      anyOfSize: db.prepare<[number], { id: number }>('SELECT id FROM photos WHERE bytes = ?'),
      recordsFile: db.prepare<[string, string], { found: number }>(
        `SELECT 1 AS found FROM photos WHERE stored_path = ?
         UNION ALL SELECT 1 FROM derivatives WHERE stored_path = ? LIMIT 1`,
      ),
      insertPhoto: db.prepare(
        `INSERT INTO photos (hash, original_name, stored_path, bytes, format, kind,
           duration_seconds, browser_playable, width, height, orientation, taken_at, taken_sort, taken_at_source,
           camera_make, camera_model, lens, gps_lat, gps_lon, exposure_time, f_number, iso,
           focal_length, imported_at, rating, flag, label, title, caption)
         VALUES (@hash, @originalName, @storedPath, @bytes, @format, @kind,
           @durationSeconds, @browserPlayable, @width, @height, @orientation, @takenAt, @takenSort, @takenAtSource,
           @cameraMake, @cameraModel, @lens, @gpsLat, @gpsLon, @exposureTime, @fNumber, @iso,
           @focalLength, @importedAt, @rating, @flag, @label, @title, @caption)`,
      ),
      addKeyword: db.prepare<[number, string, string], unknown>(
        `INSERT INTO photo_keywords (photo_id, keyword_key, path) VALUES (?, ?, ?)
         ON CONFLICT (photo_id, keyword_key) DO NOTHING`,
      ),
      fillDescription: db.prepare(
        `UPDATE photos SET rating = @rating, flag = @flag, label = @label, title = @title,
           caption = @caption, description_rev = description_rev + 1 WHERE id = @id`,
      ),
      upsertDerivative: db.prepare(
        `INSERT INTO derivatives (photo_id, size, stored_path, width, height, bytes)
         VALUES (@photoId, @size, @storedPath, @width, @height, @bytes)
         ON CONFLICT (photo_id, size) DO UPDATE SET stored_path = excluded.stored_path,
           width = excluded.width, height = excluded.height, bytes = excluded.bytes`,
      ),
      derivativesOf: db.prepare<[string], DerivativeRow>(
        'SELECT * FROM derivatives WHERE photo_id IN (SELECT value FROM json_each(?))',
      ),
      timelineAsc: db.prepare<[number, number, number], PhotoRow>(
        `SELECT * FROM photos WHERE trashed_at IS NULL AND (taken_sort, id) > (?, ?)
         ORDER BY taken_sort, id LIMIT ?`,
      ),
      timelineDesc: db.prepare<[number, number, number], PhotoRow>(
        `SELECT * FROM photos WHERE trashed_at IS NULL AND (taken_sort, id) < (?, ?)
         ORDER BY taken_sort DESC, id DESC LIMIT ?`,
      ),
      albumAsc: db.prepare<[number, number, number, number], PhotoRow & { album_position: number }>(
        `SELECT p.*, ap.position AS album_position FROM album_photos ap
         JOIN photos p ON p.id = ap.photo_id
         WHERE ap.album_id = ? AND p.trashed_at IS NULL AND (ap.position, ap.photo_id) > (?, ?)
         ORDER BY ap.position, ap.photo_id LIMIT ?`,
      ),
      albumDesc: db.prepare<
        [number, number, number, number],
        PhotoRow & { album_position: number }
      >(
        `SELECT p.*, ap.position AS album_position FROM album_photos ap
         JOIN photos p ON p.id = ap.photo_id
         WHERE ap.album_id = ? AND p.trashed_at IS NULL AND (ap.position, ap.photo_id) < (?, ?)
         ORDER BY ap.position DESC, ap.photo_id DESC LIMIT ?`,
      ),
      trashAsc: db.prepare<[string, number, number], PhotoRow>(
        `SELECT * FROM photos WHERE trashed_at IS NOT NULL AND (trashed_at, id) > (?, ?)
         ORDER BY trashed_at, id LIMIT ?`,
      ),
      trashDesc: db.prepare<[string, number, number], PhotoRow>(
        `SELECT * FROM photos WHERE trashed_at IS NOT NULL AND (trashed_at, id) < (?, ?)
         ORDER BY trashed_at DESC, id DESC LIMIT ?`,
      ),
      countTimeline: db.prepare<[], { n: number }>(
        'SELECT count(*) AS n FROM photos WHERE trashed_at IS NULL',
      ),
      countTrash: db.prepare<[], { n: number }>(
        'SELECT count(*) AS n FROM photos WHERE trashed_at IS NOT NULL',
      ),
      countAlbum: db.prepare<[number], { n: number }>(
        `SELECT count(*) AS n FROM album_photos ap JOIN photos p ON p.id = ap.photo_id
         WHERE ap.album_id = ? AND p.trashed_at IS NULL`,
      ),
      // Days of the sort key (the capture wall clock), floored also before 1970; the partial
      // timeline index covers it, so 100k photos group without reading the table.
      timelineDays: db.prepare<[], { dayIndex: number; count: number }>(
        `SELECT (taken_sort - ((taken_sort % ${DAY_MS}) + ${DAY_MS}) % ${DAY_MS}) / ${DAY_MS} AS dayIndex,
           count(*) AS count
         FROM photos WHERE trashed_at IS NULL GROUP BY dayIndex ORDER BY dayIndex`,
      ),
      setTrashed: db.prepare<[string | null, string], unknown>(
        `UPDATE photos SET trashed_at = ? WHERE id IN (SELECT value FROM json_each(?))`,
      ),
      albumsOf: db.prepare<[number], { id: number; name: string }>(
        `SELECT a.id, a.name FROM album_photos ap JOIN albums a ON a.id = ap.album_id
         WHERE ap.photo_id = ? ORDER BY a.position, a.id`,
      ),
      sizes: db.prepare<[], { originals: number | null; derivatives: number | null }>(
        // A photo left in an added folder takes no room in the library ('folder:' references).
        `SELECT (SELECT sum(bytes) FROM photos WHERE ${IN_LIBRARY_SQL}) AS originals,
                (SELECT sum(bytes) FROM derivatives) AS derivatives`,
      ),
      allRows: db.prepare<[], PhotoRow>('SELECT * FROM photos ORDER BY id'),
      countAll: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM photos'),
      deletePhoto: db.prepare<[number], unknown>('DELETE FROM photos WHERE id = ?'),
      setRotation: db.prepare<[number, number, number, number], unknown>(
        `UPDATE photos SET rotation = ?, width = ?, height = ?, description_rev = description_rev + 1
         WHERE id = ?`,
      ),
      keywordsOf: db.prepare<[string], { photo_id: number; path: string }>(
        `SELECT photo_id, path FROM photo_keywords
         WHERE photo_id IN (SELECT value FROM json_each(?)) ORDER BY photo_id, keyword_key`,
      ),
      replaceContent: db.prepare(
        `UPDATE photos SET hash = @hash, bytes = @bytes, width = @width, height = @height
         WHERE id = @photoId`,
      ),
      trashedIds: db.prepare<[], { id: number }>(
        'SELECT id FROM photos WHERE trashed_at IS NOT NULL ORDER BY id',
      ),
    };
  }

  /** The photo with this content hash, if any (trashed ones too). */
  findByHash(hash: string): PhotoRow | undefined {
    return this.statements.byHash.get(hash);
  }

  /** The photo with this id, if any. */
  findById(id: number): PhotoRow | undefined {
    return this.statements.byId.get(id);
  }

  /** The photo whose original, pair or motion file has this content, if any. */
  findByContent(hash: string): PhotoRow | undefined {
    const own = this.findByHash(hash);
    if (own) return own;
    const photoId = this.files.photoOfContent(hash);
    return photoId === undefined ? undefined : this.findById(photoId);
  }

  /** Whether any photo's original, pair or motion file has exactly this many bytes. */
  hasFileOfSize(bytes: number): boolean {
    return this.statements.anyOfSize.get(bytes) !== undefined || this.files.hasFileOfSize(bytes);
  }

  /** Whether a row records this file (relative path) as a photo's file or a derivative. */
  recordsFile(storedPath: string): boolean {
    return (
      this.statements.recordsFile.get(storedPath, storedPath) !== undefined ||
      this.files.recordsFile(storedPath)
    );
  }

  /**
   * Records a photo, its derivatives and (optionally) its album link in one transaction; the
   * caller has already written every file, so a committed row always has its files.
   */
  insert(photo: NewPhoto, addToAlbum?: (photoId: number) => void): number {
    return this.db
      .transaction(() => {
        const { keywords, ...described } = photo.description ?? NO_DESCRIPTION;
        const { files = [], ...row } = photo;
        const result = this.statements.insertPhoto.run({
          ...row,
          browserPlayable: row.browserPlayable ? 1 : 0,
          ...described,
          ...captureColumns(photo),
        });
        const photoId = Number(result.lastInsertRowid);
        for (const path of keywords)
          this.statements.addKeyword.run(photoId, keywordKey(path), path);
        for (const derivative of photo.derivatives) this.saveDerivative(photoId, derivative);
        if (photo.derivativesPending !== undefined)
          this.pending.mark(photoId, photo.derivativesPending);
        this.files.insert(photoId, files, photo.importedAt);
        addToAlbum?.(photoId);
        return photoId;
      })
      .immediate();
  }

  /**
   * Adds what a copy of a photo brought (a duplicate's sidecar) to the photo: its blanks filled,
   * its keywords added, nothing the user said overwritten. Answers whether anything changed.
   */
  fillDescription(photoId: number, incoming: PhotoDescription): boolean {
    return this.db
      .transaction(() => {
        const row = this.findById(photoId);
        if (!row) return false;
        const current = descriptionOf(row, this.keywordsOf([photoId]).get(photoId) ?? []);
        const merged = mergeDescription(current, incoming);
        if (sameDescription(current, merged)) return false;
        const { keywords, ...described } = merged;
        this.statements.fillDescription.run({ id: photoId, ...described });
        for (const path of keywords)
          this.statements.addKeyword.run(photoId, keywordKey(path), path);
        return true;
      })
      .immediate();
  }

  /** Records (or replaces) one derivative of a photo. */
  saveDerivative(photoId: number, derivative: NewDerivative): void {
    this.statements.upsertDerivative.run({ photoId, ...derivative });
  }

  /** One page of a listing after `cursor` (null: the first page). */
  page(listing: PhotoListing, cursor: string | null, limit: number): PhotoRowPage {
    const ascending = listing.order === 'asc';
    const start = cursor ? decodeCursor(cursor) : null;
    let rows: PhotoRow[];
    let keyOf: (row: PhotoRow) => number | string;
    if (listing.kind === 'timeline') {
      const key = (start?.sortKey as number | undefined) ?? (ascending ? -Infinity : Infinity);
      const id = start?.id ?? (ascending ? 0 : Number.MAX_SAFE_INTEGER);
      const statement = ascending ? this.statements.timelineAsc : this.statements.timelineDesc;
      rows = statement.all(key, id, limit);
      keyOf = (row) => row.taken_sort;
    } else if (listing.kind === 'album') {
      const key = (start?.sortKey as number | undefined) ?? (ascending ? -Infinity : Infinity);
      const id = start?.id ?? (ascending ? 0 : Number.MAX_SAFE_INTEGER);
      const statement = ascending ? this.statements.albumAsc : this.statements.albumDesc;
      const albumRows = statement.all(listing.albumId, key, id, limit);
      rows = albumRows;
      keyOf = (row) => (row as PhotoRow & { album_position: number }).album_position;
    } else {
      // ISO timestamps sort as text; '' sorts before and '~' after every one of them.
      const key = (start?.sortKey as string | undefined) ?? (ascending ? '' : '~');
      const id = start?.id ?? (ascending ? 0 : Number.MAX_SAFE_INTEGER);
      const statement = ascending ? this.statements.trashAsc : this.statements.trashDesc;
      rows = statement.all(key, id, limit);
      keyOf = (row) => row.trashed_at ?? '';
    }
    const last = rows.at(-1);
    const nextCursor = rows.length === limit && last ? encodeCursor(keyOf(last), last.id) : null;
    return { rows, nextCursor };
  }

  /** How many photos a listing holds. */
  count(listing: PhotoListing): number {
    if (listing.kind === 'timeline') return this.statements.countTimeline.get()!.n;
    if (listing.kind === 'trash') return this.statements.countTrash.get()!.n;
    return this.statements.countAlbum.get(listing.albumId)!.n;
  }

  /** Photo counts per capture day (the camera's local day), in timeline order. */
  timelineDays(order: 'asc' | 'desc'): { day: string; count: number }[] {
    const days = this.statements.timelineDays.all().map(({ dayIndex, count }) => ({
      day: new Date(dayIndex * DAY_MS).toISOString().slice(0, 10),
      count,
    }));
    return order === 'asc' ? days : days.reverse();
  }

  /**
   * The cursor that starts a timeline page at the first photo of `day` (YYYY-MM-DD) in `order`:
   * the UI jumps there when the user drags the scrollbar, without paging through what is above.
   */
  cursorAtDay(day: string, order: 'asc' | 'desc'): string {
    const dayStart = Date.parse(`${day}T00:00:00Z`);
    if (Number.isNaN(dayStart)) throw new ShoeboxError('INVALID_INPUT', `"${day}" is not a day.`);
    // Ids start at 1: (start, 0) is just before the day's first photo ascending, and
    // (next day's start, 0) just after its last one descending.
    return order === 'asc' ? encodeCursor(dayStart, 0) : encodeCursor(dayStart + DAY_MS, 0);
  }

  /**
   * A photo's original has new content (its file in an added folder was edited elsewhere): its
   * hash, size and shown size, with `inTransaction` (its derivatives switched), in one IMMEDIATE
   * transaction. Its description, albums and id stay.
   */
  replaceContent<T>(
    photoId: number,
    content: { hash: string; bytes: number; width: number; height: number },
    inTransaction: () => T,
  ): T {
    return this.db
      .transaction(() => {
        this.statements.replaceContent.run({ ...content, photoId });
        return inTransaction();
      })
      .immediate();
  }

  /** Moves photos to the trash (or back, with `trashedAt` null); returns how many changed. */
  setTrashed(photoIds: number[], trashedAt: string | null): number {
    return this.statements.setTrashed.run(trashedAt, JSON.stringify(photoIds)).changes;
  }

  /**
   * Deletes the rows of those photos that are in the trash (their album links and derivative
   * rows go with them) in one transaction; returns the files they had, for the caller to remove
   * after the commit. Photos not in the trash are left alone.
   */
  deleteTrashed(
    photoIds: number[],
  ): { photoId: number; hash: string; storedPath: string; files: string[] }[] {
    return this.db
      .transaction(() => {
        const rows = photoIds
          .map((photoId) => this.findById(photoId))
          .filter((row): row is PhotoRow => row !== undefined && row.trashed_at !== null);
        const ids = rows.map((row) => row.id);
        const derivatives = this.derivativesOf(ids);
        const files = this.files.of(ids);
        return rows.map((row) => {
          this.statements.deletePhoto.run(row.id);
          const stored = [
            row.stored_path,
            // The XMP sidecar beside the original (sidecars/xmp-sidecar.ts names it).
            `${row.stored_path}.xmp`,
            ...(files.get(row.id) ?? []).map((file) => file.stored_path),
            ...(derivatives.get(row.id) ?? []).map((d) => d.stored_path),
            // A photo left in its folder leaves the library only: its files are the user's
            // (deleting them from disk is its own, confirmed action).
          ].filter((file) => !isReferenced(file));
          return {
            photoId: row.id,
            hash: row.hash,
            storedPath: row.stored_path,
            files: stored.map((file) => this.absolute(file)),
          };
        });
      })
      .immediate();
  }

  /** The ids of every photo in the trash. */
  trashedIds(): number[] {
    return this.statements.trashedIds.all().map((row) => row.id);
  }

  /** The albums a photo is in. */
  albumsOf(photoId: number): { id: number; name: string }[] {
    return this.statements.albumsOf.all(photoId);
  }

  /** Bytes of the originals in the library (not those left in added folders) and derivatives. */
  storageBytes(): { originals: number; derivatives: number } {
    const row = this.statements.sizes.get()!;
    return {
      originals: (row.originals ?? 0) + this.files.totalBytes(),
      derivatives: row.derivatives ?? 0,
    };
  }

  /** How many photos the library has, the trash included. */
  countAll(): number {
    return this.statements.countAll.get()!.n;
  }

  /** Every photo row (for verify), by id. */
  allRows(): PhotoRow[] {
    return this.statements.allRows.all();
  }

  /** The derivative rows of these photos, grouped by photo id. */
  derivativesOf(photoIds: number[]): Map<number, DerivativeRow[]> {
    const grouped = new Map<number, DerivativeRow[]>();
    if (photoIds.length === 0) return grouped;
    for (const row of this.statements.derivativesOf.all(JSON.stringify(photoIds))) {
      const list = grouped.get(row.photo_id) ?? [];
      list.push(row);
      grouped.set(row.photo_id, list);
    }
    return grouped;
  }

  /** Records a photo's new rotation and the size it is shown at (the derivatives' caller's). */
  setRotation(photoId: number, rotation: number, width: number, height: number): void {
    this.statements.setRotation.run(rotation, width, height, photoId);
  }

  /** The keywords of these photos (as assigned, in key order), by photo id. */
  keywordsOf(photoIds: number[]): Map<number, string[]> {
    const grouped = new Map<number, string[]>();
    if (photoIds.length === 0) return grouped;
    for (const row of this.statements.keywordsOf.all(JSON.stringify(photoIds))) {
      const list = grouped.get(row.photo_id) ?? [];
      list.push(row.path);
      grouped.set(row.photo_id, list);
    }
    return grouped;
  }

  /** Rows as the contract's Photo (absolute paths), with their derivatives and keywords. */
  toPhotos(rows: PhotoRow[]): Photo[] {
    const ids = rows.map((row) => row.id);
    const derivatives = this.derivativesOf(ids);
    const keywords = this.keywordsOf(ids);
    const files = this.files.of(ids);
    return rows.map((row) =>
      this.toPhoto(
        row,
        derivatives.get(row.id) ?? [],
        keywords.get(row.id) ?? [],
        files.get(row.id) ?? [],
      ),
    );
  }

  /** One row as the contract's Photo. */
  toPhoto(
    row: PhotoRow,
    derivativeRows: DerivativeRow[],
    keywords: string[],
    fileRows: PhotoFileRow[] = [],
  ): Photo {
    // A size not made yet (thumbnails first: row.derivatives_pending) has no file, but the
    // size it will have, which listings show the photo at (its summary's `large`).
    const missing = (size: DerivativeSize) => ({
      path: '',
      ...(row.derivatives_pending === null
        ? { width: 0, height: 0 }
        : fitLongEdge(row.width, row.height, DERIVATIVE_SIZES[size].longEdge)),
      bytes: 0,
    });
    const derivatives = Object.fromEntries(
      DERIVATIVE_SIZE_NAMES.map((size) => [size, missing(size)]),
    ) as Photo['derivatives'];
    for (const d of derivativeRows) {
      derivatives[d.size] = {
        path: this.absolute(d.stored_path),
        width: d.width,
        height: d.height,
        bytes: d.bytes,
      };
    }
    const location = this.locate(row.stored_path);
    return {
      id: row.id,
      originalName: row.original_name,
      path: location?.path ?? this.absolute(row.stored_path),
      hash: row.hash,
      bytes: row.bytes,
      width: row.width,
      height: row.height,
      format: row.format,
      kind: row.kind,
      files: [
        {
          role: 'original',
          path: location?.path ?? this.absolute(row.stored_path),
          bytes: row.bytes,
        },
        ...fileRows.map((file) => ({
          role: file.role,
          path: this.absolute(file.stored_path),
          bytes: file.bytes,
        })),
      ],
      source: sourceOf(row.stored_path),
      status: location?.status ?? (isReferenced(row.stored_path) ? 'missing' : 'ok'),
      durationSeconds: row.duration_seconds,
      takenAt: row.taken_at,
      cameraMake: row.camera_make,
      cameraModel: row.camera_model,
      lens: row.lens,
      gps:
        row.gps_lat != null && row.gps_lon != null ? { lat: row.gps_lat, lon: row.gps_lon } : null,
      importedAt: row.imported_at,
      trashedAt: row.trashed_at,
      ...descriptionOf(row, keywords),
      takenAtOriginal: row.taken_at_original,
      rotation: row.rotation,
      derivatives,
    };
  }

  /** One photo with its exposure and albums. */
  toDetails(row: PhotoRow): PhotoDetails {
    const [photo] = this.toPhotos([row]);
    return {
      ...photo!,
      exposure: {
        exposureTime: row.exposure_time,
        fNumber: row.f_number,
        iso: row.iso,
        focalLength: row.focal_length,
      },
      albums: this.albumsOf(row.id),
    };
  }

  /**
   * Where a stored file is on disk: in the library, or (a photo added in place) in its folder
   * now, with that folder, which a transport checks the real path against. Null when the path
   * would leave the library, or names a file of a folder that was removed.
   */
  fileOf(stored: string): { path: string; folder: string | null } | null {
    if (isReferenced(stored)) {
      const location = this.referenced.locate(stored);
      return location && { path: location.path, folder: location.folder };
    }
    const absolute = fromStoredPath(this.layout, stored);
    return absolute === null ? null : { path: absolute, folder: null };
  }

  /** Where a file of a folder added in place is now, and whether it is there; null otherwise. */
  locate(stored: string): ReferencedLocation | null {
    return isReferenced(stored) ? this.referenced.locate(stored) : null;
  }

  private absolute(stored: string): string {
    if (isReferenced(stored)) return this.referenced.locate(stored)?.path ?? '';
    const absolute = fromStoredPath(this.layout, stored);
    if (!absolute)
      throw new ShoeboxError('INTERNAL', `A stored path leaves the library: ${stored}`);
    return absolute;
  }
}
