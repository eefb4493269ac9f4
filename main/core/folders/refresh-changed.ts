/**
 * A photo one of whose files in an added folder was edited elsewhere (its size or time moved,
 * and its content with them): the same photo (id, description, albums), its new content's hash,
 * size and dimensions, and derivatives made again from it, switched in as a late file's are
 * (`import/switch-derivatives.ts`): made in staging, recorded in one transaction, the old ones
 * removed after it commits.
 */
import { ShoeboxError } from '../../../common/errors';
import { hashFile } from '../import/hash-file';
import type { ImportDependencies } from '../import/import-service';
import {
  dropStaged,
  removeReplaced,
  stageDerivatives,
  switchDerivatives,
} from '../import/switch-derivatives';
import { addTurns, prepareDerivativeSource, sourceFactsOfRow } from '../library/derivative-source';
import { stat } from 'node:fs/promises';

/** What refreshing one changed file came to. */
export type RefreshOutcome = 'refreshed' | 'unchanged' | 'unreadable';

/**
 * Brings a photo in step with one of its files in an added folder (`stored`, its `folder:`
 * reference) edited elsewhere: its new hash and size recorded, and its derivatives made anew
 * when they are made from it (the original, or a RAW's paired JPEG). `unchanged` when its
 * content is what was recorded (only its time moved), `unreadable` when it is not there now.
 * Throws what the caller reports as the file's failure (a file that no longer decodes, a
 * content that another photo has).
 */
export async function refreshChangedFile(
  deps: ImportDependencies,
  photoId: number,
  stored: string,
  signal?: AbortSignal,
): Promise<RefreshOutcome> {
  const { photos } = deps;
  const row = photos.findById(photoId);
  const location = photos.locate(stored);
  if (!row || !location || location.status !== 'ok') return 'unreadable';
  const companion =
    stored === row.stored_path
      ? null
      : (photos.files.of([photoId]).get(photoId) ?? []).find((file) => file.stored_path === stored);
  if (companion === undefined) return 'unreadable';
  const hash = await hashFile(location.path, signal);
  if (hash === (companion?.hash ?? row.hash)) return 'unchanged';
  const other = photos.findByContent(hash);
  if (other && other.id !== photoId) {
    throw new ShoeboxError(
      'CONFLICT',
      `${location.path} now has the content of photo ${other.id}; it is left as it was`,
    );
  }
  const { size } = await stat(location.path);
  if (companion && companion.role !== 'pair') {
    // A Live Photo's movie or a camera sidecar: nothing is shown from it.
    photos.files.replaceContent(stored, hash, size);
    return 'refreshed';
  }
  const source = await prepareDerivativeSource(
    sourceFactsOfRow(photos, row),
    { folder: deps.layout.staging, leaseId: deps.lease.id },
    signal,
  );
  try {
    const staged = await stageDerivatives(
      deps,
      { path: source.sourcePath, hash },
      addTurns(source.turn, row.rotation),
      signal,
    );
    try {
      const { made } = staged;
      const shown = { width: made.width, height: made.height };
      const replaced = photos.replaceContent(
        photoId,
        companion
          ? { hash: row.hash, bytes: row.bytes, ...shown }
          : { hash, bytes: size, ...shown },
        () => {
          if (companion) photos.files.replaceContent(stored, hash, size);
          return switchDerivatives(deps, photoId, staged);
        },
      );
      await removeReplaced(deps, replaced);
      return 'refreshed';
    } finally {
      await dropStaged(staged);
    }
  } finally {
    await source.release().catch(() => undefined);
  }
}
