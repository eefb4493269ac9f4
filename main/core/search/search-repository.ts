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
import { searchFacets, type SearchFacets } from './search-facets';

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

// How far past the threshold of reading in order (see readsInOrder) a first page still lists
// its matches to count and sort them in one pass. Listing a match costs about a fifth of
// finding it (its id and sort keys kept, then sorted for the page): past the threshold, listing
// up to four times as many costs less than the pass a count stopped there would have wasted.
const FEW_MATCHES = 4;

// A keyword on more photos than this share of the library (and this many) is a filter to test
// photos against, not a list of them to start from.
const COMMON_KEYWORD_SHARE = 50;
const COMMON_KEYWORD_MIN = 1000;

const DAY_MS = 86_400_000;
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
    const ordering = columns.map((column) => `${column} ${direction}`).join(', ');
    const rows =
      (after === null ? this.firstPageOfFew(query, sort, direction, limit) : null) ??
      this.pageRows(query, sort, ordering, keyset, after, limit);
    const last = rows.at(-1);
    return {
      rows,
      nextCursor:
        rows.length === limit && last ? encodeSearchCursor(sort, rowKeys(sort, last)) : null,
    };
  }

  /** A page's rows, read along the sort's index or by sorting the matches (see readsInOrder). */
  private pageRows(
    query: CompiledQuery,
    sort: SearchSort,
    ordering: string,
    keyset: string,
    after: CursorKey[] | null,
    limit: number,
  ): PhotoRow[] {
    // The page's ids first, then their rows: a plan that sorts the matches sorts their ids and
    // sort keys (often all in the sort's index), not every match's whole row.
    const sql = `SELECT p.* FROM photos p WHERE p.id IN (
        SELECT p.id FROM photos p ${this.readsInOrder(query, limit) ? `INDEXED BY ${SORT_INDEXES[sort]}` : ''}
        WHERE p.trashed_at IS NULL AND ${query.sql} ${keyset}
        ORDER BY ${ordering} LIMIT ?)
      ORDER BY ${ordering}`;
    return this.prepare(sql).all(...query.params, ...(after ?? []), limit) as PhotoRow[];
  }

  /**
   * The first page of a search not counted yet, and its count, in one pass when it finds not
   * too many photos: its matches (ids and sort keys) are listed once, counted, and the page
   * sorted out of them, as `pageRows` would sort them (ties broken by id alike); the count is
   * remembered. Past FEW_MATCHES times `readsInOrder`'s threshold the list stops and this
   * answers null: that page is read along the sort's index after counting.
   */
  private firstPageOfFew(
    query: CompiledQuery,
    sort: SearchSort,
    direction: 'ASC' | 'DESC',
    limit: number,
  ): PhotoRow[] | null {
    // The whole library is counted in an index; a search of lookups counts its ids (see count).
    if (query.sql === '1' || query.ids !== undefined) return null;
    const version = this.changeCounter();
    if (this.rememberedCount(query, version) !== undefined) return null;
    const most = Math.floor(FEW_MATCHES * Math.sqrt(limit * this.librarySize()));
    const keys = SORT_COLUMNS[sort];
    const hitOrdering = [...keys.map((_, index) => `key${index}`), 'id']
      .map((column) => `${column} ${direction}`)
      .join(', ');
    const sql = `WITH hits AS MATERIALIZED (
        SELECT p.id AS id, ${keys.map((column, index) => `${column} AS key${index}`).join(', ')}
        FROM photos p WHERE p.trashed_at IS NULL AND ${query.sql} LIMIT ?),
      page AS (SELECT id FROM hits ORDER BY ${hitOrdering} LIMIT ?)
      SELECT (SELECT count(*) FROM hits) AS search_matches, p.* FROM photos p
      WHERE p.id IN (SELECT id FROM page)
      ORDER BY ${[...keys, 'p.id'].map((column) => `${column} ${direction}`).join(', ')}`;
    const rows = this.prepare(sql).all(...query.params, most + 1, limit) as (PhotoRow & {
      search_matches?: number;
    })[];
    // No row: nothing found. Otherwise every row carries the count.
    const matches = rows[0]?.search_matches ?? 0;
    if (matches > most) return null;
    this.rememberCount(query, version, matches);
    for (const row of rows) delete row.search_matches;
    return rows;
  }

  /** The highest photo id: the library's size, near enough for choosing a plan. */
  private librarySize(): number {
    return (this.prepare('SELECT max(id) AS n FROM photos').get() as { n: number | null }).n ?? 0;
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
    const version = this.changeCounter();
    const known = this.rememberedCount(query, version);
    if (known !== undefined) return known;
    const { ids } = query;
    // A search made of lookups counts their ids, less those of the trash (a few photos, read
    // through their own index): no photo row is read for the others.
    const n = (
      ids !== undefined
        ? this.prepare(
            `SELECT (SELECT count(*) FROM (${ids.sql})) - (SELECT count(*)
               FROM photos t INDEXED BY photos_trash
               WHERE t.trashed_at IS NOT NULL AND t.id IN (${ids.sql})) AS n`,
          ).get(...ids.params, ...ids.params)
        : this.prepare(
            `SELECT count(*) AS n FROM photos p WHERE p.trashed_at IS NULL AND ${query.sql}`,
          ).get(...query.params)
    ) as { n: number };
    this.rememberCount(query, version, n.n);
    return n.n;
  }

  /**
   * The library's change counter. It moves with every write to photos, keywords and albums, in
   * this process or another: a count remembered at the same counter is the count now. Read
   * before the count it keys, so a write in between only ever makes a count be counted again.
   */
  private changeCounter(): number {
    return (
      this.prepare('SELECT counter FROM library_changes WHERE id = 1').get() as { counter: number }
    ).counter;
  }

  private rememberedCount(query: CompiledQuery, version: number): number | undefined {
    const key = JSON.stringify([query.sql, query.params]);
    const known = this.counts.get(key);
    if (known === undefined) return undefined;
    // Most recently used last: the first entry is the one to forget when the cache is full.
    this.counts.delete(key);
    if (known.version !== version) return undefined;
    this.counts.set(key, known);
    return known.n;
  }

  private rememberCount(query: CompiledQuery, version: number, n: number): void {
    const key = JSON.stringify([query.sql, query.params]);
    this.counts.delete(key);
    if (this.counts.size >= COUNT_CACHE_SIZE) this.counts.delete(this.counts.keys().next().value!);
    this.counts.set(key, { version, n });
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
    return limit * this.librarySize() <= matches * matches;
  }

  /**
   * Whether more than a fiftieth of the library (and more than 1,000 photos) has the keyword
   * or one below it: counted in its index up to that many, so at most a few milliseconds.
   */
  isCommonKeyword(key: string): boolean {
    const library = this.librarySize();
    const many = Math.max(COMMON_KEYWORD_MIN, Math.floor(library / COMMON_KEYWORD_SHARE));
    const found = this.prepare(
      `SELECT count(*) AS n FROM (SELECT 1 FROM photo_keywords WHERE keyword_key = ?
         UNION ALL SELECT 1 FROM photo_keywords WHERE keyword_key >= ? AND keyword_key < ?
         LIMIT ?)`,
    ).get(key, `${key}/`, `${key}0`, many + 1) as { n: number };
    return found.n > many;
  }

  /**
   * Photo counts per capture day of the search, in `order`: its timeline's skeleton (and its
   * count, remembered as `count` remembers).
   */
  days(query: CompiledQuery, order: 'asc' | 'desc'): { day: string; count: number }[] {
    const sql = `SELECT (p.taken_sort - ((p.taken_sort % ${DAY_MS}) + ${DAY_MS}) % ${DAY_MS}) / ${DAY_MS}
        AS dayIndex, count(*) AS count
      FROM photos p WHERE p.trashed_at IS NULL AND ${query.sql}
      GROUP BY dayIndex ORDER BY dayIndex ${order === 'asc' ? 'ASC' : 'DESC'}`;
    const version = this.changeCounter();
    const rows = this.prepare(sql).all(...query.params) as { dayIndex: number; count: number }[];
    // The days hold the search's count: the UI asks for them beside the first page, whose
    // total (and plan) then need no count of their own.
    this.rememberCount(
      query,
      version,
      rows.reduce((sum, row) => sum + row.count, 0),
    );
    return rows.map(({ dayIndex, count }) => ({
      day: new Date(dayIndex * DAY_MS).toISOString().slice(0, 10),
      count,
    }));
  }

  /** The facet counts of the search's photos (see search-facets.ts). */
  facets(query: CompiledQuery): SearchFacets {
    return searchFacets((sql) => this.prepare(sql), query);
  }
}
