/**
 * Thumbnails first, for the life of a core: every photo whose medium and large land (a card
 * import's second phase, or the work below) is announced to open windows as `libraryChanged`
 * 'photos', a batch at a time, so their grids and viewers show the sharp sizes. And after a crash:
 * a photo an import recorded with its thumbnail only, whose process died before its medium and
 * large (its `derivatives_pending` a lease no process holds, as verify tells them,
 * verify-service.ts), is finished by the next core that opens the library, in the background under
 * that core's writer lease. Each photo is taken over in the database first (one compare-and-set),
 * so a live import or another core starting at the same time never makes it twice, and a repair
 * then leaves it to this core (it is a live lease's). Photos a cancelled import left for the next
 * one (LEFT_FOR_NEXT_IMPORT) are finished too, and so are those a closing core cancels here: the
 * next core takes them up.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { LibraryChangeReason } from '../../../common/contract';
import type { ImagingPool } from '../imaging/imaging-pool';
import { prepareDerivativeSource, sourceFactsOfRow } from '../library/derivative-source';
import type { LeaseRepository } from '../library/lease-repository';
import type { LibraryLayout } from '../library/library-paths';
import type { PhotoRepository, PhotoRow } from '../library/photo-repository';
import type { WriterLease } from '../library/writer-lease';
import { batchChanges } from './change-batch';
import {
  finishDerivatives,
  LEFT_FOR_NEXT_IMPORT,
  PHASE_TWO_FAILED,
  type PendingDerivatives,
} from './finish-derivatives';

/** What the pending derivatives' work needs of the core. */
export interface PendingDerivativesDependencies {
  layout: LibraryLayout;
  photos: PhotoRepository;
  leases: LeaseRepository;
  /** This process's writer lease, taken only when there is something to finish. */
  lease: () => WriterLease;
  imaging: () => ImagingPool;
  changed: (reason: LibraryChangeReason) => void;
  /**
   * Whether to finish what dead imports left: only long-lived processes (the app, a server)
   * do, so a one-shot command (`shoebox photos`) never starts workers or takes photos over
   * that its close would only give back.
   */
  finishLeftovers: boolean;
}

/** The background work, for the core's close. */
export interface PendingDerivativesWork {
  /** Cancels what is left, waits for the photo being made to settle, announces what landed. */
  close(): Promise<void>;
}

/**
 * Announces landed sizes from now on, and starts finishing, once open has returned, the
 * photos imports left with their thumbnail only. Never throws: what cannot be finished now
 * stays for the next core, import or verify --repair.
 */
export function startPendingDerivatives(
  deps: PendingDerivativesDependencies,
): PendingDerivativesWork {
  const landed = batchChanges(() => deps.changed('photos'));
  const stopListening = deps.photos.pending.onCompleted(() => landed.changed());
  const controller = new AbortController();
  const work = deps.finishLeftovers
    ? nextTurn()
        .then(() => finishDeadImports(deps, controller.signal))
        .catch(() => undefined)
    : Promise.resolve();
  return {
    async close() {
      controller.abort();
      await work;
      stopListening();
      landed.flush();
    },
  };
}

/**
 * Whether no process is making a pending photo's sizes: its import died, or was cancelled (or
 * closed) with them left for the next import. One that failed is verify's to report.
 */
function leftUnmade(row: PhotoRow, leases: LeaseRepository): boolean {
  const pending = row.derivatives_pending;
  if (pending === null || pending === PHASE_TWO_FAILED) return false;
  return pending === LEFT_FOR_NEXT_IMPORT || !leases.isLive(pending);
}

async function finishDeadImports(
  deps: PendingDerivativesDependencies,
  signal: AbortSignal,
): Promise<void> {
  if (signal.aborted) return;
  const dead = deps.photos.pending.list().filter((row) => leftUnmade(row, deps.leases));
  if (dead.length === 0) return;
  const { layout, photos } = deps;
  const lease = deps.lease();
  const pool = deps.imaging();
  const endActivity = lease.begin('importing');
  try {
    // One at a time: the window that just opened is in use, and the photos show meanwhile.
    for (const row of dead) {
      if (signal.aborted) return;
      // Another process took it first: it is theirs.
      if (!photos.pending.adopt(row.id, row.derivatives_pending!, lease.id)) continue;
      const pending: PendingDerivatives = {
        photoId: row.id,
        hash: row.hash,
        rotation: row.rotation,
        source: () =>
          prepareDerivativeSource(
            sourceFactsOfRow(photos, row),
            { folder: layout.staging, leaseId: lease.id },
            signal,
          ),
        drop: async () => undefined,
      };
      // A failure leaves it PHASE_TWO_FAILED, for verify to report and repair.
      await finishDerivatives({ layout, photos, lease }, pool, pending, signal).catch(
        () => undefined,
      );
    }
  } finally {
    endActivity();
  }
}
