/**
 * Searches as SQL: a compiled query's page in any of the four sorts (keyset-paginated like the
 * timeline, each sort one index range), its count, its day buckets and its facet counts.
 */
import type { Statement } from 'better-sqlite3';
import { ShoeboxError } from '../../../common/errors';
import type { SearchSort } from '../../../common/search/query-ast';
import type { LibraryDatabase } from '../library/database';
import type { PhotoRow } from '../library/photo-repository';
import type { CompiledQuery } from './compile-query';

/** One value of a facet and how many photos of the search have it. */
export interface FacetCount<T> {
  value: T;
  count: number;
}

/** What the filter bar shows beside each choice: how many of the search's photos have it. */
export interface SearchFacets {
  rating: FacetCount<number>[];
  flag: FacetCount<'pick' | 'reject' | 'none'>[];
  label: FacetCount<string>[];
  type: FacetCount<string>[];
  year: FacetCount<string>[];
  camera: FacetCount<string>[];
  lens: FacetCount<string>[];
  keyword: FacetCount<string>[];
}

// The columns each sort orders by, before the id that breaks ties; every list has an index
// over exactly these (photos_timeline, photos_by_added, photos_by_name, photos_by_rating).
const SORT_COLUMNS: Record<SearchSort, string[]> = {
  taken: ['p.taken_sort'],
  added: ['p.imported_at'],
  name: ['p.name_sort'],
  rating: ['p.rating', 'p.taken_sort'],
};

// The index each sort reads in order: the plan for a search whose matches are many.
const SORT_INDEXES: Record<SearchSort, string> = {
  taken: 'photos_timeline',
  added: 'photos_by_added',
  name: 'photos_by_name',
  rating: 'photos_by_rating',
};
// Counts of recent searches, remembered while the library does not change: a page's plan is
// chosen by its count, and the first page's total is that same count.
const COUNT_CACHE_SIZE = 64;

// A keyword on more photos than this share of the library (and this many) is a filter to test
// photos against, not a list of them to start from.
const COMMON_KEYWORD_SHARE = 50;
const COMMON_KEYWORD_MIN = 1000;

const DAY_MS = 86_400_000;
// A filter bar shows the most used cameras, lenses and keywords, not a library's every one.
const FACET_LIMIT = 50;
// Statements for the queries being paged through are kept; a handful covers a session.
const STATEMENT_CACHE_SIZE = 32;

type CursorKey = number | string;

/** A cursor for a search page: the sort it belongs to, and the last row's keys and id. */
function encodeSearchCursor(sort: SearchSort, keys: CursorKey[]): string {
  return Buffer.from(JSON.stringify([sort, ...keys])).toString('base64url');
}

/** The keys a cursor holds; INVALID_INPUT for one not made for this sort by Shoebox. */
function decodeSearchCursor(sort: SearchSort, cursor: string): CursorKey[] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  const width = SORT_COLUMNS[sort].length + 1;
  if (
    !Array.isArray(decoded) ||
    decoded[0] !== sort ||
    decoded.length !== width + 1 ||
    !decoded.slice(1).every((key) => typeof key === 'number' || typeof key === 'string')
  ) {
    throw new ShoeboxError('INVALID_INPUT', 'That page cursor is not one this search made.');
  }
  return decoded.slice(1) as CursorKey[];
}

/** The keys of a row in a sort: what the cursor after it holds. */
function rowKeys(sort: SearchSort, row: PhotoRow & { name_sort?: string }): CursorKey[] {
  switch (sort) {
    case 'taken':
      return [row.taken_sort, row.id];
    case 'added':
      return [row.imported_at, row.id];
    case 'name':
      return [row.name_sort ?? '', row.id];
    case 'rating':
      return [row.rating, row.taken_sort, row.id];
  }
}

/** Searches over the photos table (the trash never included). */
export class SearchRepository {
  private readonly statements = new Map<string, Statement<unknown[]>>();
  private readonly counts = new Map<string, { version: number; n: number }>();

  constructor(private readonly db: LibraryDatabase) {}

