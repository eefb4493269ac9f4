/**
 * A parsed search query to SQL: one boolean expression over `photos p`, with every value a
 * bound parameter. Free text goes to FTS5 as quoted strings and to LIKE with its wildcards
 * escaped, so nothing typed can become SQL or FTS syntax.
 */
import { keywordKey, MAX_RATING } from '../../../common/description';
import { RAW_FORMATS } from '../../../common/media-formats';
import type {
  Comparison,
  NumberField,
  QueryNode,
  TextField,
} from '../../../common/search/query-ast';
import { keywordRootPattern } from './keyword-roots-schema';

/** A WHERE expression and its parameters, in order. */
export interface CompiledQuery {
  sql: string;
  params: Array<string | number>;
  /**
   * When every term of the query is a lookup of its own (free text, title:, caption:, name:
   * and AND/OR of them): a SELECT of the ids it finds, the trash included, which counts them
   * without reading a photo row.
   */
  ids?: { sql: string; params: Array<string | number> };
}

/** What the compiler needs to know of albums (whether one exists, a smart one's query) and folders. */
export interface AlbumResolver {
  /** The album of this name (any case): its id and, for a smart album, its parsed query. */
  find(name: string): { id: number; query: QueryNode | null } | undefined;
  /**
   * Whether a keyword (by key, with its descendants) is on a large part of the library: then
   * its photos are tested one by one rather than looked up (only how fast, never which).
   */
  isCommonKeyword?(key: string): boolean;
  /**
   * The added folders a `folder:` value names: each as its root and a `/`-separated path
   * inside it (`''`: the whole root). None when no added folder has that name or path.
   */
  folders?(value: string): Array<{ rootId: number; within: string }>;
}

const NUMBER_COLUMNS: Record<NumberField, string> = {
  rating: 'p.rating',
  iso: 'p.iso',
  f: 'p.f_number',
  mm: 'p.focal_length',
};

// EXIF stores apertures and focal lengths as rationals: f/2.8 may be 2.799…; "equal" means
// within what a lens ring or a zoom marking tells apart.
const NUMBER_TOLERANCE: Record<NumberField, number> = { rating: 0, iso: 0, f: 0.05, mm: 0.5 };

// Trigram FTS finds substrings of three characters or more; shorter ones scan the names.
const TRIGRAM_LENGTH = 3;

// Stars are whole numbers from 0 (the schema's CHECK): a comparison is the list of star values
// it keeps, so photos_by_rating (rating, taken_sort, id, …) is read as one range of capture times
// per value, and a date range with stars never reads the photos of other ratings.
const STAR_VALUES = Array.from({ length: MAX_RATING + 1 }, (_, stars) => stars);

/** Whether `value op bound` holds. */
function compares(value: number, op: Comparison, bound: number): boolean {
  switch (op) {
    case '=':
      return value === bound;
    case '!=':
      return value !== bound;
    case '>':
      return value > bound;
    case '>=':
      return value >= bound;
    case '<':
      return value < bound;
    case '<=':
      return value <= bound;
  }
}

