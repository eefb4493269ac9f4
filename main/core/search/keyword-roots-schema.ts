/**
 * Each photo's top-level keywords, on its row (migration 9, issue #12): `photos.keyword_roots`
 * holds the distinct first levels of its keyword keys, each between slashes, in no particular
 * order (`/places/events/`), NULL for a photo without keywords. A slash never appears inside a level
 * (it separates them), so `instr(keyword_roots, '/places/') > 0` holds exactly when a key of
 * the photo is `places` or lies below it: what `keyword:Places` finds.
 *
 * `photos_by_rating` is re-made with the column after its keys, so `rating>=4 keyword:Places` is
 * counted in that index alone (a range per star value, no photo_keywords probe per photo) and
 * the page's matches are listed from it too. Triggers on photo_keywords keep the column in the
 * transaction of every keyword added, removed, renamed or moved; a deleted photo's row goes
 * with it. The upgrade fills it from photo_keywords in one grouped pass.
 */
import { KEYWORD_SEPARATOR } from '../../../common/description';

const SLASH = KEYWORD_SEPARATOR;

/** The first level of a keyword key (an SQL expression): all of it when it has no separator. */
function rootOf(key: string): string {
  return `substr(${key}, 1, instr(${key} || '${SLASH}', '${SLASH}') - 1)`;
}

/** A root between separators, as the column holds it and a search looks for it. */
function delimited(root: string): string {
  return `'${SLASH}' || ${root} || '${SLASH}'`;
}

// The triggers change a photo's roots only when they change, and by editing the text rather
// than gathering its keywords again: each photo whose roots change costs a write of its row and
// of its photos_by_rating entry, and recomputing them from its keywords in that write doubled
// what the roots added to keywording 1,000 photos.

/** Adds the root of the keyword row `row` to its photo's roots, unless the photo has it. */
function addRoot(row: string): string {
  const root = rootOf(`${row}.keyword_key`);
  return `UPDATE photos SET keyword_roots = IFNULL(keyword_roots, '${SLASH}') || ${root} || '${SLASH}'
    WHERE id = ${row}.photo_id AND instr(IFNULL(keyword_roots, ''), ${delimited(root)}) = 0;`;
}

/**
 * Takes the root of the keyword row `row`, no longer on its photo, out of the photo's roots,
 * unless another keyword of the photo is below it; no roots left is NULL.
 */
function removeRoot(row: string): string {
  const root = rootOf(`${row}.keyword_key`);
  return `UPDATE photos SET keyword_roots = NULLIF(replace(keyword_roots, ${delimited(root)}, '${SLASH}'), '${SLASH}')
    WHERE id = ${row}.photo_id AND NOT EXISTS (SELECT 1 FROM photo_keywords
      WHERE photo_id = ${row}.photo_id AND ${rootOf('keyword_key')} = ${root});`;
}

/**
 * What `instr(p.keyword_roots, …) > 0` looks for to find a keyword key and every key below it,
 * or null for a key below the top level (which the column does not hold).
 */
export function keywordRootPattern(key: string): string | null {
  return key.includes(KEYWORD_SEPARATOR) ? null : `${KEYWORD_SEPARATOR}${key}${KEYWORD_SEPARATOR}`;
}

/** The migration: the column filled from the keywords there are, its index and its triggers. */
export const KEYWORD_ROOTS_MIGRATION = `
  ALTER TABLE photos ADD COLUMN keyword_roots TEXT;
  UPDATE photos SET keyword_roots = r.roots
    FROM (SELECT photo_id, '${SLASH}' || group_concat(root, '${SLASH}' ORDER BY root) || '${SLASH}' AS roots
          FROM (SELECT DISTINCT photo_id, ${rootOf('keyword_key')} AS root FROM photo_keywords)
          GROUP BY photo_id) AS r
    WHERE photos.id = r.photo_id;

  -- trashed_at last (NULL in every entry, a byte each): SQLite takes an index as covering only
  -- when it holds every column the query names, the partial index's own condition included,
  -- and then reads a search of stars and top-level keywords (keyword:Places alone too) from
  -- the index alone rather than each photo's row.
  DROP INDEX photos_by_rating;
  CREATE INDEX photos_by_rating ON photos (rating, taken_sort, id, keyword_roots, trashed_at)
    WHERE trashed_at IS NULL;

  CREATE TRIGGER photo_keywords_insert_roots AFTER INSERT ON photo_keywords BEGIN
    ${addRoot('NEW')}
  END;
  -- A photo deleted takes its keywords with it: their triggers find no photo to change.
  CREATE TRIGGER photo_keywords_delete_roots AFTER DELETE ON photo_keywords BEGIN
    ${removeRoot('OLD')}
  END;
  -- A keyword renamed or moved (under another root, or to another photo): out of the roots it
  -- left, into those it joined.
  CREATE TRIGGER photo_keywords_update_roots AFTER UPDATE OF photo_id, keyword_key ON photo_keywords
    WHEN OLD.photo_id IS NOT NEW.photo_id
      OR ${rootOf('OLD.keyword_key')} IS NOT ${rootOf('NEW.keyword_key')} BEGIN
    ${removeRoot('OLD')}
    ${addRoot('NEW')}
  END;
`;
