import { afterEach, describe, expect, it } from 'vitest';
import { keywordKey } from '../../../../common/description';
import { parseQuery } from '../../../../common/search/parse-query';
import { openLibraryDatabase, type LibraryDatabase } from '../../../../main/core/library/database';
import { DescriptionRepository } from '../../../../main/core/library/description-repository';
import { libraryLayout } from '../../../../main/core/library/library-paths';
import { PhotoRepository } from '../../../../main/core/library/photo-repository';
import { compileQuery } from '../../../../main/core/search/compile-query';
import { KEYWORD_ROOTS_MIGRATION } from '../../../../main/core/search/keyword-roots-schema';
import { SearchRepository } from '../../../../main/core/search/search-repository';
import { fakePhotoRecord } from '../../../helpers/photo-records';
import { makeTempDir } from '../../../helpers/temp-dir';

interface Library {
  db: LibraryDatabase;
  photos: PhotoRepository;
  descriptions: DescriptionRepository;
}

const open: LibraryDatabase[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** Opens (or reopens) the library at `root`. */
function openLibrary(root: string): Library {
  const layout = libraryLayout(root);
  const db = openLibraryDatabase(layout.database);
  open.push(db);
  const photos = new PhotoRepository(db, layout);
  return { db, photos, descriptions: new DescriptionRepository(db, photos) };
}

let next = 0;
/** Records a photo with these stars and keywords, as an import does; answers its id. */
function addPhoto(library: Library, rating: number, keywords: string[]): number {
  next += 1;
  return library.photos.insert(
    fakePhotoRecord(next, {
      description: { rating, flag: null, label: null, title: null, caption: null, keywords },
    }),
  );
}

// Top-level keywords in every case and spelling, ones that start like another, one below the
// top level (tested photo by photo), and the queries' own combinations.
const QUERIES = [
  'keyword:Places',
  'keyword:places',
  'keyword:PLACES/',
  'rating>=4 keyword:Places',
  '-keyword:Places',
  'keyword:Place',
  'keyword:Pla',
  'keyword:Locations',
  'keyword:Travel',
  'keyword:People',
  'keyword:été',
  'keyword:ÉTÉ',
  'keyword:E\u0301te\u0301',
  'keyword:ete',
  'keyword:100%_off',
  'keyword:Places/France',
  'keyword:Places OR keyword:People',
  'has:keywords -keyword:People rating<4',
];

/** A roots value with its roots sorted (the triggers keep them in no particular order). */
function sorted(roots: string | null): string | null {
  if (roots === null) return null;
  expect(roots).toMatch(/^(\/[^/]+)+\/$/);
  return `/${roots.split('/').slice(1, -1).sort().join('/')}/`;
}

/** The roots column as its definition says it is: each photo's distinct first levels. */
function expectedRoots(db: LibraryDatabase): { id: number; roots: string | null }[] {
  const keys = db
    .prepare<[], { id: number; key: string | null }>(
      `SELECT p.id AS id, k.keyword_key AS key FROM photos p
       LEFT JOIN photo_keywords k ON k.photo_id = p.id ORDER BY p.id`,
    )
    .all();
  const roots = new Map<number, Set<string>>();
  for (const { id, key } of keys) {
    const set = roots.get(id) ?? new Set<string>();
    if (key !== null) set.add(key.split('/')[0]!);
    roots.set(id, set);
  }
  return [...roots].map(([id, set]) => ({
    id,
    roots: set.size === 0 ? null : `/${[...set].sort().join('/')}/`,
  }));
}

/**
 * Checks that every photo's roots are those of its keywords now, and that each query finds the
 * same photos (count and pages in two sorts) through the column as through the keyword index.
 */
function expectRootsCurrent(db: LibraryDatabase): void {
  const actual = db
    .prepare<[], { id: number; roots: string | null }>(
      'SELECT id, keyword_roots AS roots FROM photos ORDER BY id',
    )
    .all();
  expect(actual.map(({ id, roots }) => ({ id, roots: sorted(roots) }))).toEqual(expectedRoots(db));
  const search = new SearchRepository(db);
  for (const query of QUERIES) {
    const tree = parseQuery(query);
    const byRoots = compileQuery(tree, { find: () => undefined, isCommonKeyword: () => true });
    const byLookup = compileQuery(tree, { find: () => undefined, isCommonKeyword: () => false });
    const ids = (compiled: typeof byRoots, sort: 'taken' | 'rating') =>
      search.page(compiled, sort, 'desc', null, 100).rows.map((row) => row.id);
    expect(search.count(byRoots), query).toBe(search.count(byLookup));
    expect(ids(byRoots, 'taken'), query).toEqual(ids(byLookup, 'taken'));
    expect(ids(byRoots, 'rating'), query).toEqual(ids(byLookup, 'rating'));
  }
}

/** Ids of the photos a query finds with its keywords tested through the roots column. */
function findByRoots(db: LibraryDatabase, query: string): number[] {
  const compiled = compileQuery(parseQuery(query), {
    find: () => undefined,
    isCommonKeyword: () => true,
  });
  return new SearchRepository(db)
    .page(compiled, 'taken', 'asc', null, 100)
    .rows.map((row) => row.id);
}

/** Renames (or moves) a keyword and everything below it on every photo, in one UPDATE. */
function renameKeyword(db: LibraryDatabase, from: string, to: string): void {
  const key = keywordKey(from);
  db.prepare(
    `UPDATE photo_keywords SET keyword_key = ? || substr(keyword_key, length(?) + 1),
       path = ? || substr(path, length(?) + 1)
     WHERE keyword_key = ? OR (keyword_key >= ? AND keyword_key < ?)`,
  ).run(keywordKey(to), key, to, from, key, `${key}/`, `${key}0`);
}

describe('keyword roots', () => {
  it('compile a common top-level keyword to the column, a deeper one to its keywords', () => {
    const resolver = { find: () => undefined, isCommonKeyword: () => true };
    expect(compileQuery(parseQuery('keyword:Places'), resolver)).toEqual({
      sql: 'instr(p.keyword_roots, ?) > 0',
      params: ['/places/'],
    });
    expect(compileQuery(parseQuery('keyword:Places/France'), resolver).sql).not.toContain(
      'keyword_roots',
    );
  });

  it('follow every change of keywords and find what the keyword index finds', async () => {
    const library = openLibrary(await makeTempDir());
    const { db, descriptions } = library;
    const paris = addPhoto(library, 5, ['Places/France/Paris', 'People/Anna']);
    const places = addPhoto(library, 4, ['Places']);
    const showroom = addPhoto(library, 4, ['Places Extra', 'Place/Spot']);
    const beach = addPhoto(library, 3, ['Été/Plage', '100%_off/x']);
    const bare = addPhoto(library, 4, []);
    const rome = addPhoto(library, 5, ['Places/Italy/Rome', 'places/Italy/Milan', 'People']);
    expect(db.prepare('SELECT keyword_roots FROM photos WHERE id = ?').pluck().get(rome)).toBe(
      '/places/people/',
    );
    expectRootsCurrent(db);

    // Assigned and unassigned, through the describe path.
    descriptions.update([bare], { addKeywords: ['Places/Spain', 'Travel'] });
    expect(findByRoots(db, 'keyword:Travel')).toEqual([bare]);
    expectRootsCurrent(db);
    descriptions.update([places], { removeKeywords: ['Places'] });
    expect(findByRoots(db, 'keyword:Places')).not.toContain(places);
    expectRootsCurrent(db);
    descriptions.update([paris], { removeKeywords: ['People/Anna'] });
    expect(findByRoots(db, 'keyword:People')).toEqual([rome]);
    expectRootsCurrent(db);

    // A root renamed, a keyword moved under another root, one moved to another photo.
    renameKeyword(db, 'Places', 'Locations');
    expect(findByRoots(db, 'keyword:Places')).toEqual([]);
    expect(findByRoots(db, 'keyword:Locations')).toEqual([paris, bare, rome]);
    expectRootsCurrent(db);
    renameKeyword(db, 'Locations/France', 'Travel/France');
    expect(findByRoots(db, 'keyword:Locations')).toEqual([bare, rome]);
    expect(findByRoots(db, 'keyword:Travel')).toEqual([paris, bare]);
    expectRootsCurrent(db);
    db.prepare('UPDATE photo_keywords SET photo_id = ? WHERE photo_id = ? AND keyword_key = ?').run(
      places,
      beach,
      keywordKey('Été/Plage'),
    );
    expect(findByRoots(db, 'keyword:Été')).toEqual([places]);
    expectRootsCurrent(db);

    // A keyword deleted from the library; a photo's keywords replaced as a sidecar import does.
    db.prepare('DELETE FROM photo_keywords WHERE keyword_key = ? OR keyword_key LIKE ?').run(
      'travel',
      'travel/%',
    );
    expect(findByRoots(db, 'keyword:Travel')).toEqual([]);
    expectRootsCurrent(db);
    db.transaction(() =>
      descriptions.record(library.photos.findById(showroom)!, {
        rating: 2,
        flag: null,
        label: null,
        title: null,
        caption: null,
        keywords: ['People/Ben'],
      }),
    )();
    expect(findByRoots(db, 'keyword:People')).toEqual([showroom, rome]);
    expectRootsCurrent(db);

    // Trashed, restored, and deleted for good: the index keeps no entry of a photo gone.
    db.prepare("UPDATE photos SET trashed_at = '2026-01-02T00:00:00Z' WHERE id = ?").run(rome);
    expect(findByRoots(db, 'keyword:People')).toEqual([showroom]);
    expectRootsCurrent(db);
    db.prepare('UPDATE photos SET trashed_at = NULL WHERE id = ?').run(rome);
    db.prepare('DELETE FROM photos WHERE id = ?').run(rome);
    expect(findByRoots(db, 'keyword:People')).toEqual([showroom]);
    expectRootsCurrent(db);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('are filled when a library made before them is upgraded', async () => {
    const root = await makeTempDir();
    const library = openLibrary(root);
    const { db } = library;
    addPhoto(library, 4, ['Places/France', 'People/Anna']);
    // As it was before the migration: no column, no triggers, photos_by_rating without it.
    // Its SQL is then run as the upgrade runs it (later migrations stay applied).
    db.exec(`
      DROP TRIGGER photo_keywords_insert_roots;
      DROP TRIGGER photo_keywords_delete_roots;
      DROP TRIGGER photo_keywords_update_roots;
      DROP INDEX photos_by_rating;
      ALTER TABLE photos DROP COLUMN keyword_roots;
      CREATE INDEX photos_by_rating ON photos (rating, taken_sort, id) WHERE trashed_at IS NULL;
    `);
    const keywordless = addPhoto(library, 5, []);
    const late = addPhoto(library, 5, ['Events/Wedding', 'events/Wedding/Dinner', 'Places']);
    db.exec(KEYWORD_ROOTS_MIGRATION);
    db.close();

    const upgraded = openLibrary(root).db;
    expect(
      upgraded
        .prepare('SELECT keyword_roots FROM photos WHERE id IN (?, ?)')
        .pluck()
        .all(keywordless, late),
    ).toEqual([null, '/events/places/']);
    expectRootsCurrent(upgraded);
  });
});
