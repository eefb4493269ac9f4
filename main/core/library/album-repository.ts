import { albumNameKey } from '../../../common/album-name-key';
import type { Album } from '../../../common/contract';
import { ShoeboxError } from '../../../common/errors';
import type { LibraryDatabase } from './database';

interface AlbumRow {
  id: number;
  name: string;
  created_at: string;
  photo_count: number;
  cover_photo_id: number | null;
  query: string | null;
}

/** Albums and album membership, as SQL in one place. */
export class AlbumRepository {
  private readonly statements;

  constructor(private readonly db: LibraryDatabase) {
    const albumSelect = `SELECT a.id, a.name, a.created_at, a.query,
        (SELECT count(*) FROM album_photos ap JOIN photos p ON p.id = ap.photo_id
          WHERE ap.album_id = a.id AND p.trashed_at IS NULL) AS photo_count,
        (SELECT ap.photo_id FROM album_photos ap JOIN photos p ON p.id = ap.photo_id
          WHERE ap.album_id = a.id AND p.trashed_at IS NULL
          ORDER BY ap.position, ap.photo_id LIMIT 1) AS cover_photo_id
      FROM albums a`;
    this.statements = {
      list: db.prepare<[], AlbumRow>(`${albumSelect} ORDER BY a.position, a.id`),
      byId: db.prepare<[number], AlbumRow>(`${albumSelect} WHERE a.id = ?`),
      byKey: db.prepare<[string], { id: number }>('SELECT id FROM albums WHERE name_key = ?'),
      insert: db.prepare<[string, string, string, string | null], unknown>(
        `INSERT INTO albums (name, name_key, position, created_at, query)
         VALUES (?, ?, (SELECT coalesce(max(position), 0) + 1 FROM albums), ?, ?)`,
      ),
      setQuery: db.prepare<[string, number], unknown>('UPDATE albums SET query = ? WHERE id = ?'),
      rename: db.prepare<[string, string, number], unknown>(
        'UPDATE albums SET name = ?, name_key = ? WHERE id = ?',
      ),
      remove: db.prepare<[number], unknown>('DELETE FROM albums WHERE id = ?'),
      setPosition: db.prepare<[number, number], unknown>(
        'UPDATE albums SET position = ? WHERE id = ?',
      ),
      allIds: db.prepare<[], { id: number }>('SELECT id FROM albums'),
      addPhoto: db.prepare<[number, number, string, number], unknown>(
        `INSERT INTO album_photos (album_id, photo_id, position, added_at)
         SELECT ?, p.id, ?, ? FROM photos p WHERE p.id = ?
         ON CONFLICT (album_id, photo_id) DO NOTHING`,
      ),
      maxPosition: db.prepare<[number], { max: number | null }>(
        'SELECT max(position) AS max FROM album_photos WHERE album_id = ?',
      ),
      removePhotos: db.prepare<[number, string], unknown>(
        `DELETE FROM album_photos WHERE album_id = ?
         AND photo_id IN (SELECT value FROM json_each(?))`,
      ),
      orderedPhotoIds: db.prepare<[number], { photo_id: number }>(
        'SELECT photo_id FROM album_photos WHERE album_id = ? ORDER BY position, photo_id',
      ),
      setPhotoPosition: db.prepare<[number, number, number], unknown>(
        'UPDATE album_photos SET position = ? WHERE album_id = ? AND photo_id = ?',
      ),
    };
  }

  /** Every album in the user's order, with counts (trashed photos not counted) and covers. */
  list(): Album[] {
    return this.statements.list.all().map(toAlbum);
  }

  /** One album; NOT_FOUND when it does not exist. */
  get(albumId: number): Album {
    const row = this.statements.byId.get(albumId);
    if (!row) throw new ShoeboxError('NOT_FOUND', `There is no album with id ${albumId}.`);
    return toAlbum(row);
  }

  /** The album with this name (any case), if any. */
  findByName(name: string): Album | undefined {
    const row = this.statements.byKey.get(albumNameKey(name));
    return row ? this.get(row.id) : undefined;
  }

  /** The album with this name; NOT_FOUND otherwise. */
  getByName(name: string): Album {
    const album = this.findByName(name);
    if (!album) throw new ShoeboxError('NOT_FOUND', `There is no album named "${name}".`);
    return album;
  }

  /**
   * Creates an album at the end of the list (a smart one with `query`); CONFLICT if the name
   * is taken (any case).
   */
  create(name: string, now: string, query: string | null = null): Album {
    this.assertNameFree(name);
    const result = this.statements.insert.run(name, albumNameKey(name), now, query);
    return this.get(Number(result.lastInsertRowid));
  }

