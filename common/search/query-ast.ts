/**
 * The search query language's tree: what the search box, the filter bar, `shoebox search` and
 * smart albums all mean by a query. Plain values, no zod, so the browser bundle may parse
 * queries too (for completion and an error before the round trip).
 */
import type { ColorLabel } from '../description';

/** How a number or a date is compared. `:` and `=` both mean equal. */
export type Comparison = '=' | '!=' | '>' | '>=' | '<' | '<=';

/** Fields compared as numbers: stars, and the exposure the camera recorded. */
export const NUMBER_FIELDS = ['rating', 'iso', 'f', 'mm'] as const;
/** Fields matched as a piece of text anywhere in them (any case, any accents for FTS ones). */
export const TEXT_FIELDS = ['camera', 'lens', 'name', 'title', 'caption'] as const;
/** Fields holding a calendar day or range of days. */
export const DATE_FIELDS = ['taken', 'added'] as const;
/** What `type:` tells apart. */
export const PHOTO_TYPES = [
  'jpeg',
  'png',
  'heic',
  'tiff',
  'webp',
  'avif',
  'gif',
  'raw',
  'video',
] as const;
/** What `has:` asks for. */
export const HAS_VALUES = ['gps', 'caption', 'title', 'keywords'] as const;
/** What `orient:` tells apart. */
export const ORIENTATIONS = ['landscape', 'portrait', 'square'] as const;

export type NumberField = (typeof NUMBER_FIELDS)[number];
export type TextField = (typeof TEXT_FIELDS)[number];
export type DateField = (typeof DATE_FIELDS)[number];
export type PhotoType = (typeof PHOTO_TYPES)[number];
export type HasValue = (typeof HAS_VALUES)[number];
export type Orientation = (typeof ORIENTATIONS)[number];

/** One node of a parsed query. */
export type QueryNode =
  | { kind: 'all' }
  | { kind: 'and'; nodes: QueryNode[] }
  | { kind: 'or'; nodes: QueryNode[] }
  | { kind: 'not'; node: QueryNode }
  /** Free text: file name, title, caption, keywords. `prefix`: `tour*`; `phrase`: quoted. */
  | { kind: 'text'; text: string; prefix: boolean; phrase: boolean }
  | { kind: 'number'; field: NumberField; op: Comparison; value: number }
  | { kind: 'numberRange'; field: NumberField; from: number; to: number }
  | { kind: 'textField'; field: TextField; text: string }
  /** Days as YYYY-MM-DD: from (inclusive) to (exclusive); null is open-ended. */
  | { kind: 'date'; field: DateField; from: string | null; to: string | null }
  | { kind: 'flag'; value: 'pick' | 'reject' | 'none' }
  | { kind: 'label'; value: ColorLabel | 'none' }
  /** The keyword and every keyword under it (`Places` finds `Places/France/Paris`). */
  | { kind: 'keyword'; path: string }
  | { kind: 'type'; value: PhotoType }
  | { kind: 'album'; name: string }
  /** The photos of an added folder (its name or path), or of a folder inside one. */
  | { kind: 'folder'; path: string }
  | { kind: 'has'; value: HasValue }
  | { kind: 'orient'; value: Orientation };

/**
 * Every field name the parser knows, with what it takes: the completion list of the search
 * box, and the "expected" of an unknown-field error.
 */
export const QUERY_FIELDS: ReadonlyArray<{ name: string; takes: string }> = [
  { name: 'rating', takes: '0-5, with : = != > >= < <= or a range 3..5' },
  { name: 'flag', takes: 'pick, reject or none' },
  { name: 'label', takes: 'red, yellow, green, blue, purple or none' },
  { name: 'keyword', takes: 'a keyword path: Places/France' },
  { name: 'tag', takes: 'a keyword path (same as keyword:)' },
  { name: 'camera', takes: 'part of the make or model' },
  { name: 'lens', takes: 'part of the lens name' },
  { name: 'iso', takes: 'a number or range: iso>=3200' },
  { name: 'f', takes: 'an aperture: f<=2.8' },
  { name: 'mm', takes: 'a focal length or range: mm:24..70' },
  { name: 'type', takes: PHOTO_TYPES.join(', ') },
  { name: 'taken', takes: 'a day, month or year, or a range: 2023-07..2023-09' },
  { name: 'added', takes: 'the day, month or year of import' },
  { name: 'album', takes: 'an album name' },
  { name: 'folder', takes: 'an added folder, by name or path: folder:"2024 Summer/Beach"' },
  { name: 'has', takes: HAS_VALUES.join(', ') },
  { name: 'orient', takes: ORIENTATIONS.join(', ') },
  { name: 'name', takes: 'part of the file name' },
  { name: 'title', takes: 'a word of the title' },
  { name: 'caption', takes: 'a word of the caption' },
];

// Long enough for any query a person types or a smart album holds; bounded so a pasted
// megabyte cannot make a statement with thousands of terms.
/** The longest query, in characters. */
export const MAX_QUERY_LENGTH = 2_000;
// Deeper nesting than this is not written by hand; the bound keeps the parser's recursion small.
/** How deep parentheses and NOT may nest. */
export const MAX_QUERY_DEPTH = 32;

/** What a search can be sorted by: capture time, import time, file name (natural), stars. */
export const SEARCH_SORTS = ['taken', 'added', 'name', 'rating'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];
