import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { AlbumRepository } from '../../../../main/core/library/album-repository';
import { openLibraryDatabase, type LibraryDatabase } from '../../../../main/core/library/database';
import { libraryLayout } from '../../../../main/core/library/library-paths';
import { PhotoRepository } from '../../../../main/core/library/photo-repository';
import { fakePhotoRecord } from '../../../helpers/photo-records';
import { makeTempDir } from '../../../helpers/temp-dir';

const NOW = '2026-11-24T12:00:00.000Z';

describe('AlbumRepository', () => {
  let db: LibraryDatabase;
  let albums: AlbumRepository;
  let photoIds: number[];

  beforeEach(async () => {
    const root = await makeTempDir();
    db = openLibraryDatabase(path.join(root, 'library.db'));
    albums = new AlbumRepository(db);
    const photos = new PhotoRepository(db, libraryLayout(root));
    photoIds = [1, 2, 3, 4].map((i) => photos.insert(fakePhotoRecord(i)));
    return () => db.close();
  });

  it('keeps names unique regardless of case, in any script', () => {
    albums.create('Été 2024', NOW);
    expect(() => albums.create('ÉTÉ 2024', NOW)).toThrow(/already exists/);
    expect(albums.findByName('été 2024')?.name).toBe('Été 2024');
  });

  it('renames, refusing a name another album has', () => {
    const first = albums.create('Holidays', NOW);
    albums.create('Family', NOW);
    expect(() => albums.rename(first.id, 'family')).toThrow(/already exists/);
    expect(albums.rename(first.id, 'HOLIDAYS').name).toBe('HOLIDAYS');
  });

  it('appends photos once, counts them and uses the first as cover', () => {
    const album = albums.create('Trip', NOW);
    expect(albums.addPhotos(album.id, [photoIds[2]!, photoIds[0]!], NOW)).toEqual([
      photoIds[2],
      photoIds[0],
    ]);
    expect(albums.addPhotos(album.id, [photoIds[0]!, photoIds[1]!], NOW)).toEqual([photoIds[1]]);
    const listed = albums.get(album.id);
    expect(listed.photoCount).toBe(3);
    expect(listed.coverPhotoId).toBe(photoIds[2]);
  });

  it('moves photos before another one, and to the end', () => {
    const album = albums.create('Order', NOW);
    albums.addPhotos(album.id, photoIds, NOW);
    const order = (): number[] =>
      db
        .prepare('SELECT photo_id FROM album_photos WHERE album_id = ? ORDER BY position')
        .pluck()
        .all(album.id) as number[];
    albums.movePhotos(album.id, [photoIds[3]!], photoIds[0]!);
    expect(order()).toEqual([photoIds[3], photoIds[0], photoIds[1], photoIds[2]]);
    albums.movePhotos(album.id, [photoIds[3]!, photoIds[0]!], null);
    expect(order()).toEqual([photoIds[1], photoIds[2], photoIds[3], photoIds[0]]);
  });

  it('deletes an album but keeps its photos', () => {
    const album = albums.create('Gone', NOW);
    albums.addPhotos(album.id, photoIds, NOW);
    albums.delete(album.id);
    expect(albums.list()).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM photos').pluck().get()).toBe(4);
  });

  it('reorders albums and rejects an incomplete order', () => {
    const a = albums.create('A', NOW);
    const b = albums.create('B', NOW);
    const c = albums.create('C', NOW);
    albums.reorder([c.id, a.id, b.id]);
    expect(albums.list().map((album) => album.name)).toEqual(['C', 'A', 'B']);
    expect(() => albums.reorder([a.id, b.id])).toThrow(/every album id/);
  });
});
