/** What several photos have in common, for the fields that describe them all at once. */
import { keywordKey } from '../../../common/description';

/** Shown in place of a value the photos do not share. */
export const MIXED = 'mixed';
/** The value of a field that several photos do not agree on. */
export type Mixed = typeof MIXED;

/** The one value every item has, or MIXED; MIXED for no items too (there is nothing to show). */
export function commonValue<T>(values: readonly T[]): T | Mixed {
  if (values.length === 0) return MIXED;
  const first = values[0];
  return values.every((value) => value === first) ? first : MIXED;
}

/** The keywords every list has (whatever their case), in the first list's order and spelling. */
export function commonKeywords(lists: ReadonlyArray<readonly string[]>): string[] {
  if (lists.length === 0) return [];
  const [first, ...rest] = lists;
  const others = rest.map((list) => new Set(list.map(keywordKey)));
  return first.filter((path) => others.every((keys) => keys.has(keywordKey(path))));
}
