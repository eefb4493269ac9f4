/**
 * Thumbnails first, the second phase: a photo recorded with its thumbnail only (its row's
 * `derivatives_pending` holding this process's lease id) gets its medium and large, made
 * from the same derivative source the thumbnail was (a RAW's preview or a video's poster is
 * made once, kept in staging between the phases), and recorded in one transaction that ends
 * its pending state. A cancelled import leaves its photos for the next import of any process
 * (LEFT_FOR_NEXT_IMPORT); sizes that cannot be made leave the photo pending for verify to
 * report and repair (PHASE_TWO_FAILED); after a crash, the next core to open finishes them
 * (pending-derivatives.ts), as does `verify --repair` (verify-service.ts).
 */
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import type { DerivativeSize } from '../../../common/derivative-sizes';
import type { Rotation } from '../../../common/description';
import type { ImagingPool } from '../imaging/imaging-pool';
import {
  addTurns,
  prepareDerivativeSource,
  sourceFactsOfRow,
  type DerivativeSource,
} from '../library/derivative-source';
import { toStoredPath } from '../library/library-paths';
import { derivativeBaseName } from '../library/rotate-photos';
import type { ImportDependencies } from './import-service';

/**
 * What `derivatives_pending` holds for a photo an import stopped on purpose (cancelled) before
 * its second phase: no process is making its sizes, and the next import of any process takes
 * it up (or `verify --repair`); unlike a crashed import's, it is not a problem verify reports.
 */
export const LEFT_FOR_NEXT_IMPORT = 'left-for-next-import';

/**
 * What `derivatives_pending` holds for a photo whose medium and large could not be made: no
 * process is making them, so verify reports the missing sizes and a repair makes them again;
 * meanwhile its media answer the thumbnail (media-files.ts). No import retries it.
 */
export const PHASE_TWO_FAILED = 'phase-two-failed';

/** What making the second phase needs of an import's dependencies. */
export type FinishDependencies = Pick<ImportDependencies, 'layout' | 'photos' | 'lease'>;

/**
 * The sizes the second phase makes: the thumbnail again too, from the medium's pixels as a
 * one-phase import makes it (the first phase's is a quick one: a 1/4-scale decode, or a
 * camera JPEG's embedded preview), for a few ms on top of the large decode.
 */
export const LATER_SIZES: readonly DerivativeSize[] = ['thumb', 'medium', 'large'];

/** A photo whose medium and large are still to be made. */
export interface PendingDerivatives {
  photoId: number;
  hash: string;
  /** The user's rotation the sizes are made for (0 for a photo just imported). */
  rotation: Rotation;
  /** The picture to make them from: kept from the first phase, or prepared again. */
  source: () => Promise<DerivativeSource>;
  /** Gives back a source kept from the first phase, when the second will not run. */
  drop: () => Promise<void>;
  /** The path the user knows the photo's file by, for the import's summary. */
  shownPath?: string;
}

/**
 * The photos a cancelled import left pending (this process's or another's), each taken over
 * and claimed for the caller. A crashed process's are left to verify --repair, which knows
 * which processes are alive.
 */
export function takeLeftPending(deps: ImportDependencies): PendingDerivatives[] {
  const leaseId = deps.lease.id;
  // Taken over one by one in the database: of two imports starting at once, one takes each.
  return deps.photos.pending
    .list()
    .filter(
      (row) =>
        row.derivatives_pending === LEFT_FOR_NEXT_IMPORT &&
        deps.photos.pending.adopt(row.id, LEFT_FOR_NEXT_IMPORT, leaseId),
    )
    .map((row) => {
      return {
        photoId: row.id,
        hash: row.hash,
        rotation: row.rotation,
        source: () =>
          prepareDerivativeSource(sourceFactsOfRow(deps.photos, row), {
            folder: deps.layout.staging,
            leaseId,
          }),
        drop: async () => undefined,
        shownPath: row.original_name,
      };
    });
}

/**
 * Makes and records a pending photo's medium and large. Throws what making them threw; a cancelled one is left for the next import (leavePending),
 * after any other failure it stays pending as PHASE_TWO_FAILED, so verify reports its missing
 * sizes and a repair makes them. Sizes the row no longer wants (the photo was deleted or
 * turned meanwhile) are removed.
 */
export async function finishDerivatives(
  deps: FinishDependencies,
  pool: ImagingPool,
  pending: PendingDerivatives,
  signal: AbortSignal | undefined,
): Promise<void> {
  const leaseId = deps.lease.id;
  let release = async (): Promise<void> => undefined;
  try {
    const source = await pending.source();
    release = source.release;
    const made = await pool.makeDerivatives(
      {
        sourcePath: source.sourcePath,
        outputDir: path.join(deps.layout.derivatives, pending.hash.slice(0, 2)),
        baseName: derivativeBaseName(pending.hash, pending.rotation),
        rotation: addTurns(source.turn, pending.rotation),
        sizes: LATER_SIZES,
      },
      signal,
    );
    const derivatives = made.derivatives.map((derivative) => ({
      size: derivative.size,
      storedPath: toStoredPath(deps.layout, derivative.path),
      width: derivative.width,
      height: derivative.height,
      bytes: derivative.bytes,
    }));
    if (deps.photos.pending.complete(pending.photoId, leaseId, pending.rotation, derivatives))
      return;
    // Deleted, or turned (the rotation made every size again): these files are no one's.
    for (const derivative of made.derivatives) {
      if (deps.photos.recordsFile(toStoredPath(deps.layout, derivative.path))) continue;
      await unlink(derivative.path).catch(() => undefined);
    }
    const row = deps.photos.findById(pending.photoId);
    if (row?.derivatives_pending === leaseId) deps.photos.pending.clear(row.id);
  } catch (error) {
    const leftAs = signal?.aborted ? LEFT_FOR_NEXT_IMPORT : PHASE_TWO_FAILED;
    deps.photos.pending.adopt(pending.photoId, leaseId, leftAs);
    throw error;
  } finally {
    await release().catch(() => undefined);
  }
}

/**
 * Leaves a pending photo for the next import (this one was cancelled before its second
 * phase), giving back what its kept source holds.
 */
export async function leavePending(
  deps: ImportDependencies,
  pending: PendingDerivatives,
): Promise<void> {
  deps.photos.pending.adopt(pending.photoId, deps.lease.id, LEFT_FOR_NEXT_IMPORT);
  await pending.drop().catch(() => undefined);
}
