import { ShoeboxError } from '../../common/errors';

/**
 * Photo ids as typed on the command line; INVALID_INPUT naming the first that is not one.
 * Whether each exists is the core's answer (NOT_FOUND, nothing changed).
 */
export function parsePhotoIds(texts: string[]): number[] {
  return texts.map((text) => {
    const id = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(id) || id <= 0) {
      throw new ShoeboxError('INVALID_INPUT', `"${text}" is not a photo id.`);
    }
    return id;
  });
}
