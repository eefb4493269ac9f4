/**
 * What the filter bar's counts read (a migration appended after migration 5).
 *
 * For the whole library, counts kept by triggers: per facet value, how many photos outside the
 * trash have it, so the counts of the empty query are a read of a few hundred rows instead of
 * a pass over every photo. For any other search, `photos_facet_values`: each photo's facet
 * values by id, so the values of the photos a search finds are read from a narrow index (a
 * few dozen bytes a photo) instead of from each photo's row.
 *
 * `search_facet_counts` holds one row per facet and value, with `spelling` '' for the photo
 * facets and, for keywords, one row per keyword key and spelling (the filter bar shows the
 * first spelling of a key, as `min(path)` does over the photos). The values are the same
 * expressions the filtered facets group by (FACET_EXPRESSIONS), counted exactly: every
 * insert, delete, trash or restore of a photo, every change of a faceted column and every
 * keyword added, removed or respelled moves them in the transaction of the change. A photo's
 * id never changes (nothing updates it), so the triggers key keywords by photo id.
 */

/** The photo facets, each the SQL expression of a photo row (`R` stands for the row). */
export const FACET_EXPRESSIONS = {
  rating: 'R.rating',
  flag: "IFNULL(R.flag, 'none')",
  label: "IFNULL(R.label, 'none')",
  type: 'R.format',
  year: 'substr(R.taken_at, 1, 4)',
  camera: "trim(IFNULL(R.camera_model, ''))",
  lens: "trim(IFNULL(R.lens, ''))",
} as const;

/** The name of one photo facet. */
export type PhotoFacet = keyof typeof FACET_EXPRESSIONS;

/** A facet's expression over the row named `row` (p, NEW, OLD). */
export function facetExpression(facet: PhotoFacet, row: string): string {
  return FACET_EXPRESSIONS[facet].replace(/\bR\./g, `${row}.`);
}

const FACETS = Object.keys(FACET_EXPRESSIONS) as PhotoFacet[];
// The columns the photo facets read: an update of any other column moves no count.
const FACET_COLUMNS = ['rating', 'flag', 'label', 'format', 'taken_at', 'camera_model', 'lens'];
const UPSERT = 'ON CONFLICT (facet, value, spelling) DO UPDATE SET n = n + excluded.n';

/** Whether the photo row is in the trash on one side of an update and not on the other. */
const TRASH_MOVED = '((OLD.trashed_at IS NULL) IS NOT (NEW.trashed_at IS NULL))';

/** Adds `delta` to every photo facet of the row `row`. */
function addPhotoFacets(row: string, delta: number): string {
  const values = FACETS.map(
    (facet) => `('${facet}', ${facetExpression(facet, row)}, '', ${delta})`,
  ).join(', ');
  return `INSERT INTO search_facet_counts (facet, value, spelling, n) VALUES ${values} ${UPSERT};`;
}

/**
 * On an update: takes the old value of each facet that moved out (changed, or the photo left
 * the library for the trash) and adds the new one that moved in, leaving unchanged ones alone.
 */
function movePhotoFacets(): string {
  const sides = FACETS.flatMap((facet) => {
    const [before, after] = [facetExpression(facet, 'OLD'), facetExpression(facet, 'NEW')];
    const moved = `(${TRASH_MOVED} OR ${before} IS NOT ${after})`;
    return [
      `SELECT '${facet}' AS facet, ${before} AS value, -1 AS n WHERE OLD.trashed_at IS NULL AND ${moved}`,
      `SELECT '${facet}', ${after}, 1 WHERE NEW.trashed_at IS NULL AND ${moved}`,
    ];
  });
  // WHERE 1: an upsert's SELECT needs a WHERE, or SQLite reads ON as a join's.
  return `INSERT INTO search_facet_counts (facet, value, spelling, n)
    SELECT facet, value, '', n FROM (${sides.join(' UNION ALL ')}) WHERE 1 ${UPSERT};`;
}

/** Adds `delta` to the keywords of photo `photoId` (an SQL expression). */
function addPhotoKeywords(photoId: string, delta: string): string {
  return `INSERT INTO search_facet_counts (facet, value, spelling, n)
    SELECT 'keyword', keyword_key, path, ${delta} FROM photo_keywords WHERE photo_id = ${photoId}
    ${UPSERT};`;
}