  /** Changes a smart album's search; CONFLICT for a manual album. */
  setQuery(albumId: number, query: string): Album {
    const album = this.get(albumId);
    if (album.query === null) {
      throw new ShoeboxError('CONFLICT', `“${album.name}” is not a smart album: it has no search.`);
    }
    this.statements.setQuery.run(query, albumId);
    return this.get(albumId);
  }

  /** CONFLICT for a smart album: its photos are those its search finds, not chosen ones. */
  assertManual(albumId: number): void {
    const album = this.get(albumId);
    if (album.query !== null) {
      throw new ShoeboxError(
        'CONFLICT',
        `“${album.name}” is a smart album: its photos are those its search finds (${album.query}).`,
      );
    }
  }

  /** Renames an album; CONFLICT if another album has the name. */
  rename(albumId: number, name: string): Album {
    this.get(albumId);
    this.assertNameFree(name, albumId);
    this.statements.rename.run(name, albumNameKey(name), albumId);
    return this.get(albumId);
  }

  /** Deletes an album; its photos stay in the library. */
  delete(albumId: number): void {
    this.get(albumId);
    this.statements.remove.run(albumId);
  }

  /** Puts the albums in the given order; every album id must appear exactly once. */
  reorder(albumIds: number[]): void {
    const existing = new Set(this.statements.allIds.all().map((row) => row.id));
    const given = new Set(albumIds);
    if (
      given.size !== albumIds.length ||
      given.size !== existing.size ||
      albumIds.some((id) => !existing.has(id))
    ) {
      throw new ShoeboxError('INVALID_INPUT', 'Reordering needs every album id exactly once.');
    }
    this.db.transaction(() => {
      albumIds.forEach((id, index) => this.statements.setPosition.run(index + 1, id));
    })();
  }

  /** Appends photos to an album (those already in it stay put); returns the ids it added. */
  addPhotos(albumId: number, photoIds: number[], now: string): number[] {
    this.get(albumId);
    return this.db
      .transaction(() => {
        let position = this.statements.maxPosition.get(albumId)?.max ?? 0;
        const added: number[] = [];
        for (const photoId of photoIds) {
          const changes = this.statements.addPhoto.run(albumId, position + 1, now, photoId).changes;
          if (changes > 0) {
            position += 1;
            added.push(photoId);
          }
        }
        return added;
      })
      .immediate();
  }

  /** Removes photos from an album; returns how many were in it. */
  removePhotos(albumId: number, photoIds: number[]): number {
    this.get(albumId);
    return this.statements.removePhotos.run(albumId, JSON.stringify(photoIds)).changes;
  }

  /** Moves photos (in the given order) to just before `beforePhotoId`, or to the end. */
  movePhotos(albumId: number, photoIds: number[], beforePhotoId: number | null): number {
    this.get(albumId);
    return this.db
      .transaction(() => {
        const order = this.statements.orderedPhotoIds.all(albumId).map((row) => row.photo_id);
        const inAlbum = new Set(order);
        const moving = photoIds.filter(
          (id, index) => inAlbum.has(id) && photoIds.indexOf(id) === index,
        );
        if (beforePhotoId !== null && !inAlbum.has(beforePhotoId)) {
          throw new ShoeboxError('NOT_FOUND', `Photo ${beforePhotoId} is not in this album.`);
        }
        const movingSet = new Set(moving);
        const rest = order.filter((id) => !movingSet.has(id));
        const at =
          beforePhotoId === null || movingSet.has(beforePhotoId)
            ? rest.length
            : rest.indexOf(beforePhotoId);
        const next = [...rest.slice(0, at), ...moving, ...rest.slice(at)];
        next.forEach((photoId, index) =>
          this.statements.setPhotoPosition.run(index + 1, albumId, photoId),
        );
        return moving.length;
      })
      .immediate();
  }

  private assertNameFree(name: string, exceptAlbumId?: number): void {
    const row = this.statements.byKey.get(albumNameKey(name));
    if (row && row.id !== exceptAlbumId) {
      throw new ShoeboxError('CONFLICT', `An album named "${name}" already exists.`);
    }
  }
}

function toAlbum(row: AlbumRow): Album {
  return {
    id: row.id,
    name: row.name,
    photoCount: row.photo_count,
    coverPhotoId: row.cover_photo_id,
    createdAt: row.created_at,
    query: row.query,
  };
}
