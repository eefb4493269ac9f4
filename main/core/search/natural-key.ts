/**
 * The key file names sort by in natural order ("IMG_9" before "IMG_10", any case), kept in
 * `photos.name_sort` so sorting a search by name is an index range like the timeline.
 */
import type { LibraryDatabase } from '../library/database';

/** The SQL function the schema's triggers compute `name_sort` with. */
export const NATURAL_KEY_FUNCTION = 'shoebox_natural_key';

/**
 * A file name's natural sort key: without accents ("Été" beside "ete"), lower case, each run of digits without its leading
 * zeros and prefixed by its length (two digits), so numbers compare by value as text.
 */
export function naturalKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\d+/g, (digits) => {
      const value = digits.replace(/^0+(?=\d)/, '');
      return `${String(value.length).padStart(2, '0')}${value}`;
    });
}

/**
 * Registers `shoebox_natural_key` on a connection. Every Shoebox connection does, before its
 * migrations: the triggers that keep `name_sort` call it on every insert and rename.
 */
export function registerNaturalKey(db: LibraryDatabase): void {
  db.function(NATURAL_KEY_FUNCTION, { deterministic: true }, (name: unknown) =>
    typeof name === 'string' ? naturalKey(name) : null,
  );
}