/** Adds `delta` to one keyword row's key and spelling when its photo is outside the trash. */
function addKeyword(row: string, delta: number): string {
  return `INSERT INTO search_facet_counts (facet, value, spelling, n)
    SELECT 'keyword', ${row}.keyword_key, ${row}.path, ${delta} FROM photos
    WHERE id = ${row}.photo_id AND trashed_at IS NULL ${UPSERT};`;
}

// A keyword spelling no photo has any longer goes: renamed keywords leave nothing behind.
const FORGET_EMPTY_KEYWORD = (row: string): string =>
  `DELETE FROM search_facet_counts WHERE facet = 'keyword' AND value = ${row}.keyword_key
     AND spelling = ${row}.path AND n = 0;`;

/**
 * The migration: the facet values index; the counts table, its first counts from the library
 * as it is, and the triggers that keep them.
 */
export const FACETS_MIGRATION = `
  CREATE INDEX photos_facet_values
    ON photos (id, ${FACETS.map((facet) => facetExpression(facet, 'photos').replace(/photos\./g, '')).join(', ')})
    WHERE trashed_at IS NULL;

  CREATE TABLE search_facet_counts (
    facet TEXT NOT NULL,
    -- No declared type: stars stay integers and years stay text, as the photos hold them.
    value NOT NULL,
    spelling TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (facet, value, spelling)
  ) WITHOUT ROWID;

  -- One pass over the photos grouped by every facet, rolled up per facet.
  WITH groups AS MATERIALIZED (
    SELECT ${FACETS.map((facet) => `${facetExpression(facet, 'photos')} AS ${facet}`).join(', ')},
      count(*) AS n
    FROM photos WHERE trashed_at IS NULL GROUP BY ${FACETS.map((_, index) => index + 1).join(', ')}
  )
  INSERT INTO search_facet_counts (facet, value, spelling, n)
    ${FACETS.map((facet) => `SELECT '${facet}', ${facet}, '', sum(n) FROM groups GROUP BY ${facet}`).join(' UNION ALL ')}
    UNION ALL
    SELECT 'keyword', k.keyword_key, k.path, count(*)
    FROM photos p CROSS JOIN photo_keywords k ON k.photo_id = p.id
    WHERE p.trashed_at IS NULL GROUP BY k.keyword_key, k.path;

  CREATE TRIGGER photos_insert_facets AFTER INSERT ON photos WHEN NEW.trashed_at IS NULL BEGIN
    ${addPhotoFacets('NEW', 1)}
  END;
  -- BEFORE: the photo's keywords are still there to take out. Their own delete triggers, run
  -- by the cascade once the photo is gone, find no photo outside the trash and add nothing.
  CREATE TRIGGER photos_delete_facets BEFORE DELETE ON photos WHEN OLD.trashed_at IS NULL BEGIN
    ${addPhotoFacets('OLD', -1)}
    ${addPhotoKeywords('OLD.id', '-1')}
  END;
  CREATE TRIGGER photos_update_facets AFTER UPDATE OF ${FACET_COLUMNS.join(', ')}, trashed_at
    ON photos BEGIN
    ${movePhotoFacets()}
  END;
  CREATE TRIGGER photos_trash_facets AFTER UPDATE OF trashed_at ON photos WHEN ${TRASH_MOVED} BEGIN
    ${addPhotoKeywords('NEW.id', 'CASE WHEN NEW.trashed_at IS NULL THEN 1 ELSE -1 END')}
  END;

  CREATE TRIGGER photo_keywords_insert_facets AFTER INSERT ON photo_keywords BEGIN
    ${addKeyword('NEW', 1)}
  END;
  CREATE TRIGGER photo_keywords_delete_facets AFTER DELETE ON photo_keywords BEGIN
    ${addKeyword('OLD', -1)}
    ${FORGET_EMPTY_KEYWORD('OLD')}
  END;
  CREATE TRIGGER photo_keywords_update_facets AFTER UPDATE ON photo_keywords BEGIN
    ${addKeyword('OLD', -1)}
    ${addKeyword('NEW', 1)}
    ${FORGET_EMPTY_KEYWORD('OLD')}
  END;
`;
