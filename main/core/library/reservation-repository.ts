import { ShoeboxError } from '../../../common/errors';
import type { LibraryDatabase } from './database';
import type { LeaseRepository } from './lease-repository';

/** What reserving a photo's content found. */
export type HashClaim =
  | { kind: 'reserved'; reservationId: number }
  /** A photo with this content is recorded: the file is a duplicate. */
  | { kind: 'recorded'; photoId: number }
  /** A live process (maybe this one) is importing this content right now. */
  | { kind: 'busy'; leaseId: string };

/** What claiming a file found in originals/ that no photo records found. */
export type StrayClaim =
  | { kind: 'claimed'; reservationId: number }
  /** Its content is already a photo: the name is reserved, the hash is not. */
  | { kind: 'duplicate'; reservationId: number; photoId: number }
  /** A photo records it by now (an import committed since the listing). */
  | { kind: 'recorded' }
  /** A live import placed it and has not recorded it yet. */
  | { kind: 'in-flight' };

interface ReservationRow {
  id: number;
  lease_id: string;
  hash: string | null;
  stored_path: string | null;
}

/**
 * Hashes and original file names that a process is placing but has not recorded yet, as SQL in
 * one place. They are what keeps two processes on one library from adopting, deleting or
 * repairing each other's files: a photo's content is imported by one process at a time, a file
 * name in originals/ is placed by one process at a time, and verify leaves both alone while the
 * reserving process lives. Every check-and-reserve runs in one immediate transaction.
 */
export class ReservationRepository {
  private readonly statements;

  constructor(
    private readonly db: LibraryDatabase,
    private readonly leases: LeaseRepository,
  ) {
    this.statements = {
      // A photo has a content when its original or its pair or motion file has it.
      photoByHash: db.prepare<[string, string], { id: number }>(
        `SELECT id FROM photos WHERE hash = ?
         UNION ALL SELECT photo_id FROM photo_files WHERE hash = ? AND role != 'sidecar' LIMIT 1`,
      ),
      photoByPath: db.prepare<[string, string], { id: number }>(
        `SELECT id FROM photos WHERE stored_path = ?
         UNION ALL SELECT photo_id FROM photo_files WHERE stored_path = ? LIMIT 1`,
      ),
      byHash: db.prepare<[string], ReservationRow>('SELECT * FROM reservations WHERE hash = ?'),
      byPath: db.prepare<[string], ReservationRow>(
        'SELECT * FROM reservations WHERE stored_path = ?',
      ),
      insert: db.prepare<[string, string | null, string | null, string], unknown>(
        `INSERT INTO reservations (lease_id, hash, stored_path, reserved_at) VALUES (?, ?, ?, ?)`,
      ),
      setPath: db.prepare<[string, number, string], unknown>(
        'UPDATE reservations SET stored_path = ? WHERE id = ? AND lease_id = ?',
      ),
      holder: db.prepare<[number], { lease_id: string }>(
        'SELECT lease_id FROM reservations WHERE id = ?',
      ),
      deleteHeld: db.prepare<[number, string], unknown>(
        'DELETE FROM reservations WHERE id = ? AND lease_id = ?',
      ),
    };
  }

  /**
   * Reserves a photo's content for `leaseId`, unless a photo already has it or a live process
   * is importing it; a reservation left by a dead process is taken over.
   */
  reserveHash(leaseId: string, hash: string): HashClaim {
    return this.db
      .transaction((): HashClaim => {
        const photo = this.statements.photoByHash.get(hash, hash);
        if (photo) return { kind: 'recorded', photoId: photo.id };
        const held = this.statements.byHash.get(hash);
        if (held && !this.freeIfDead(held)) return { kind: 'busy', leaseId: held.lease_id };
        const result = this.statements.insert.run(leaseId, hash, null, now());
        return { kind: 'reserved', reservationId: Number(result.lastInsertRowid) };
      })
      .immediate();
  }

  /**
   * Reserves nothing yet but a place for a file whose content need not be unique (a camera's
   * `.THM` or an iPhone's `.AAE` beside its photo): `reserveName` then gives it its name.
   */
  reserveSidecar(leaseId: string): number {
    const result = this.statements.insert.run(leaseId, null, null, now());
    return Number(result.lastInsertRowid);
  }

  /**
   * Gives the reservation a file name in originals/, unless a photo records that name or a live
   * process reserved it; true when the name is now this reservation's to place a file at.
   */
  reserveName(reservationId: number, leaseId: string, storedPath: string): boolean {
    return this.db
      .transaction((): boolean => {
        if (this.statements.photoByPath.get(storedPath, storedPath)) return false;
        const held = this.statements.byPath.get(storedPath);
        if (held && held.id !== reservationId && !this.freeIfDead(held)) return false;
        if (this.statements.setPath.run(storedPath, reservationId, leaseId).changes !== 1) {
          throw lostReservation();
        }
        return true;
      })
      .immediate();
  }

