/**
 * The SQL of thumbnails first's pending state (`photos.derivatives_pending`): a photo an import
 * recorded with its thumbnail only holds the lease id of the process making its medium and
 * large (import/finish-derivatives.ts), or a marker no process holds (left for the next import,
 * failed); the sizes are recorded and the state ended in one transaction, on the lease and
 * rotation they were made for, and whoever listens hears of it after the commit.
 */
import type { Rotation } from '../../../common/description';
import type { LibraryDatabase } from './database';
import type { NewDerivative, PhotoRow } from './photo-repository';

/** The pending state, behind one small class; PhotoRepository owns one. */
export class PendingDerivativeRepository {
  private readonly statements;
  private readonly completedListeners = new Set<(photoId: number) => void>();

  constructor(
    private readonly db: LibraryDatabase,
    private readonly saveDerivative: (photoId: number, derivative: NewDerivative) => void,
  ) {
    this.statements = {
      markPending: db.prepare<[string, number], unknown>(
        'UPDATE photos SET derivatives_pending = ? WHERE id = ?',
      ),
      endPending: db.prepare<[number, string, number], unknown>(
        `UPDATE photos SET derivatives_pending = NULL
         WHERE id = ? AND derivatives_pending = ? AND rotation = ?`,
      ),
      clearPending: db.prepare<[number], unknown>(
        'UPDATE photos SET derivatives_pending = NULL WHERE id = ?',
      ),
      pending: db.prepare<[], PhotoRow>(
        'SELECT * FROM photos WHERE derivatives_pending IS NOT NULL ORDER BY id',
      ),
      adoptPending: db.prepare<[string, number, string], unknown>(
        'UPDATE photos SET derivatives_pending = ? WHERE id = ? AND derivatives_pending = ?',
      ),
    };
  }

  /** Marks a photo as pending under `leaseId` (inside the transaction that records it). */
  mark(photoId: number, leaseId: string): void {
    this.statements.markPending.run(leaseId, photoId);
  }

  /**
   * Records the sizes a thumbnails-first import made after the photo's row (its medium and
   * large) and ends its pending state, in one transaction, if the photo is still pending under
   * `leaseId` at the `rotation` they were made for. False when it is not (deleted, turned,
   * or taken over by a repair after this process was taken for dead): nothing is recorded.
   */
  complete(
    photoId: number,
    leaseId: string,
    rotation: Rotation,
    derivatives: NewDerivative[],
  ): boolean {
    const completed = this.db
      .transaction(() => {
        if (this.statements.endPending.run(photoId, leaseId, rotation).changes === 0) return false;
        for (const derivative of derivatives) this.saveDerivative(photoId, derivative);
        return true;
      })
      .immediate();
    if (completed) for (const listener of this.completedListeners) listener(photoId);
    return completed;
  }

  /**
   * Calls `listener` after each commit that completes a pending photo's sizes (windows refetch
   * to show them); answers how to stop.
   */
  onCompleted(listener: (photoId: number) => void): () => void {
    this.completedListeners.add(listener);
    return () => this.completedListeners.delete(listener);
  }

  /** Ends a photo's pending state (a repair, a rotation or a join made all its sizes). */
  clear(photoId: number): void {
    this.statements.clearPending.run(photoId);
  }

  /** The photos whose medium and large a process is still to make. */
  list(): PhotoRow[] {
    return this.statements.pending.all();
  }

  /** Takes a pending photo over from a process that died; false if another took it first. */
  adopt(photoId: number, fromLease: string, toLease: string): boolean {
    return this.statements.adoptPending.run(toLease, photoId, fromLease).changes > 0;
  }
}
