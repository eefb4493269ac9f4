import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keywordKey } from '../../../../common/description';
import { parseQuery } from '../../../../common/search/parse-query';
import { openLibraryDatabase, type LibraryDatabase } from '../../../../main/core/library/database';
import { compileQuery } from '../../../../main/core/search/compile-query';
import { FACETS_MIGRATION } from '../../../../main/core/search/facets-schema';
import { SearchRepository } from '../../../../main/core/search/search-repository';
import { makeTempDir } from '../../../helpers/temp-dir';

/** A photo row's described fields; the rest is filled in by `addPhoto`. */
interface Shot {
  name: string;
  taken: string;
  rating?: number;
  flag?: 'pick' | 'reject';
  label?: string;
  format?: string;
  camera?: string;
  lens?: string;
  title?: string;
  keywords?: string[];
}

const open: LibraryDatabase[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

async function library(): Promise<{ db: LibraryDatabase; search: SearchRepository }> {
  const db = openLibraryDatabase(path.join(await makeTempDir(), 'library.db'));
  open.push(db);
  return { db, search: new SearchRepository(db) };
}

let next = 0;
/** Records a photo as an import does (its row, then its keywords), answering its id. */
function addPhoto(db: LibraryDatabase, shot: Shot): number {
  next += 1;
  const id = Number(
    db
      .prepare(
        `INSERT INTO photos (hash, original_name, stored_path, bytes, format, width, height,
           taken_at, taken_sort, taken_at_source, camera_model, lens, imported_at, rating, flag,
           label, title)
         VALUES (?, ?, ?, 1000, ?, 60, 40, ?, ?, 'exif', ?, ?, '2026-01-01T00:00:00Z', ?, ?, ?, ?)`,
      )
      .run(
        `hash-${next}`,
        shot.name,
        `originals/${next}-${shot.name}`,
        shot.format ?? 'jpeg',
        shot.taken,
        Date.parse(`${shot.taken}Z`),
        shot.camera ?? null,
        shot.lens ?? null,
        shot.rating ?? 0,
        shot.flag ?? null,
        shot.label ?? null,
        shot.title ?? null,
      ).lastInsertRowid,
  );
  for (const keyword of shot.keywords ?? []) addKeyword(db, id, keyword);
  return id;
}

function addKeyword(db: LibraryDatabase, photoId: number, keyword: string): void {
  db.prepare('INSERT INTO photo_keywords (photo_id, keyword_key, path) VALUES (?, ?, ?)').run(
    photoId,
    keywordKey(keyword),
    keyword,
  );
}

const compile = (query: string) => compileQuery(parseQuery(query), { find: () => undefined });
// Every photo, written so that it is a test of each photo's row: the facets of this search are
// counted from the photos themselves, never from the counts the triggers keep.
const EVERY_PHOTO_READ = 'flag:none OR -flag:none';

/** The facet counts of the whole library, checked against those counted from every row. */
function libraryFacets(search: SearchRepository) {
  const kept = search.facets(compile(''));
  expect(compile('').sql).toBe('1');
  expect(kept).toEqual(search.facets(compile(EVERY_PHOTO_READ)));
  return kept;
}

describe('facet counts of the whole library', () => {
  it('stay those of the photos outside the trash through every change', async () => {
    const { db, search } = await library();
    const shots: Shot[] = [
      {
        name: 'a.jpg',
        taken: '2021-05-01T10:00:00',
        rating: 4,
        camera: 'X-T4',
        lens: 'XF35mmF1.4 R',
        keywords: ['Places/France/Paris', 'People/Anna'],
      },
      {
        name: 'b.jpg',
        taken: '2021-06-01T10:00:00',
        rating: 4,
        camera: 'X-T4',
        flag: 'pick',
        keywords: ['people/anna'],
      },
      {
        name: 'c.heic',
        taken: '2022-01-01T10:00:00',
        format: 'heic',
        camera: ' iPhone 12 Pro ',
        label: 'red',
        keywords: ['Places/France/Lyon'],
      },
      { name: 'd.jpg', taken: '2023-03-03T10:00:00', flag: 'reject', keywords: ['places/france'] },
    ];
    const ids = shots.map((shot) => addPhoto(db, shot));
    const first = libraryFacets(search);
    expect(first.rating).toEqual([
      { value: 0, count: 2 },
      { value: 4, count: 2 },
    ]);
    expect(first.camera).toEqual([
      { value: 'X-T4', count: 2 },
      { value: 'iPhone 12 Pro', count: 1 },
    ]);
    expect(first.year).toEqual([
      { value: '2023', count: 1 },
      { value: '2022', count: 1 },
      { value: '2021', count: 2 },
    ]);
    // Two spellings of one key are one keyword, shown as the first spelling; a keyword is not
    // counted for the keywords below it.
    expect(first.keyword).toEqual([
      { value: 'People/Anna', count: 2 },
      { value: 'places/france', count: 1 },
      { value: 'Places/France/Lyon', count: 1 },
      { value: 'Places/France/Paris', count: 1 },
    ]);

    const update = (sql: string, ...values: unknown[]) => db.prepare(sql).run(...values);
    update(
      'UPDATE photos SET rating = 5, lens = ?, taken_at = ? WHERE id = ?',
      'EF',
      '2020-01-01T00:00:00',
      ids[1],
    );
    expect(libraryFacets(search).rating).toEqual([
      { value: 0, count: 2 },
      { value: 4, count: 1 },
      { value: 5, count: 1 },
    ]);
    update("UPDATE photos SET trashed_at = '2026-02-01T00:00:00Z' WHERE id = ?", ids[0]);
    const trashed = libraryFacets(search);
    expect(trashed.keyword.map((count) => count.value)).toEqual([
      'people/anna',
      'places/france',
      'Places/France/Lyon',
    ]);
    expect(trashed.rating).toEqual([
      { value: 0, count: 2 },
      { value: 5, count: 1 },
    ]);
    // A trashed photo's changes count for nothing until it is restored.
    update('UPDATE photos SET rating = 1 WHERE id = ?', ids[0]);
    addKeyword(db, ids[0]!, 'Events/Wedding');
    expect(libraryFacets(search)).toEqual({ ...trashed });
    update('UPDATE photos SET trashed_at = NULL WHERE id = ?', ids[0]);
    const restored = libraryFacets(search);
    expect(restored.rating).toContainEqual({ value: 1, count: 1 });
    expect(restored.keyword).toContainEqual({ value: 'Events/Wedding', count: 1 });
    expect(restored.keyword).toContainEqual({ value: 'People/Anna', count: 2 });

    // Keywords respelled, removed, and deleted with their photo (the cascade).
    update("UPDATE photo_keywords SET path = 'Places/France/LYON' WHERE photo_id = ?", ids[2]);
    update(
      'DELETE FROM photo_keywords WHERE photo_id = ? AND keyword_key = ?',
      ids[0],
      'people/anna',
    );
    expect(libraryFacets(search).keyword.map((count) => count.value)).toEqual([
      'Events/Wedding',
      'people/anna',
      'places/france',
      'Places/France/LYON',
      'Places/France/Paris',
    ]);
    update('DELETE FROM photos WHERE id = ?', ids[0]);
    update("UPDATE photos SET trashed_at = '2026-02-01T00:00:00Z' WHERE id = ?", ids[3]);
    update('DELETE FROM photos WHERE id = ?', ids[3]);
    const left = libraryFacets(search);
    expect(left.keyword).toEqual([
      { value: 'people/anna', count: 1 },
      { value: 'Places/France/LYON', count: 1 },
    ]);
    expect(left.flag).toEqual([
      { value: 'none', count: 1 },
      { value: 'pick', count: 1 },
    ]);
    expect(left.type).toEqual([
      { value: 'heic', count: 1 },
      { value: 'jpeg', count: 1 },
    ]);
  });

  it('are counted when a library made before them is upgraded', async () => {
    const dir = await makeTempDir();
    const file = path.join(dir, 'library.db');
    const db = openLibraryDatabase(file);
    addPhoto(db, { name: 'a.jpg', taken: '2021-05-01T10:00:00', rating: 3, keywords: ['Pets'] });
    addPhoto(db, { name: 'b.jpg', taken: '2021-05-02T10:00:00', rating: 3, keywords: ['Pets'] });
    // As it was before the migration: no counts table, no triggers. Its SQL is then run as the
    // upgrade runs it (later migrations stay applied: only this one is taken back).
    const triggers = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%\\_facets' ESCAPE '\\'",
      )
      .all();
    for (const { name } of triggers) db.exec(`DROP TRIGGER ${name}`);
    db.exec('DROP TABLE search_facet_counts; DROP INDEX photos_facet_values');
    addPhoto(db, { name: 'c.jpg', taken: '2022-05-02T10:00:00', rating: 5 });
    db.exec(FACETS_MIGRATION);
    db.close();

    const upgraded = openLibraryDatabase(file);
    open.push(upgraded);
    const facets = libraryFacets(new SearchRepository(upgraded));
    expect(facets.rating).toEqual([
      { value: 3, count: 2 },
      { value: 5, count: 1 },
    ]);
    expect(facets.keyword).toEqual([{ value: 'Pets', count: 2 }]);
  });
});

