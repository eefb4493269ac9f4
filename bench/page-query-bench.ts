import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { LibraryDatabase } from '../main/core/library/database';
import { openLibraryDatabase } from '../main/core/library/database';
import { libraryLayout } from '../main/core/library/library-paths';
import { PhotoRepository } from '../main/core/library/photo-repository';
import { fakePhotoRecord } from '../test/helpers/photo-records';
import { percentile } from './stats';

/** Timings of the listing query, in milliseconds. */
export interface PageQueryResult {
  photos: number;
  keysetMedianMs: number;
  keysetP95Ms: number;
  offsetMedianMs: number;
  offsetP95Ms: number;
}

const LIBRARY_SIZE = 100_000;
const PAGE = 200;
// Enough samples for a stable median and p95 on a noisy two-core machine.
const SAMPLES = 200;

/**
 * A page of 200 photos (photos + derivatives, as the UI gets them) from a 100k-photo library at
 * random depths: our keyset cursor against the naive LIMIT/OFFSET query, in the same run.
 */
export async function runPageQueryBench(cacheDir: string): Promise<PageQueryResult> {
  const root = path.join(cacheDir, 'library-100k');
  await mkdir(root, { recursive: true });
  const layout = libraryLayout(root);
  const fresh = !(await stat(layout.database).catch(() => null));
  const db = openLibraryDatabase(layout.database);
  const photos = new PhotoRepository(db, layout);
  if (fresh) fill(db, photos);

  const cursors: (string | null)[] = [null];
  for (let cursor: string | null = null; ;) {
    const page = photos.page({ kind: 'timeline', order: 'desc' }, cursor, PAGE);
    if (!page.nextCursor) break;
    cursors.push(page.nextCursor);
    cursor = page.nextCursor;
  }
  const offsetQuery = db.prepare(
    'SELECT * FROM photos WHERE trashed_at IS NULL ORDER BY taken_sort DESC, id DESC LIMIT ? OFFSET ?',
  );
  const keyset: number[] = [];
  const offset: number[] = [];
  for (let sample = 0; sample < SAMPLES; sample += 1) {
    const pageIndex = Math.floor((sample * 7919) % cursors.length);
    let started = performance.now();
    const page = photos.page({ kind: 'timeline', order: 'desc' }, cursors[pageIndex]!, PAGE);
    photos.toPhotos(page.rows);
    keyset.push(performance.now() - started);
    started = performance.now();
    photos.toPhotos(offsetQuery.all(PAGE, pageIndex * PAGE) as never);
    offset.push(performance.now() - started);
  }
  db.close();
  return {
    photos: LIBRARY_SIZE,
    keysetMedianMs: percentile(keyset, 0.5),
    keysetP95Ms: percentile(keyset, 0.95),
    offsetMedianMs: percentile(offset, 0.5),
    offsetP95Ms: percentile(offset, 0.95),
  };
}

function fill(db: LibraryDatabase, photos: PhotoRepository): void {
  db.transaction(() => {
    for (let index = 1; index <= LIBRARY_SIZE; index += 1) photos.insert(fakePhotoRecord(index));
  })();
}
