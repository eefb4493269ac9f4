/**
 * The SQL of a shot's files joining their photo across imports (import/join-shot.ts,
 * import/join-motion.ts): a late JPEG added as a RAW's pair, a late RAW or Live Photo still
 * made the photo's original with the earlier file among its others, and the photos a lone file
 * may be the other half of. The photo keeps its row, so its id, description and albums stay.
 */
import type { MediaFormat } from '../../../common/contract';
import type { LibraryDatabase } from './database';
import type { NewPhotoFile, PhotoFileRepository } from './photo-file-repository';
import { captureColumns, type CaptureFacts, type PhotoRow } from './photo-repository';
import { IN_LIBRARY_SQL } from './referenced-files';

/** Shot joins, behind one small class; PhotoRepository owns one. */
export class PhotoShotRepository {
  private readonly statements;

  constructor(
    private readonly db: LibraryDatabase,
    private readonly files: PhotoFileRepository,
  ) {
    this.statements = {
      exists: db.prepare<[number], { id: number }>('SELECT id FROM photos WHERE id = ?'),
      promote: db.prepare(
        `UPDATE photos SET hash = @hash, original_name = @originalName, stored_path = @storedPath,
           bytes = @bytes, format = @format, sidecar_rev = 0
         WHERE id = @id AND hash = @before`,
      ),
      // Neither partner query finds a photo left in an added folder (IN_LIBRARY_SQL): a copied
      // file joining it would be placed beside a user's file, or make it the pair of a copy;
      // its files stay as they are, and the incoming file is a photo of its own.
      shotPartners: db.prepare<[number, number, string], PhotoRow>(
        `SELECT * FROM photos p
         WHERE p.trashed_at IS NULL AND p.taken_sort BETWEEN ? AND ?
           AND lower(p.original_name) LIKE ? ESCAPE '\\' AND p.taken_at_source = 'exif'
           AND ${IN_LIBRARY_SQL}
           AND NOT EXISTS (SELECT 1 FROM photo_files f WHERE f.photo_id = p.id AND f.role = 'pair')
         ORDER BY p.id`,
      ),
      motionPartners: db.prepare<[number, number, string], PhotoRow>(
        `SELECT * FROM photos p
         WHERE p.trashed_at IS NULL AND p.taken_sort BETWEEN ? AND ? AND p.kind = 'video'
           AND lower(p.original_name) LIKE ? ESCAPE '\\' AND ${IN_LIBRARY_SQL}
           AND NOT EXISTS (SELECT 1 FROM photo_files f
             WHERE f.photo_id = p.id AND f.role IN ('pair', 'motion'))
         ORDER BY p.id`,
      ),
      promoteStill: db.prepare(
        `UPDATE photos SET hash = @hash, original_name = @originalName, stored_path = @storedPath,
           bytes = @bytes, format = @format, kind = 'photo', duration_seconds = NULL,
           browser_playable = 0, width = @width, height = @height, orientation = @orientation,
           derivatives_pending = NULL, sidecar_rev = 0,
           -- The still's moment and camera: a movie's clock can be off by its time zone, and it
           -- names no lens or exposure. A time the user set on the movie's photo stays theirs.
           taken_at = CASE WHEN taken_at_original IS NULL THEN @takenAt ELSE taken_at END,
           taken_sort = CASE WHEN taken_at_original IS NULL THEN @takenSort ELSE taken_sort END,
           taken_at_source = CASE WHEN taken_at_original IS NULL THEN @takenAtSource
             ELSE taken_at_source END,
           camera_make = COALESCE(@cameraMake, camera_make),
           camera_model = COALESCE(@cameraModel, camera_model), lens = COALESCE(@lens, lens),
           gps_lat = CASE WHEN @gpsLat IS NULL THEN gps_lat ELSE @gpsLat END,
           gps_lon = CASE WHEN @gpsLat IS NULL THEN gps_lon ELSE @gpsLon END,
           exposure_time = @exposureTime, f_number = @fNumber, iso = @iso,
           focal_length = @focalLength
         WHERE id = @id AND hash = @before AND rotation = @rotation AND kind = 'video'`,
      ),
      setShownSize: db.prepare<[number, number, number], unknown>(
        'UPDATE photos SET width = ?, height = ? WHERE id = ?',
      ),
    };
  }