describe('search counts', () => {
  /** A library of `count` photos over a few years; every third in Paris, every fifth rated. */
  function fill(db: LibraryDatabase, count: number): number[] {
    return db.transaction(() =>
      Array.from({ length: count }, (_, index) =>
        addPhoto(db, {
          name: `IMG_${index}.JPG`,
          taken: new Date(Date.UTC(2019, 0, 1) + index * 7_200_000).toISOString().slice(0, 19),
          rating: index % 5 === 0 ? 4 : 0,
          keywords: index % 3 === 0 ? ['Places/France/Paris'] : [],
          title: index % 7 === 0 ? 'Paris by night' : undefined,
        }),
      ),
    )();
  }

  /** A first page as the UI asks for it: its photos' names and its total. */
  function firstPage(search: SearchRepository, query: string, limit: number) {
    const compiled = compile(query);
    const page = search.page(compiled, 'taken', 'desc', null, limit);
    return { names: page.rows.map((row) => row.original_name), total: search.count(compiled) };
  }

  it('give a first page and total alike whether the count was known or not', async () => {
    const { db, search } = await library();
    const ids = fill(db, 3000);
    db.prepare("UPDATE photos SET trashed_at = '2026-01-01T00:00:00Z' WHERE id IN (?, ?)").run(
      ids[0],
      ids[2999],
    );
    const forget = () => db.prepare('UPDATE library_changes SET counter = counter + 1').run();
    // Few matches (one pass counts and sorts them), many (counted, then read in order), text
    // (its FTS ids counted), and a mix.
    for (const query of ['rating>=4 keyword:Places', 'keyword:Places', 'paris', 'paris rating:4']) {
      forget();
      const fresh = firstPage(search, query, 100);
      const known = firstPage(search, query, 100);
      expect([query, fresh]).toEqual([query, known]);
      const counted = db
        .prepare(
          `SELECT count(*) AS n FROM photos p WHERE p.trashed_at IS NULL AND ${compile(query).sql}`,
        )
        .get(...compile(query).params) as { n: number };
      expect([query, fresh.total]).toEqual([query, counted.n]);
      expect(fresh.names).toHaveLength(Math.min(100, counted.n));
    }
    // The trashed photos are never counted, by either way of counting.
    expect(firstPage(search, 'paris', 10).total).toBe(
      (
        db
          .prepare(
            'SELECT count(*) AS n FROM photos WHERE trashed_at IS NULL AND (title IS NOT NULL OR id IN (SELECT photo_id FROM photo_keywords))',
          )
          .get() as { n: number }
      ).n,
    );
  });

  it('follow inserts, trash and deletes, also when counted from the day buckets', async () => {
    const { db, search } = await library();
    fill(db, 300);
    const query = compile('rating>=4');
    const days = search.days(query, 'desc');
    const before = days.reduce((sum, day) => sum + day.count, 0);
    expect(before).toBe(60);
    expect(search.count(query)).toBe(before);
    const added = addPhoto(db, { name: 'new.jpg', taken: '2024-01-01T10:00:00', rating: 5 });
    expect(search.count(query)).toBe(before + 1);
    db.prepare("UPDATE photos SET trashed_at = '2026-01-01T00:00:00Z' WHERE id = ?").run(added);
    expect(search.days(query, 'asc').reduce((sum, day) => sum + day.count, 0)).toBe(before);
    expect(search.count(query)).toBe(before);
    db.prepare(
      'DELETE FROM photos WHERE rating = 4 AND id IN (SELECT id FROM photos LIMIT 10)',
    ).run();
    expect(search.count(query)).toBe(before - 2);
  });
});

describe('type: of camera RAWs and videos', () => {
  it('finds every RAW format with type:raw and videos by their kind with type:video', async () => {
    const { db, search } = await library();
    addPhoto(db, { name: 'DSC_0001.NEF', taken: '2024-05-01T10:00:00', format: 'nef' });
    addPhoto(db, { name: 'IMG_0002.CR3', taken: '2024-05-01T10:01:00', format: 'cr3' });
    addPhoto(db, { name: 'IMG_0003.JPG', taken: '2024-05-01T10:02:00' });
    const clip = addPhoto(db, {
      name: 'MVI_0004.MP4',
      taken: '2024-05-01T10:03:00',
      format: 'mp4',
    });
    db.prepare("UPDATE photos SET kind = 'video' WHERE id = ?").run(clip);
    const names = (query: string) =>
      search.page(compile(query), 'taken', 'asc', null, 10).rows.map((row) => row.original_name);

    expect(names('type:raw')).toEqual(['DSC_0001.NEF', 'IMG_0002.CR3']);
    expect(names('type:video')).toEqual(['MVI_0004.MP4']);
    expect(names('-type:raw -type:video')).toEqual(['IMG_0003.JPG']);
    expect(search.count(compile('type:raw | type:video'))).toBe(3);
  });
});
