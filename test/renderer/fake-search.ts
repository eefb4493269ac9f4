/**
 * The fake library's search: a parsed query evaluated over in-memory photos as the core's SQL
 * evaluates it over rows (the core's own tests check the real thing against SQLite).
 */
import type { Album, Photo, SearchFacets } from '../../common/contract';
import { keywordKey } from '../../common/description';
import type { QueryNode } from '../../common/search/query-ast';

/** Lower case without accents: how free text compares. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words of a text, folded. */
function words(text: string | null): string[] {
  return text === null
    ? []
    : fold(text)
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean);
}

/** Whether a photo's words (or one of them, by prefix) hold `text`. */
function hasWord(haystack: string[], text: string, prefix: boolean): boolean {
  const wanted = words(text);
  if (wanted.length === 0) return false;
  return wanted.every((word, index) =>
    haystack.some((candidate) =>
      prefix && index === wanted.length - 1 ? candidate.startsWith(word) : candidate === word,
    ),
  );
}

// The fake photos record no exposure: only stars compare as numbers here.
const NUMBER_OF = {
  rating: (photo: Photo): number | null => photo.rating,
  iso: (): number | null => null,
  f: (): number | null => null,
  mm: (): number | null => null,
} as const;

/** Whether `photo` matches `node`; `albums` resolves `album:` terms. */
export function matchesQuery(
  photo: Photo,
  node: QueryNode,
  album: (name: string) => { album: Album; photoIds: Set<number> } | undefined,
): boolean {
  const match = (inner: QueryNode): boolean => matchesQuery(photo, inner, album);
  const all = [
    ...words(photo.originalName),
    ...words(photo.title),
    ...words(photo.caption),
    ...photo.keywords.flatMap((path) => words(path)),
  ];
  switch (node.kind) {
    case 'all':
      return true;
    case 'and':
      return node.nodes.every(match);
    case 'or':
      return node.nodes.some(match);
    case 'not':
      return !match(node.node);
    case 'text':
      return (
        hasWord(all, node.text, node.prefix) ||
        (!node.phrase && photo.originalName.toLowerCase().includes(node.text.toLowerCase()))
      );
    case 'textField': {
      const field = {
        camera: `${photo.cameraMake ?? ''} ${photo.cameraModel ?? ''}`,
        lens: photo.lens ?? '',
        name: photo.originalName,
        title: photo.title ?? '',
        caption: photo.caption ?? '',
      }[node.field];
      return node.field === 'title' || node.field === 'caption'
        ? hasWord(words(field), node.text, true)
        : field.toLowerCase().includes(node.text.toLowerCase());
    }
    case 'number': {
      const value = NUMBER_OF[node.field](photo);
      if (value === null) return false;
      const ops = {
        '=': value === node.value,
        '!=': value !== node.value,
        '>': value > node.value,
        '>=': value >= node.value,
        '<': value < node.value,
        '<=': value <= node.value,
      };
      return ops[node.op];
    }
    case 'numberRange': {
      const value = NUMBER_OF[node.field](photo);
      return value !== null && value >= node.from && value <= node.to;
    }
    case 'date': {
      const day = (node.field === 'taken' ? photo.takenAt : photo.importedAt).slice(0, 10);
      return (node.from === null || day >= node.from) && (node.to === null || day < node.to);
    }
    case 'flag':
      return (photo.flag ?? 'none') === node.value;
    case 'label':
      return (photo.label ?? 'none') === node.value;
    case 'keyword': {
      const key = keywordKey(node.path);
      return photo.keywords.some(
        (path) => keywordKey(path) === key || keywordKey(path).startsWith(`${key}/`),
      );
    }
    case 'type':
      return photo.format === node.value;
    case 'album':
      return album(node.name)?.photoIds.has(photo.id) ?? false;
    case 'folder':
      // A fake folder is known by its path: the photo's file lies in it or below.
      return photo.source === 'folder' && photo.path.startsWith(`${node.path}/`);
    case 'has':
      return {
        gps: photo.gps !== null,
        caption: (photo.caption ?? '') !== '',
        title: (photo.title ?? '') !== '',
        keywords: photo.keywords.length > 0,
      }[node.value];
    case 'orient':
      return node.value === 'landscape'
        ? photo.width > photo.height
        : node.value === 'portrait'
          ? photo.width < photo.height
          : photo.width === photo.height;
  }
}

/** Photos per capture day, in the order given (each day once, as they come). */
export function dayBuckets(photos: Photo[]): Array<{ day: string; count: number }> {
  const days: Array<{ day: string; count: number }> = [];
  for (const photo of photos) {
    const day = photo.takenAt.slice(0, 10);
    if (days.at(-1)?.day === day) days[days.length - 1].count += 1;
    else days.push({ day, count: 1 });
  }
  return days;
}

/** The facet counts of these photos, as `searchFacets` answers them. */
export function facetsOf(photos: Photo[]): SearchFacets {
  const count = <T extends string | number>(
    values: Array<T | null>,
  ): Array<{ value: T; count: number }> => {
    const counts = new Map<T, number>();
    for (const value of values)
      if (value !== null && value !== '') counts.set(value, (counts.get(value) ?? 0) + 1);
    return [...counts].map(([value, n]) => ({ value, count: n })).sort((a, b) => b.count - a.count);
  };
  return {
    rating: count(photos.map((photo) => photo.rating)).sort((a, b) => a.value - b.value),
    flag: count(photos.map((photo) => photo.flag ?? ('none' as const))),
    label: count(photos.map((photo) => photo.label ?? 'none')),
    type: count(photos.map((photo) => photo.format)),
    year: count(photos.map((photo) => photo.takenAt.slice(0, 4))).sort((a, b) =>
      a.value < b.value ? 1 : -1,
    ),
    camera: count(photos.map((photo) => photo.cameraModel)),
    lens: count(photos.map((photo) => photo.lens)),
    keyword: count(photos.flatMap((photo) => photo.keywords)),
  };
}