  /**
   * Adds files to a photo that has its original already (a JPEG arriving after its RAW), in one
   * transaction with `inTransaction` (the reservations ending); false when the photo is gone.
   */
  addFiles(
    photoId: number,
    files: NewPhotoFile[],
    addedAt: string,
    inTransaction: () => void,
  ): boolean {
    return this.db
      .transaction(() => {
        if (!this.statements.exists.get(photoId)) return false;
        this.files.insert(photoId, files, addedAt);
        inTransaction();
        return true;
      })
      .immediate();
  }

  /**
   * Makes a RAW the original of a photo that had only its JPEG: the JPEG becomes the photo's
   * pair, and the sidecar is written again beside the RAW. False when the photo changed since
   * it was read (another process got there first) or is gone.
   */
  promoteToOriginal(
    before: PhotoRow,
    raw: {
      hash: string;
      originalName: string;
      storedPath: string;
      bytes: number;
      format: MediaFormat;
    },
    addedAt: string,
    inTransaction: () => void,
  ): boolean {
    return this.db
      .transaction(() => {
        const changed = this.statements.promote.run({ ...raw, id: before.id, before: before.hash });
        if (changed.changes !== 1) return false;
        this.keepEarlierOriginal(before, 'pair', addedAt);
        inTransaction();
        return true;
      })
      .immediate();
  }

  /**
   * Makes a still the original of a video photo that is its Live Photo movie: the movie becomes
   * the photo's motion file, the photo a photo (`inTransaction` switches its derivatives to the
   * still's, whose shown size and orientation these are). False when the photo changed since
   * it was read (joined, turned, or gone).
   */
  promoteStillOverMotion(
    before: PhotoRow,
    still: {
      hash: string;
      originalName: string;
      storedPath: string;
      bytes: number;
      format: MediaFormat;
      width: number;
      height: number;
      orientation: number;
    } & CaptureFacts,
    addedAt: string,
    inTransaction: () => void,
  ): boolean {
    return this.db
      .transaction(() => {
        const changed = this.statements.promoteStill.run({
          ...still,
          ...captureColumns(still),
          id: before.id,
          before: before.hash,
          rotation: before.rotation,
        });
        if (changed.changes !== 1) return false;
        this.keepEarlierOriginal(before, 'motion', addedAt);
        inTransaction();
        return true;
      })
      .immediate();
  }

  /**
   * The videos a lone still of another import may be the Live Photo of: the same stem
   * (case-insensitive), capture times within `withinMs` (a range of the timeline's index, not
   * a scan of every photo), no pair or motion file of their own, in the library (not left in
   * an added folder), not in the trash.
   */
  motionPartners(stem: string, takenSort: number, withinMs: number): PhotoRow[] {
    const pattern = `${escapeLike(stem.toLowerCase())}.%`;
    return this.statements.motionPartners.all(takenSort - withinMs, takenSort + withinMs, pattern);
  }

  /**
   * The photo a lone RAW or JPEG of another import is the other half of: the same stem
   * (case-insensitive), capture times within `withinMs`, no pair yet, in the library (not left
   * in an added folder), not in the trash.
   */
  shotPartners(stem: string, takenSort: number, withinMs: number): PhotoRow[] {
    const pattern = `${escapeLike(stem.toLowerCase())}.%`;
    return this.statements.shotPartners.all(takenSort - withinMs, takenSort + withinMs, pattern);
  }

  /** Records the size a photo is shown at, when its derivatives come from another file. */
  setShownSize(photoId: number, width: number, height: number): void {
    this.statements.setShownSize.run(width, height, photoId);
  }

  /** Records a photo's original until now as one of its other files, under `role`. */
  private keepEarlierOriginal(before: PhotoRow, role: 'pair' | 'motion', addedAt: string): void {
    this.files.insert(
      before.id,
      [
        {
          role,
          hash: before.hash,
          originalName: before.original_name,
          storedPath: before.stored_path,
          bytes: before.bytes,
          format: before.format,
        },
      ],
      addedAt,
    );
  }
}

/** A text matched literally by a LIKE … ESCAPE '\\' pattern. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
