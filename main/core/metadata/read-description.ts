/**
 * Turns what other apps wrote about a photo (its embedded XMP and IPTC, its XMP sidecars, as
 * exifr gives them per namespace) into a description, by the field map of
 * ../shared/research/organise.md, A2.1: stars and reject from `xmp:Rating`, the flag from
 * `digiKam:PickLabel`, the label from `xmp:Label` then digiKam's and darktable's own fields,
 * keywords from every app's hierarchical field plus the flat ones, title and caption from Dublin
 * Core then IPTC. Pure: no files, so every rule is tested on plain objects.
 */
import type { PhotoDescription } from '../../../common/contract';
import {
  COLOR_LABELS,
  hasControlCharacter,
  KEYWORD_SEPARATOR,
  keywordKey,
  MAX_CAPTION_LENGTH,
  MAX_KEYWORD_LENGTH,
  MAX_RATING,
  MAX_TITLE_LENGTH,
  normalizeKeywordPath,
  type ColorLabel,
  type PhotoFlag,
} from '../../../common/description';

/** One source as exifr reads it with `mergeOutput: false`: tags by namespace prefix. */
export type MetadataNamespaces = Record<string, Record<string, unknown> | undefined>;

/** What one source says; a field it does not have is absent, so another source may give it. */
export interface PartialDescription {
  rating?: number;
  flag?: PhotoFlag | null;
  label?: ColorLabel;
  title?: string;
  caption?: string;
  /** Empty when the source has no keywords. */
  keywords: string[];
}

// Hierarchical keyword fields and the separator each app puts between levels, in digiKam's
// read order (`defaultTagValues`).
const HIERARCHICAL_KEYWORDS: [namespace: string, property: string, separator: string][] = [
  ['lr', 'hierarchicalSubject', '|'],
  ['digiKam', 'TagsList', '/'],
  ['mediapro', 'CatalogSets', '|'],
  ['MicrosoftPhoto', 'LastKeywordXMP', '/'],
];

// Flat keyword fields: XMP's Dublin Core subject, then IPTC IIM Keywords (2:25).
const FLAT_KEYWORDS: [namespace: string, property: string][] = [
  ['dc', 'subject'],
  ['iptc', 'Keywords'],
];

// digiKam's PickLabel: 0 none, 1 rejected, 2 pending, 3 accepted (dmetadata_labels.cpp).
const PICK_LABELS: Record<number, PhotoFlag | null> = { 0: null, 1: 'reject', 2: null, 3: 'pick' };

// digiKam's ColorLabel: 1 red, 2 orange, 3 yellow, 4 green, 5 blue, 6 magenta, 7 gray, 8 black,
// 9 white. Orange and the greys have no Lightroom label, so they read as none.
const DIGIKAM_COLOR_LABELS: Record<number, ColorLabel> = {
  1: 'red',
  3: 'yellow',
  4: 'green',
  5: 'blue',
  6: 'purple',
};

// darktable's colorlabels Seq: 0 red, 1 yellow, 2 green, 3 blue, 4 purple (its own order is
// Lightroom's).
const DARKTABLE_COLOR_LABELS: readonly ColorLabel[] = COLOR_LABELS;

// XMP says "-1 indicates rejected, 0 unrated"; darktable and Bridge write it so.
const REJECTED_RATING = -1;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A photo's description from its sources, lowest precedence first (the file's embedded XMP and
 * IPTC, then its sidecars from oldest to newest): each field comes from the last source that
 * has it, so a sidecar wins over what is embedded (A2.3). Keywords are a field like the others:
 * a sidecar's keywords replace the embedded ones, so a keyword removed in the app that keeps the
 * sidecar does not come back from the file.
 */
export function readDescription(sources: MetadataNamespaces[]): PhotoDescription {
  const merged: PartialDescription = { keywords: [] };
  for (const source of sources) {
    const found = describeSource(source);
    if (found.rating !== undefined) merged.rating = found.rating;
    if (found.flag !== undefined) merged.flag = found.flag;
    if (found.label !== undefined) merged.label = found.label;
    if (found.title !== undefined) merged.title = found.title;
    if (found.caption !== undefined) merged.caption = found.caption;
    if (found.keywords.length > 0) merged.keywords = found.keywords;
  }
  return {
    rating: merged.rating ?? 0,
    flag: merged.flag ?? null,
    label: merged.label ?? null,
    title: merged.title ?? null,
    caption: merged.caption ?? null,
    keywords: merged.keywords,
  };
}

