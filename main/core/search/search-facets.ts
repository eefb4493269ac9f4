/**
 * The filter bar's counts of a search: for the whole library, the counts the triggers keep
 * (`search_facet_counts`, see facets-schema.ts), a read of a few hundred rows; for any
 * other search, one statement that finds its photos once and counts every facet and their
 * keywords from that one list.
 */
import type { Statement } from 'better-sqlite3';
import type { CompiledQuery } from './compile-query';
import { FACET_EXPRESSIONS, facetExpression, type PhotoFacet } from './facets-schema';

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

/** Prepares (or finds prepared) a statement. */
export type PrepareStatement = (sql: string) => Statement<unknown[]>;

// A filter bar shows the most used cameras, lenses and keywords, not a library's every one.
const FACET_LIMIT = 50;
const PHOTO_FACETS = Object.keys(FACET_EXPRESSIONS) as PhotoFacet[];

/** One counted value: a photo facet's, or a keyword's (its first spelling, and its key). */
interface CountRow {
  facet: PhotoFacet | 'keyword';
  value: string | number;
  n: number;
  key: string | null;
}

// The whole library: the kept counts, the keywords' most used first (ties by key, as SQLite
// orders text), each key shown in its first spelling.
const LIBRARY_COUNTS = `
  SELECT facet, value, n, NULL AS key FROM search_facet_counts
  WHERE facet != 'keyword' AND n > 0
  UNION ALL
  SELECT * FROM (
    SELECT 'keyword', min(spelling), sum(n) AS n, value FROM search_facet_counts
    WHERE facet = 'keyword' AND n > 0
    GROUP BY value ORDER BY n DESC, value LIMIT ${FACET_LIMIT}
  )`;

/**
 * A search's counts in one statement: its photos found once (MATERIALIZED: the list is read by
 * every facet's count and by the keywords' join, never searched again), their facet values
 * read from photos_facet_values by id rather than from each photo's row, and their keywords
 * reached from each photo found (CROSS JOIN: SQLite would otherwise read every keyword of the
 * library and test its photo).
 */
function searchCountsSql(query: CompiledQuery): string {
  const columns = PHOTO_FACETS.map((facet) => `${facetExpression(facet, 'f')} AS ${facet}`);
  return `
    WITH found AS MATERIALIZED (
      SELECT p.id AS id FROM photos p WHERE p.trashed_at IS NULL AND ${query.sql}
    ),
    hits AS MATERIALIZED (
      SELECT f.id AS id, ${columns.join(', ')}
      FROM found CROSS JOIN photos f INDEXED BY photos_facet_values ON f.id = found.id
      WHERE f.trashed_at IS NULL
    )
    ${PHOTO_FACETS.map(
      (facet) =>
        `SELECT '${facet}' AS facet, ${facet} AS value, count(*) AS n, NULL AS key
         FROM hits GROUP BY ${facet}`,
    ).join(' UNION ALL ')}
    UNION ALL
    SELECT * FROM (
      SELECT 'keyword', min(k.path), count(*) AS n, k.keyword_key
      FROM hits h CROSS JOIN photo_keywords k ON k.photo_id = h.id
      GROUP BY k.keyword_key ORDER BY n DESC, k.keyword_key LIMIT ${FACET_LIMIT}
    )`;
}

/** The facet counts of a compiled search (the trash never counted). */
export function searchFacets(prepare: PrepareStatement, query: CompiledQuery): SearchFacets {
  const rows =
    query.sql === '1'
      ? (prepare(LIBRARY_COUNTS).all() as CountRow[])
      : (prepare(searchCountsSql(query)).all(...query.params) as CountRow[]);
  const of = <T extends string | number>(facet: PhotoFacet): FacetCount<T>[] =>
    rows
      .filter((row) => row.facet === facet)
      .map((row) => ({ value: row.value as T, count: row.n }));
  // Most photos first; equal counts by value, so the order never depends on a plan.
  const byCount = <T extends string | number>(counts: FacetCount<T>[], limit = Infinity) =>
    counts.sort((a, b) => b.count - a.count || compareValues(a.value, b.value)).slice(0, limit);
  const byValue = <T extends string | number>(counts: FacetCount<T>[]) =>
    counts.sort((a, b) => compareValues(a.value, b.value));
  const named = (facet: 'camera' | 'lens') =>
    byCount(
      of<string>(facet).filter((count) => count.value !== ''),
      FACET_LIMIT,
    );
  const keywords = rows
    .filter((row) => row.facet === 'keyword')
    .sort((a, b) => b.n - a.n || Buffer.compare(Buffer.from(a.key!), Buffer.from(b.key!)));
  return {
    rating: byValue(of<number>('rating')),
    flag: byCount(of<'pick' | 'reject' | 'none'>('flag')),
    label: byCount(of<string>('label')),
    type: byCount(of<string>('type')),
    year: byValue(of<string>('year')).reverse(),
    camera: named('camera'),
    lens: named('lens'),
    keyword: keywords.map((row) => ({ value: String(row.value), count: row.n })),
  };
}

/** Ascending, numbers as numbers and text as text. */
function compareValues(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