/** A LIKE pattern that matches `text` anywhere, its own % _ and \ taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** An FTS5 string: the text in double quotes (its own quotes doubled), so it is never syntax. */
function ftsString(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** The wall-clock milliseconds `taken_sort` holds for the start of a day (YYYY-MM-DD). */
function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** Compiles a query tree to a WHERE expression over `photos p`. */
export function compileQuery(tree: QueryNode, albums: AlbumResolver): CompiledQuery {
  const params: Array<string | number> = [];
  const param = (value: string | number): string => {
    params.push(value);
    return '?';
  };
  // Smart albums being expanded: one that names itself (or a cycle) matches nothing there.
  const expanding = new Set<number>();

  const text = (node: Extract<QueryNode, { kind: 'text' }>): string => {
    const match = `${ftsString(node.text)}${node.prefix ? ' *' : ''}`;
    const fts = `p.id IN (SELECT rowid FROM photo_text WHERE photo_text MATCH ${param(match)})`;
    if (node.phrase) return fts;
    return `(${fts} OR ${nameContains(node.text)})`;
  };

  // FTS5 serves only a two-argument LIKE from the trigram index: with ESCAPE it reads every
  // name. A value without % or _ needs no escape; one with them looks the index up with them as
  // wildcards (finding a superset) and keeps the names that have them literally.
  const nameContains = (value: string): string => {
    const exact = (): string => `p.original_name LIKE ${param(containsPattern(value))} ESCAPE '\\'`;
    if ([...value].length < TRIGRAM_LENGTH) return exact();
    const indexed = `p.id IN (SELECT rowid FROM photo_name_trigram WHERE original_name LIKE ${param(
      `%${value}%`,
    )})`;
    return /[%_]/.test(value) ? `(${indexed} AND ${exact()})` : indexed;
  };

  const textField = (field: TextField, value: string): string => {
    switch (field) {
      case 'camera':
        return `(IFNULL(p.camera_make, '') || ' ' || IFNULL(p.camera_model, '')) LIKE ${param(
          containsPattern(value),
        )} ESCAPE '\\'`;
      case 'lens':
        return `p.lens LIKE ${param(containsPattern(value))} ESCAPE '\\'`;
      case 'name':
        return nameContains(value);
      case 'title':
      case 'caption':
        // A word of that column, and words starting with it (column filter, then the string).
        return `p.id IN (SELECT rowid FROM photo_text WHERE photo_text MATCH ${param(
          `${field} : ${ftsString(value)} *`,
        )})`;
    }
  };

  // Every star value kept is every photo; none is none.
  const stars = (values: number[]): string => {
    if (values.length === STAR_VALUES.length) return '1';
    if (values.length === 0) return '0';
    return `p.rating IN (${values.map(param).join(', ')})`;
  };

  const compile = (node: QueryNode): string => {
    switch (node.kind) {
      case 'all':
        return '1';
      case 'and':
        return `(${node.nodes.map(compile).join(' AND ')})`;
      case 'or':
        return `(${node.nodes.map(compile).join(' OR ')})`;
      case 'not':
        // IFNULL: a photo without a lens is one that is "not Sigma", not unknown.
        return `NOT IFNULL(${compile(node.node)}, 0)`;
      case 'text':
        return text(node);
      case 'textField':
        return textField(node.field, node.text);
      case 'number': {
        if (node.field === 'rating') {
          return stars(STAR_VALUES.filter((value) => compares(value, node.op, node.value)));
        }
        const column = NUMBER_COLUMNS[node.field];
        const tolerance = NUMBER_TOLERANCE[node.field];
        if ((node.op === '=' || node.op === '!=') && tolerance > 0) {
          const within = `${column} BETWEEN ${param(node.value - tolerance)} AND ${param(
            node.value + tolerance,
          )}`;
          return node.op === '=' ? within : `NOT IFNULL(${within}, 0)`;
        }
        return `${column} ${node.op} ${param(node.value)}`;
      }
      case 'numberRange': {
        if (node.field === 'rating') {
          return stars(STAR_VALUES.filter((value) => value >= node.from && value <= node.to));
        }
        const column = NUMBER_COLUMNS[node.field];
        const tolerance = NUMBER_TOLERANCE[node.field];
        return `${column} BETWEEN ${param(node.from - tolerance)} AND ${param(node.to + tolerance)}`;
      }
      case 'date': {
        const bounds: string[] = [];
        if (node.field === 'taken') {
          if (node.from !== null) bounds.push(`p.taken_sort >= ${param(dayStart(node.from))}`);
          if (node.to !== null) bounds.push(`p.taken_sort < ${param(dayStart(node.to))}`);
        } else {
          // Import times are ISO text in UTC: a day compares as its prefix.
          if (node.from !== null) bounds.push(`p.imported_at >= ${param(node.from)}`);
          if (node.to !== null) bounds.push(`p.imported_at < ${param(node.to)}`);
        }
        return `(${bounds.join(' AND ')})`;
      }
      case 'flag':
        return node.value === 'none' ? 'p.flag IS NULL' : `p.flag = ${param(node.value)}`;
      case 'label':
        return node.value === 'none' ? 'p.label IS NULL' : `p.label = ${param(node.value)}`;
      case 'keyword': {
        // The key orders the tree: the keyword's descendants are the keys from `key/` up to
        // (not including) `key0`, '0' being the character after '/'.
        const key = keywordKey(node.path);
        // A keyword on a large part of the library is tested on each photo another term (or
        // the table) yields, among that photo's few keywords: SQLite, knowing nothing of the
        // list's length, would otherwise start from it (a seek per photo, half the library for
        // keyword:Places) or first copy all of it into a table to test against.
        if (albums.isCommonKeyword?.(key)) {
          // A top-level keyword is on the photo's own row (keyword-roots-schema.ts): tested there,
          // in photos_by_rating with `rating`, without a probe of the photo's keywords.
          const root = keywordRootPattern(key);
          if (root !== null) return `instr(p.keyword_roots, ${param(root)}) > 0`;
          return `EXISTS (SELECT 1 FROM photo_keywords k WHERE k.photo_id = p.id AND (k.keyword_key = ${param(
            key,
          )} OR (k.keyword_key >= ${param(`${key}/`)} AND k.keyword_key < ${param(`${key}0`)})))`;
        }
        // Two ranges of the key index, not one OR: SQLite answers an OR over a WITHOUT ROWID
        // table by looking up every row it finds in the table, twice the work.
        return `p.id IN (SELECT photo_id FROM photo_keywords WHERE keyword_key = ${param(
          key,
        )} UNION ALL SELECT photo_id FROM photo_keywords WHERE keyword_key >= ${param(
          `${key}/`,
        )} AND keyword_key < ${param(`${key}0`)})`;
      }
      case 'type':
        // `raw` is any camera RAW format, `video` any video; the others name one format.
        if (node.value === 'video') return "p.kind = 'video'";
        if (node.value === 'raw') {
          return `p.format IN (${RAW_FORMATS.map((format) => param(format)).join(', ')})`;
        }
        return `p.format = ${param(node.value)}`;
      case 'album': {
        const album = albums.find(node.name);
        if (album === undefined) return '0';
        if (album.query === null) {
          return `p.id IN (SELECT photo_id FROM album_photos WHERE album_id = ${param(album.id)})`;
        }
        if (expanding.has(album.id)) return '0';
        expanding.add(album.id);
        const inner = compile(album.query);
        expanding.delete(album.id);
        return inner;
      }
      case 'folder': {
        const places = albums.folders?.(node.path) ?? [];
        if (places.length === 0) return '0';
        // A folder and everything below it: '/' is U+002F and '0' U+0030, so the paths under
        // `within/` are one range of the (root_id, rel_path) index.
        const matches = places.map(({ rootId, within }) =>
          within === ''
            ? `root_id = ${param(rootId)}`
            : `(root_id = ${param(rootId)} AND rel_path >= ${param(`${within}/`)} AND rel_path < ${param(`${within}0`)})`,
        );
        return `p.id IN (SELECT photo_id FROM folder_files WHERE role = 'original' AND (${matches.join(' OR ')}))`;
      }
      case 'has':
        switch (node.value) {
          case 'gps':
            return 'p.gps_lat IS NOT NULL';
          case 'caption':
            return "IFNULL(p.caption, '') != ''";
          case 'title':
            return "IFNULL(p.title, '') != ''";
          case 'keywords':
            return 'EXISTS (SELECT 1 FROM photo_keywords k WHERE k.photo_id = p.id)';
        }
        break;
      case 'orient':
        return node.value === 'landscape'
          ? 'p.width > p.height'
          : node.value === 'portrait'
            ? 'p.width < p.height'
            : 'p.width = p.height';
    }
    throw new Error(`unknown query node ${JSON.stringify(node)}`);
  };

  const sql = compile(tree);
  const ids = compileIdSet(tree);
  return ids === null ? { sql, params } : { sql, params, ids };
}

/**
 * The query as a compound SELECT of photo ids (the trash included), or null when a term of it
 * is a test of a photo's row rather than a lookup: free text is its FTS matches and its name
 * matches, AND is INTERSECT and OR is UNION, each deduplicating as the WHERE does.
 */
function compileIdSet(tree: QueryNode): { sql: string; params: Array<string | number> } | null {
  const params: Array<string | number> = [];
  const param = (value: string | number): string => {
    params.push(value);
    return '?';
  };
  const fts = (match: string): string =>
    `SELECT rowid AS id FROM photo_text WHERE photo_text MATCH ${param(match)}`;
  // Only a name pattern the trigram index answers exactly: three characters or more, no % or _.
  const name = (value: string): string | null =>
    [...value].length < TRIGRAM_LENGTH || /[%_]/.test(value)
      ? null
      : `SELECT rowid AS id FROM photo_name_trigram WHERE original_name LIKE ${param(`%${value}%`)}`;
  const set = (node: QueryNode): string | null => {
    switch (node.kind) {
      case 'text': {
        const matches = fts(`${ftsString(node.text)}${node.prefix ? ' *' : ''}`);
        if (node.phrase) return matches;
        const names = name(node.text);
        return names === null ? null : `${matches} UNION ${names}`;
      }
      case 'textField':
        if (node.field === 'title' || node.field === 'caption') {
          return fts(`${node.field} : ${ftsString(node.text)} *`);
        }
        return node.field === 'name' ? name(node.text) : null;
      case 'and':
      case 'or': {
        const parts: string[] = [];
        for (const child of node.nodes) {
          const part = set(child);
          if (part === null) return null;
          parts.push(`SELECT id FROM (${part})`);
        }
        return parts.join(node.kind === 'and' ? ' INTERSECT ' : ' UNION ');
      }
      default:
        return null;
    }
  };
  const sql = set(tree);
  return sql === null ? null : { sql, params };
}