  /** A statement for this SQL, prepared once while it is in use. */
  private prepare(sql: string): Statement<unknown[]> {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare<unknown[]>(sql);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) {
        this.statements.delete(this.statements.keys().next().value!);
      }
    } else this.statements.delete(sql);
    this.statements.set(sql, statement);
    return statement;
  }

  /** One page of the search after `cursor` (null: the first page) in a sort and order. */
  page(
    query: CompiledQuery,
    sort: SearchSort,
    order: 'asc' | 'desc',
    cursor: string | null,
    limit: number,
  ): { rows: PhotoRow[]; nextCursor: string | null } {
    const columns = [...SORT_COLUMNS[sort], 'p.id'];
    const direction = order === 'asc' ? 'ASC' : 'DESC';
    const after = cursor === null ? null : decodeSearchCursor(sort, cursor);
    const keyset =
      after === null
        ? ''
        : `AND (${columns.join(', ')}) ${order === 'asc' ? '>' : '<'} (${columns
            .map(() => '?')
            .join(', ')})`;
    const sql = `SELECT p.* FROM photos p ${this.readsInOrder(query, limit) ? `INDEXED BY ${SORT_INDEXES[sort]}` : ''}
      WHERE p.trashed_at IS NULL AND ${query.sql} ${keyset}
      ORDER BY ${columns.map((column) => `${column} ${direction}`).join(', ')}
      LIMIT ?`;
    const rows = this.prepare(sql).all(...query.params, ...(after ?? []), limit) as PhotoRow[];
    const last = rows.at(-1);
    return {
      rows,
      nextCursor:
        rows.length === limit && last ? encodeSearchCursor(sort, rowKeys(sort, last)) : null,
    };
  }

  /** The cursor that starts a capture-time page at the first photo of `day` in `order`. */
  cursorAtDay(day: string, order: 'asc' | 'desc'): string {
    const start = Date.parse(`${day}T00:00:00Z`);
    if (Number.isNaN(start)) throw new ShoeboxError('INVALID_INPUT', `"${day}" is not a day.`);
    // Ids start at 1: (start, 0) is just before the day ascending, (next day, 0) just after it
    // descending, as the timeline's cursorAtDay does.
    return encodeSearchCursor('taken', [order === 'asc' ? start : start + DAY_MS, 0]);
  }

  /** How many photos the search finds (remembered until the library next changes). */
  count(query: CompiledQuery): number {
    // The change counter moves with every write to photos, keywords and albums, in this
    // process or another: a count remembered at the same counter is the count now.
    const version = (
      this.prepare('SELECT counter FROM library_changes WHERE id = 1').get() as { counter: number }
    ).counter;
    const key = JSON.stringify([query.sql, query.params]);
    const known = this.counts.get(key);
    this.counts.delete(key);
    if (known !== undefined && known.version === version) {
      this.counts.set(key, known);
      return known.n;
    }
    const sql = `SELECT count(*) AS n FROM photos p WHERE p.trashed_at IS NULL AND ${query.sql}`;
    const n = (this.prepare(sql).get(...query.params) as { n: number }).n;
    if (this.counts.size >= COUNT_CACHE_SIZE) this.counts.delete(this.counts.keys().next().value!);
    this.counts.set(key, { version, n });
    return n;
  }

  /**
   * Whether a page is best read along its sort's index, testing each photo in turn, rather than
   * by finding every match (through the query's FTS and keyword lookups) and sorting them.
   * Without statistics SQLite takes the second whenever it can, which for a search that finds
   * a large part of the library means sorting tens of thousands of rows for 200. Reading in
   * order tests about `limit × library / matches` photos, finding them all costs at least
   * `matches`: the index wins when that is fewer. The count is the one the first page's total
   * needs anyway (remembered, so it is counted once).
   */
  private readsInOrder(query: CompiledQuery, limit: number): boolean {
    if (query.sql === '1') return true;
    const matches = this.count(query);
    if (matches === 0) return false;
    const library = (this.prepare('SELECT max(id) AS n FROM photos').get() as { n: number | null })
      .n;
    return limit * (library ?? 0) <= matches * matches;
  }

  /**
   * Whether more than a fiftieth of the library (and more than 1,000 photos) has the keyword
   * or one below it: counted in its index up to that many, so at most a few milliseconds.
   */
  isCommonKeyword(key: string): boolean {
    const library =
      (this.prepare('SELECT max(id) AS n FROM photos').get() as { n: number | null }).n ?? 0;
    const many = Math.max(COMMON_KEYWORD_MIN, Math.floor(library / COMMON_KEYWORD_SHARE));
    const found = this.prepare(
      `SELECT count(*) AS n FROM (SELECT 1 FROM photo_keywords WHERE keyword_key = ?
         UNION ALL SELECT 1 FROM photo_keywords WHERE keyword_key >= ? AND keyword_key < ?
         LIMIT ?)`,
    ).get(key, `${key}/`, `${key}0`, many + 1) as { n: number };
    return found.n > many;
  }

  /** Photo counts per capture day of the search, in `order`: its timeline's skeleton. */
  days(query: CompiledQuery, order: 'asc' | 'desc'): { day: string; count: number }[] {
    const sql = `SELECT (p.taken_sort - ((p.taken_sort % ${DAY_MS}) + ${DAY_MS}) % ${DAY_MS}) / ${DAY_MS}
        AS dayIndex, count(*) AS count
      FROM photos p WHERE p.trashed_at IS NULL AND ${query.sql}
      GROUP BY dayIndex ORDER BY dayIndex ${order === 'asc' ? 'ASC' : 'DESC'}`;
    const rows = this.prepare(sql).all(...query.params) as { dayIndex: number; count: number }[];
    return rows.map(({ dayIndex, count }) => ({
      day: new Date(dayIndex * DAY_MS).toISOString().slice(0, 10),
      count,
    }));
  }

  /** The facet counts of the search's photos, in two scans: the photos, their keywords. */
  facets(query: CompiledQuery): SearchFacets {
    const where = `p.trashed_at IS NULL AND ${query.sql}`;
    // The whole library (the empty query) is read in table order: through an index (SQLite
    // would take photos_by_rating, it covers trashed_at) every row is a seek of its own, and
    // those seeks are most of the time. One scan groups by every facet; the groups are tallied
    // below.
    const everything = query.sql === '1';
    const groups = this.prepare(
      `SELECT p.rating AS rating, p.flag AS flag, p.label AS label, p.format AS format,
         substr(p.taken_at, 1, 4) AS year, trim(IFNULL(p.camera_model, '')) AS camera,
         trim(IFNULL(p.lens, '')) AS lens, count(*) AS n
       FROM photos p ${everything ? 'NOT INDEXED' : ''} WHERE ${where}
       GROUP BY 1, 2, 3, 4, 5, 6, 7`,
    ).all(...query.params) as {
      rating: number;
      flag: string | null;
      label: string | null;
      format: string;
      year: string;
      camera: string;
      lens: string;
      n: number;
    }[];
    // Likewise the keywords of the whole library: their own table in order, without looking up
    // each one's photo (the trash, a few photos, is left out by id).
    const keywords = this.prepare(
      everything
        ? `SELECT min(k.path) AS path, count(*) AS n FROM photo_keywords k NOT INDEXED
           WHERE k.photo_id NOT IN (SELECT id FROM photos WHERE trashed_at IS NOT NULL)
           GROUP BY k.keyword_key ORDER BY n DESC, k.keyword_key LIMIT ${FACET_LIMIT}`
        : `SELECT min(k.path) AS path, count(*) AS n
           FROM photo_keywords k JOIN photos p ON p.id = k.photo_id
           WHERE ${where} GROUP BY k.keyword_key ORDER BY n DESC, k.keyword_key LIMIT ${FACET_LIMIT}`,
    ).all(...query.params) as { path: string; n: number }[];

    const tally = <T>(entries: Array<[T, number]>, limit = Infinity): FacetCount<T>[] => {
      const counts = new Map<T, number>();
      for (const [value, n] of entries) counts.set(value, (counts.get(value) ?? 0) + n);
      return [...counts]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count)
        .slice(0, limit);
    };
    const byValue = <T extends string | number>(counts: FacetCount<T>[]) =>
      counts.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    return {
      rating: byValue(tally(groups.map((row) => [row.rating, row.n]))),
      flag: tally(groups.map((row) => [(row.flag ?? 'none') as 'pick' | 'reject' | 'none', row.n])),
      label: tally(groups.map((row) => [row.label ?? 'none', row.n])),
      type: tally(groups.map((row) => [row.format, row.n])),
      year: byValue(tally(groups.map((row) => [row.year, row.n]))).reverse(),
      camera: tally(
        groups.filter((row) => row.camera !== '').map((row) => [row.camera, row.n]),
        FACET_LIMIT,
      ),
      lens: tally(
        groups.filter((row) => row.lens !== '').map((row) => [row.lens, row.n]),
        FACET_LIMIT,
      ),
      keyword: keywords.map((row) => ({ value: row.path, count: row.n })),
    };
  }
}
