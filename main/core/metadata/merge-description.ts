/**
 * What a photo already in the library becomes when a copy of it arrives with a description of
 * its own (a duplicate whose sidecar says more): the user's values stay, what was empty is
 * filled, keywords are the union.
 */
import type { PhotoDescription } from '../../../common/contract';
import { keywordKey } from '../../../common/description';

/** `existing` with the blanks filled from `incoming` and its keywords added. */
export function mergeDescription(
  existing: PhotoDescription,
  incoming: PhotoDescription,
): PhotoDescription {
  const keys = new Set(existing.keywords.map(keywordKey));
  return {
    // No stars is what a photo has before anyone rated it.
    rating: existing.rating === 0 ? incoming.rating : existing.rating,
    flag: existing.flag ?? incoming.flag,
    label: existing.label ?? incoming.label,
    title: existing.title ?? incoming.title,
    caption: existing.caption ?? incoming.caption,
    keywords: [
      ...existing.keywords,
      ...incoming.keywords.filter((path) => !keys.has(keywordKey(path))),
    ],
  };
}

/** Whether two descriptions say the same (keywords in any order). */
export function sameDescription(a: PhotoDescription, b: PhotoDescription): boolean {
  const keys = (description: PhotoDescription): string =>
    description.keywords.map(keywordKey).sort().join('\n');
  return (
    a.rating === b.rating &&
    a.flag === b.flag &&
    a.label === b.label &&
    a.title === b.title &&
    a.caption === b.caption &&
    keys(a) === keys(b)
  );
}
