import { openLibraryDatabase } from '../../main/core/library/database';
import { libraryLayout } from '../../main/core/library/library-paths';
import { PhotoRepository, type NewPhoto } from '../../main/core/library/photo-repository';

/**
 * A photo record as the import pipeline would write it, without any files: for tests of the
 * database layer and for generating large libraries in benchmarks.
 */
export function fakePhotoRecord(index: number, overrides: Partial<NewPhoto> = {}): NewPhoto {
  const hash = index.toString(16).padStart(64, '0');
  // One photo every 17 minutes from 2020 on: spreads 100k photos over a few years of days.
  const takenSort = Date.UTC(2020, 0, 1) + index * 17 * 60_000;
  const takenAt = new Date(takenSort).toISOString().slice(0, 19);
  return {
    hash,
    originalName: `IMG_${String(index).padStart(5, '0')}.JPG`,
    storedPath: `originals/${takenAt.slice(0, 4)}/${takenAt.slice(5, 7)}/IMG_${index}.jpg`,
    bytes: 6_000_000 + index,
    format: 'jpeg',
    kind: 'photo',
    durationSeconds: null,
    browserPlayable: false,
    width: 6000,
    height: 4000,
    orientation: 1,
    takenAt,
    takenSort,
    takenAtSource: 'exif',
    cameraMake: 'SONY',
    cameraModel: 'ILCE-6000',
    lens: null,
    gps: null,
    exposure: { exposureTime: 1 / 250, fNumber: 5.6, iso: 100, focalLength: 35 },
    importedAt: '2026-01-01T00:00:00.000Z',
    derivatives: (['thumb', 'medium', 'large'] as const).map((size, i) => ({
      size,
      storedPath: `derivatives/${hash.slice(0, 2)}/${hash}-${size}.webp`,
      width: [400, 1280, 2048][i]!,
      height: [267, 853, 1365][i]!,
      bytes: 1000 * (i + 1),
    })),
    ...overrides,
  };
}

/**
 * Records photos straight into the library at `root` (rows only, as an import commits them), on
 * a database connection of its own beside any open core; returns their ids.
 */
export function insertPhotoRecords(root: string, records: NewPhoto[]): number[] {
  const layout = libraryLayout(root);
  const db = openLibraryDatabase(layout.database);
  try {
    const photos = new PhotoRepository(db, layout);
    return records.map((record) => photos.insert(record));
  } finally {
    db.close();
  }
}

/** Runs one SQL statement on the library at `root`, on a connection of its own. */
export function runLibrarySql(root: string, sql: string, ...parameters: unknown[]): void {
  const db = openLibraryDatabase(libraryLayout(root).database);
  try {
    db.prepare(sql).run(...parameters);
  } finally {
    db.close();
  }
}