  /**
   * Claims a file that verify found in originals/ with no photo: its name (and its content,
   * unless a photo has that already), so no import places or records it meanwhile.
   */
  claimStray(leaseId: string, storedPath: string, hash: string): StrayClaim {
    return this.db
      .transaction((): StrayClaim => {
        if (this.statements.photoByPath.get(storedPath, storedPath)) return { kind: 'recorded' };
        const byPath = this.statements.byPath.get(storedPath);
        if (byPath && !this.freeIfDead(byPath)) return { kind: 'in-flight' };
        const photo = this.statements.photoByHash.get(hash, hash);
        if (photo) {
          const result = this.statements.insert.run(leaseId, null, storedPath, now());
          return {
            kind: 'duplicate',
            reservationId: Number(result.lastInsertRowid),
            photoId: photo.id,
          };
        }
        const byHash = this.statements.byHash.get(hash);
        if (byHash && !this.freeIfDead(byHash)) return { kind: 'in-flight' };
        const result = this.statements.insert.run(leaseId, hash, storedPath, now());
        return { kind: 'claimed', reservationId: Number(result.lastInsertRowid) };
      })
      .immediate();
  }

  /**
   * Reserves the files of photos being deleted for good (inside the deleting transaction), so
   * nothing is placed at their names, or made for their content, until the files are gone.
   */
  reserveForRemoval(leaseId: string, files: { hash: string; storedPath: string }[]): number[] {
    if (!this.db.inTransaction) throw new Error('reserveForRemoval runs inside the deletion');
    return files.map(({ hash, storedPath }) => {
      const result = this.statements.insert.run(leaseId, hash, storedPath, now());
      return Number(result.lastInsertRowid);
    });
  }

  /**
   * Ends a reservation as its photo is recorded: called inside the recording transaction, it
   * throws (rolling the photo back) when the reservation was lost, because the other processes
   * took this one for dead and may own the files now.
   */
  complete(reservationId: number, leaseId: string): void {
    if (this.statements.deleteHeld.run(reservationId, leaseId).changes !== 1) {
      throw lostReservation();
    }
  }

  /**
   * Runs `work` (synchronous file removals or moves) inside one write transaction, and only if
   * `leaseId` still holds `reservationId`: no other process can take the reservation over, and
   * record the files, between the check and the removal. False when it was lost.
   */
  fenced(reservationId: number, leaseId: string, work: () => void): boolean {
    return this.db
      .transaction((): boolean => {
        if (!this.holds(reservationId, leaseId)) return false;
        work();
        return true;
      })
      .immediate();
  }

  /** Whether `reservationId` is still held by `leaseId`. */
  holds(reservationId: number, leaseId: string): boolean {
    return this.statements.holder.get(reservationId)?.lease_id === leaseId;
  }

  /** Ends `leaseId`'s reservations without recording anything (ones it lost stay as they are). */
  release(reservationIds: number[], leaseId: string): void {
    this.db.transaction(() => {
      for (const id of reservationIds) this.statements.deleteHeld.run(id, leaseId);
    })();
  }

  /**
   * Ends `leaseId`'s reservation of this content whatever its id: for a reservation that a
   * failed release left behind, which nothing in this process is still working on.
   */
  releaseHash(hash: string, leaseId: string): void {
    const held = this.statements.byHash.get(hash);
    if (held?.lease_id === leaseId) this.statements.deleteHeld.run(held.id, leaseId);
  }

  /** Whether a live process has reserved this content (its derivatives may be in flight). */
  hashInFlight(hash: string): boolean {
    const held = this.statements.byHash.get(hash);
    return held !== undefined && this.leases.isLive(held.lease_id);
  }

  /** Whether a live process has reserved this name in originals/ (its file may be in flight). */
  pathInFlight(storedPath: string): boolean {
    const held = this.statements.byPath.get(storedPath);
    return held !== undefined && this.leases.isLive(held.lease_id);
  }

  /** Deletes a dead holder's lease (and all it held); false when the holder is alive. */
  private freeIfDead(held: ReservationRow): boolean {
    return this.leases.deleteIfDead(held.lease_id);
  }
}

function lostReservation(): Error {
  return new ShoeboxError(
    'CONFLICT',
    'another Shoebox process took this import for stopped and may have imported the file; import it again',
  );
}

function now(): string {
  return new Date().toISOString();
}
