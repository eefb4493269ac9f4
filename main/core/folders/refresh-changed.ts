/**
 * A photo whose file in an added folder was edited elsewhere (its size or time moved, and its
 * content with them): the same photo (id, description, albums), its new content's hash, size
 * and dimensions, and derivatives made again from it, switched in as a late file's are
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

/** What refreshing one changed photo came to. */
export type RefreshOutcome = 'refreshed' | 'unchanged' | 'unreadable';

/**
 * Makes a changed referenced photo anew from its file where it is now. `unchanged` when its
 * content is what the photo has (only its time moved), `unreadable` when it is not there now.
 * Throws what the caller reports as the file's failure (a file that no longer decodes, a
 * content that another photo has).
 */
export async function refreshChangedPhoto(
  deps: ImportDependencies,
  photoId: number,
  signal?: AbortSignal,
): Promise<RefreshOutcome> {
  const { photos } = deps;
  const row = photos.findById(photoId);
  const location = row ? photos.locate(row.stored_path) : null;
  if (!row || !location || location.status !== 'ok') return 'unreadable';
  const hash = await hashFile(location.path, signal);
  if (hash === row.hash) return 'unchanged';
  const other = photos.findByContent(hash);
  if (other && other.id !== photoId) {
    throw new ShoeboxError(
      'CONFLICT',
      `${location.path} now has the content of photo ${other.id}; it is left as it was`,
    );
  }
  const { size } = await stat(location.path);
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
      const replaced = photos.replaceContent(
        photoId,
        { hash, bytes: size, width: made.width, height: made.height },
        () => switchDerivatives(deps, photoId, staged),
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
