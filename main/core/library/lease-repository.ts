import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ShoeboxError } from '../../../common/errors';
import type { LibraryDatabase } from './database';

/** Another process working on the library, as the app shows it. */
export interface LeaseHolder {
  id: string;
  pid: number;
  host: string;
  /** What it is: `shoebox import`, `shoebox serve`, `Shoebox app`… */
  program: string;
  /** What it is doing now (`importing`, `repairing`), or null when idle. */
  activity: string | null;
  startedAt: string;
}

interface LeaseRow {
  id: string;
  pid: number;
  host: string;
  program: string;
  started_at: string;
  heartbeat_at: number;
  activity: string | null;
}

/**
 * How often a live process says so. Short enough that a crashed process on another machine
 * (a library on a shared drive) frees what it held within half a minute.
 */
export const HEARTBEAT_MS = 5_000;

/**
 * A lease whose heartbeat is older than this is dead. Six missed heartbeats: a process busy
 * for a moment (a long SQLite write by another process, a slow disk) is never taken for dead.
 */
export const STALE_AFTER_MS = 30_000;

/** Lease ids: 16 hex digits, also in the names of every temp file the process writes. */
export const LEASE_ID = /^[0-9a-f]{16}$/;

/**
 * The processes working on one library, as SQL in one place. A lease is alive while its
 * heartbeat is fresh and, on this machine, its process exists: a crash frees it at once on the
 * same machine, and a pid reused by an unrelated program never keeps it alive (no heartbeat).
 */
export class LeaseRepository {
  private readonly statements;
  private readonly host = hostname();

  constructor(private readonly db: LibraryDatabase) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO leases (id, pid, host, program, started_at, heartbeat_at, activity)
         VALUES (@id, @pid, @host, @program, @startedAt, @heartbeatAt, NULL)`,
      ),
      heartbeat: db.prepare<[number, string], unknown>(
        'UPDATE leases SET heartbeat_at = ? WHERE id = ?',
      ),
      activity: db.prepare<[string | null, string], unknown>(
        'UPDATE leases SET activity = ? WHERE id = ?',
      ),
      delete: db.prepare<[string], unknown>('DELETE FROM leases WHERE id = ?'),
      all: db.prepare<[], LeaseRow>('SELECT * FROM leases ORDER BY started_at, id'),
      byId: db.prepare<[string], LeaseRow>('SELECT * FROM leases WHERE id = ?'),
      lock: db.prepare<[string], LeaseRow>(
        `SELECT l.* FROM library_locks k JOIN leases l ON l.id = k.lease_id WHERE k.name = ?`,
      ),
      takeLock: db.prepare<[string, string, string], unknown>(
        `INSERT INTO library_locks (name, lease_id, acquired_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET lease_id = excluded.lease_id,
           acquired_at = excluded.acquired_at`,
      ),
      dropLock: db.prepare<[string, string], unknown>(
        'DELETE FROM library_locks WHERE name = ? AND lease_id = ?',
      ),
    };
  }

  /** Records a lease for this process (a new id unless one is given) and returns its id. */
  open(program: string, id: string = randomBytes(8).toString('hex')): string {
    this.statements.insert.run({
      id,
      pid: process.pid,
      host: this.host,
      program,
      startedAt: new Date().toISOString(),
      heartbeatAt: Date.now(),
    });
    return id;
  }

  /**
   * Renews a lease; false when it is gone (another process found it dead while this one was
   * suspended), in which case whatever it held may belong to someone else now.
   */
  renew(id: string): boolean {
    return this.statements.heartbeat.run(Date.now(), id).changes === 1;
  }

  /** Says what a lease is doing (null: idle), for the other processes to show. */
  setActivity(id: string, activity: string | null): void {
    this.statements.activity.run(activity, id);
  }

  /** Removes a lease and everything it held. */
  close(id: string): void {
    this.statements.delete.run(id);
  }

  /** Whether the lease with this id exists and is alive (the writer of a temp file, say). */
  isLive(id: string): boolean {
    const row = this.statements.byId.get(id);
    return row !== undefined && this.alive(row);
  }

  /** The live leases other than `except`, oldest first. */
  others(except: string | null): LeaseHolder[] {
    return this.statements.all
      .all()
      .filter((row) => row.id !== except && this.alive(row))
      .map(toHolder);
  }

  /** Deletes dead leases (their reservations and locks go with them); returns how many. */
  reapDead(): number {
    return this.db
      .transaction(() => {
        const dead = this.statements.all.all().filter((row) => !this.alive(row));
        for (const row of dead) this.statements.delete.run(row.id);
        return dead.length;
      })
      .immediate();
  }

  /**
   * Takes the library-wide lock `name` for `leaseId`, or throws CONFLICT naming the live
   * process that holds it. A lock whose holder died is taken over.
   */
  acquireLock(name: string, leaseId: string, doing: string): void {
    this.db
      .transaction(() => {
        const holder = this.statements.lock.get(name);
        if (holder && holder.id !== leaseId && this.alive(holder)) {
          throw new ShoeboxError(
            'CONFLICT',
            `Another Shoebox process (${holder.program}, pid ${holder.pid} on ${holder.host}) ` +
              `is ${doing} this library since ${holder.started_at}; try again when it has finished.`,
          );
        }
        this.statements.takeLock.run(name, leaseId, new Date().toISOString());
      })
      .immediate();
  }

  /** Gives the lock `name` back, if `leaseId` holds it. */
  releaseLock(name: string, leaseId: string): void {
    this.statements.dropLock.run(name, leaseId);
  }

  private alive(row: LeaseRow): boolean {
    if (Date.now() - row.heartbeat_at > STALE_AFTER_MS) return false;
    if (row.host !== this.host) return true;
    return processExists(row.pid);
  }
}

function toHolder(row: LeaseRow): LeaseHolder {
  return {
    id: row.id,
    pid: row.pid,
    host: row.host,
    program: row.program,
    activity: row.activity,
    startedAt: row.started_at,
  };
}

/** Whether a process with this pid exists on this machine (EPERM: it does, as another user). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
