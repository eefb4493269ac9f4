/**
 * Keyset pagination: a cursor is the (sort key, id) of the last row of the previous page, so
 * every page is one index range scan however deep the user has scrolled.
 */
import { ShoeboxError } from '../../../common/errors';

/** The cursor after a row with this sort key and id. */
export function encodeCursor(sortKey: number | string, id: number): string {
  return `${typeof sortKey === 'number' ? 'n' : 's'}${sortKey}~${id}`;
}

/** The sort key and id a cursor holds; INVALID_INPUT for one Shoebox did not make. */
export function decodeCursor(cursor: string): { sortKey: number | string; id: number } {
  const separator = cursor.lastIndexOf('~');
  const id = Number(cursor.slice(separator + 1));
  const raw = cursor.slice(1, separator);
  const sortKey = cursor.startsWith('n') ? Number(raw) : raw;
  if (
    separator < 1 ||
    !Number.isSafeInteger(id) ||
    (typeof sortKey === 'number' && Number.isNaN(sortKey))
  ) {
    throw new ShoeboxError('INVALID_INPUT', 'That page cursor is not one Shoebox made.');
  }
  return { sortKey, id };
}