/** What one source (embedded XMP + IPTC, or one sidecar) says about a photo. */
export function describeSource(tags: MetadataNamespaces): PartialDescription {
  const found: PartialDescription = { keywords: keywordsOf(tags) };
  const rawRating = numberOf(tags.xmp?.Rating);
  const pick = numberOf(tags.digiKam?.PickLabel);
  if (rawRating !== null) {
    found.rating = rawRating <= REJECTED_RATING ? 0 : clamp(Math.round(rawRating), 0, MAX_RATING);
  }
  // Stars and reject share xmp:Rating: a source with stars says the photo is not rejected.
  if (rawRating !== null && rawRating <= REJECTED_RATING) found.flag = 'reject';
  else if (pick !== null && pick in PICK_LABELS) found.flag = PICK_LABELS[pick]!;
  else if (rawRating !== null) found.flag = null;
  const label = labelOf(tags);
  if (label) found.label = label;
  const title = textOf(tags.dc?.title) ?? iptcText(tags.iptc?.ObjectName);
  if (title !== null) found.title = title.slice(0, MAX_TITLE_LENGTH);
  const caption = textOf(tags.dc?.description) ?? iptcText(tags.iptc?.Caption);
  if (caption !== null) found.caption = caption.slice(0, MAX_CAPTION_LENGTH);
  return found;
}

/** `xmp:Label` (Lightroom's names, any case), else `digiKam:ColorLabel`, else darktable's. */
function labelOf(tags: MetadataNamespaces): ColorLabel | undefined {
  const named = String(tags.xmp?.Label ?? '')
    .trim()
    .toLowerCase();
  if ((COLOR_LABELS as readonly string[]).includes(named)) return named as ColorLabel;
  const digiKam = numberOf(tags.digiKam?.ColorLabel);
  if (digiKam !== null && DIGIKAM_COLOR_LABELS[digiKam]) return DIGIKAM_COLOR_LABELS[digiKam];
  // darktable allows several labels; the library keeps one: the first darktable lists.
  for (const value of listOf(tags.darktable?.colorlabels)) {
    const label = DARKTABLE_COLOR_LABELS[Number(value)];
    if (label) return label;
  }
  return undefined;
}

/**
 * The union of every app's hierarchical keywords, then the flat ones that name no level of a
 * known path (Lightroom and darktable write a path's leaf, and often its parents, into
 * `dc:subject` beside it). One spelling per keyword whatever its case: the first met.
 */
function keywordsOf(tags: MetadataNamespaces): string[] {
  const byKey = new Map<string, string>();
  const add = (path: string | null): void => {
    if (path !== null && !byKey.has(keywordKey(path))) byKey.set(keywordKey(path), path);
  };
  for (const [namespace, property, separator] of HIERARCHICAL_KEYWORDS) {
    for (const raw of listOf(tags[namespace]?.[property])) {
      add(keywordPath(raw.split(separator).join(KEYWORD_SEPARATOR)));
    }
  }
  const knownLevels = new Set(
    [...byKey.values()].flatMap((path) => path.split(KEYWORD_SEPARATOR).map(keywordKey)),
  );
  for (const [namespace, property] of FLAT_KEYWORDS) {
    for (const raw of listOf(tags[namespace]?.[property])) {
      const path = keywordPath(namespace === 'iptc' ? repairIptcText(raw) : raw);
      if (path !== null && !knownLevels.has(keywordKey(path))) add(path);
    }
  }
  return [...byKey.values()];
}

/** A keyword path as the library stores it, or null for one it cannot hold. */
function keywordPath(raw: string): string | null {
  const path = normalizeKeywordPath(raw);
  if (path === null || path.length > MAX_KEYWORD_LENGTH || hasControlCharacter(path)) return null;
  return path;
}

/**
 * A Dublin Core text: a language alternative (exifr gives `{lang, value}`, or a list of them for
 * several languages: `x-default` first, else the first), or a plain value. Null when blank.
 */
function textOf(value: unknown): string | null {
  const alternatives = itemsOf(value);
  const chosen =
    alternatives.find((item) => isLanguageItem(item) && item.lang === 'x-default') ??
    alternatives[0];
  const found = isLanguageItem(chosen) ? chosen.value : chosen;
  if (typeof found !== 'string' && typeof found !== 'number') return null;
  const text = String(found);
  return text.trim() === '' ? null : text;
}

function iptcText(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text = repairIptcText(String(value));
  return text.trim() === '' ? null : text;
}

/**
 * IPTC text as written. exifr decodes IPTC as Latin-1 whatever its character set, so the UTF-8
 * that every current app writes (with the 1:90 marker exifr does not read) comes back as
 * `Ã©`; text whose Latin-1 bytes are valid UTF-8 is decoded again. Real Latin-1 text with
 * accents is almost never valid UTF-8, so it stays as it was.
 */
function repairIptcText(text: string): string {
  const codes = Array.from(text, (char) => char.codePointAt(0)!);
  if (!codes.some((code) => code >= 0x80) || codes.some((code) => code > 0xff)) return text;
  try {
    return utf8.decode(Uint8Array.from(codes));
  } catch {
    return text;
  }
}

function isLanguageItem(value: unknown): value is { lang: unknown; value: unknown } {
  return typeof value === 'object' && value !== null && 'value' in value && 'lang' in value;
}

/** exifr gives a one-item bag (or one IPTC keyword) as the plain value: always a list. */
function itemsOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? (value as unknown[]) : [value];
}

/** The texts (and numbers, which exifr makes of `2023`) of a list. */
function listOf(value: unknown): string[] {
  return itemsOf(value)
    .filter((item) => typeof item === 'string' || typeof item === 'number')
    .map((item) => String(item));
}

function numberOf(value: unknown): number | null {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : null;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
