import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { AlbumRepository } from '../../../../main/core/library/album-repository';
import { openLibraryDatabase, type LibraryDatabase } from '../../../../main/core/library/database';
import { libraryLayout } from '../../../../main/core/library/library-paths';
import { PhotoRepository, type PhotoListing } from '../../../../main/core/library/photo-repository';
import { fakePhotoRecord } from '../../../helpers/photo-records';
import { makeTempDir } from '../../../helpers/temp-dir';

describe('PhotoRepository', () => {
  let db: LibraryDatabase;
  let photos: PhotoRepository;
  let root: string;

  beforeEach(async () => {
    root = await makeTempDir();
    db = openLibraryDatabase(path.join(root, 'library.db'));
    photos = new PhotoRepository(db, libraryLayout(root));
    return () => db.close();
  });

  function collect(listing: PhotoListing, limit: number): number[] {
    const ids: number[] = [];
    let cursor: string | null = null;
    do {
      const page = photos.page(listing, cursor, limit);
      ids.push(...page.rows.map((row) => row.id));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  }

  it('pages the timeline by capture time with keyset cursors, both ways, ties by id', () => {
    // Inserted out of capture order, with two photos taken in the same millisecond.
    const order = [5, 1, 4, 2, 3];
    const ids = order.map((i) => photos.insert(fakePhotoRecord(i)));
    const tie = photos.insert(fakePhotoRecord(99, { takenSort: fakePhotoRecord(2).takenSort }));
    const byCapture = [ids[1], ids[3], tie, ids[4], ids[2], ids[0]];
    expect(collect({ kind: 'timeline', order: 'asc' }, 2)).toEqual(byCapture);
    expect(collect({ kind: 'timeline', order: 'desc' }, 4)).toEqual([...byCapture].reverse());
  });

  it('leaves trashed photos out of the timeline and albums, and lists them in the trash', () => {
    const ids = [1, 2, 3].map((i) => photos.insert(fakePhotoRecord(i)));
    const albums = new AlbumRepository(db);
    const album = albums.create('A', '2026-01-01T00:00:00Z');
    albums.addPhotos(album.id, ids, '2026-01-01T00:00:00Z');
    expect(photos.setTrashed([ids[1]!], '2026-02-01T00:00:00Z')).toBe(1);
    expect(collect({ kind: 'timeline', order: 'asc' }, 10)).toEqual([ids[0], ids[2]]);
    expect(collect({ kind: 'album', albumId: album.id, order: 'asc' }, 10)).toEqual([
      ids[0],
      ids[2],
    ]);
    expect(collect({ kind: 'trash', order: 'desc' }, 10)).toEqual([ids[1]]);
    expect(albums.get(album.id).photoCount).toBe(2);
    photos.setTrashed([ids[1]!], null);
    expect(photos.count({ kind: 'timeline', order: 'asc' })).toBe(3);
  });

  it('maps rows to photos with absolute paths and every derivative', () => {
    const id = photos.insert(fakePhotoRecord(7, { gps: { lat: 48.85, lon: 2.35 } }));
    const [photo] = photos.toPhotos([photos.findById(id)!]);
    expect(photo!.path).toBe(path.join(root, 'originals', '2020', '01', 'IMG_7.jpg'));
    expect(photo!.gps).toEqual({ lat: 48.85, lon: 2.35 });
    expect(Object.keys(photo!.derivatives)).toEqual(['thumb', 'medium', 'large']);
    expect(photo!.derivatives.thumb.width).toBe(400);
  });

  it('counts photos per capture day in the camera’s local day', () => {
    photos.insert(
      fakePhotoRecord(1, {
        takenAt: '2024-05-01T23:30:00',
        takenSort: Date.UTC(2024, 4, 1, 23, 30),
      }),
    );
    photos.insert(
      fakePhotoRecord(2, { takenAt: '2024-05-01T08:00:00', takenSort: Date.UTC(2024, 4, 1, 8) }),
    );
    photos.insert(
      fakePhotoRecord(3, {
        takenAt: '2024-05-02T00:10:00+02:00',
        takenSort: Date.UTC(2024, 4, 2, 0, 10),
      }),
    );
    expect(photos.timelineDays('asc')).toEqual([
      { day: '2024-05-01', count: 2 },
      { day: '2024-05-02', count: 1 },
    ]);
  });

  it('rejects a cursor it did not make', () => {
    expect(() => photos.page({ kind: 'timeline', order: 'asc' }, 'garbage', 10)).toThrow(/cursor/);
  });
});
