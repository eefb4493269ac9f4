import { randomBytes } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
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
  machine: string;
  program: string;
  started_at: string;
  heartbeats: number;
  activity: string | null;
}

/**
 * How often a live process says so. Short enough that a crashed process on another machine
 * (a library on a shared drive) frees what it held within about half a minute.
 */
export const HEARTBEAT_MS = 5_000;

/**
 * A lease whose heartbeat this process has seen standing still for this long is dead: six
 * missed heartbeats, so a process busy for a moment (a long SQLite write by another process, a
 * slow disk) is never taken for dead.
 */
export const STALE_AFTER_MS = 30_000;

/** A lease id: 16 hex digits, also in the names of every temp file the process writes. */
export const LEASE_ID_PATTERN = '[0-9a-f]{16}';

/**
 * What "the same machine" means for pids (a lease's `machine`): the host name, and on Linux
 * the boot and the pid namespace, since a Flatpak or Snap app, a container or a second boot
 * has pids of its own that `process.kill(pid, 0)` here cannot see.
 */
export function machineKey(): string {
  const linux = (file: string, read: (file: string) => string): string => {
    try {
      return read(file).trim();
    } catch {
      return '';
    }
  };
  return [
    hostname(),
    linux('/proc/sys/kernel/random/boot_id', (file) => readFileSync(file, 'utf8')),
    linux('/proc/self/ns/pid', readlinkSync),
  ].join('|');
}

/**
 * The processes working on one library, as SQL in one place. A lease on this machine whose
 * process has exited is dead at once. Otherwise a lease is alive until this process has seen
 * its heartbeat counter stand still for STALE_AFTER_MS by its own monotonic clock: wall clocks
 * jump (a laptop waking, an NTP step) and differ between machines, so they are never compared;
 * a monotonic clock stops while the machine sleeps, so waking never makes live leases look old;
 * and a reused pid never keeps a dead lease alive, since the new program does not heartbeat.
 */
export class LeaseRepository {
  private readonly statements;
  private readonly host = hostname();
  private readonly machine = machineKey();
  /** Each lease's heartbeat counter as last seen, and since when (monotonic) it stood still. */
  private readonly seen = new Map<string, { heartbeats: number; since: number }>();

  constructor(
    private readonly db: LibraryDatabase,
    /** Milliseconds of a clock that never jumps (tests pass their own). */
    private readonly monotonicNow: () => number = () => performance.now(),
  ) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO leases (id, pid, host, machine, program, started_at, heartbeats, activity)
         VALUES (@id, @pid, @host, @machine, @program, @startedAt, 0, NULL)`,
      ),
      heartbeat: db.prepare<[string], unknown>(
        'UPDATE leases SET heartbeats = heartbeats + 1 WHERE id = ?',
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
      machine: this.machine,
      program,
      startedAt: new Date().toISOString(),
    });
    return id;
  }

  /**
   * Renews a lease; false when it is gone (another process found it dead while this one was
   * stopped), in which case whatever it held may belong to someone else now.
   */
  renew(id: string): boolean {
    return this.statements.heartbeat.run(id).changes === 1;
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

  /**
   * Deletes the lease `id` (and all it held) if it is dead; false when it is alive. Runs inside
   * the caller's transaction, which found it holding something.
   */
  deleteIfDead(id: string): boolean {
    if (this.isLive(id)) return false;
    this.statements.delete.run(id);
    return true;
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

  /** Whether `leaseId` still holds the lock `name` (no other process took it for dead). */
  holdsLock(name: string, leaseId: string): boolean {
    return this.statements.lock.get(name)?.id === leaseId;
  }

  /** Gives the lock `name` back, if `leaseId` holds it. */
  releaseLock(name: string, leaseId: string): void {
    this.statements.dropLock.run(name, leaseId);
  }

  private alive(row: LeaseRow): boolean {
    if (row.machine === this.machine && !processExists(row.pid)) return false;
    const now = this.monotonicNow();
    const seen = this.seen.get(row.id);
    if (!seen || seen.heartbeats !== row.heartbeats) {
      this.seen.set(row.id, { heartbeats: row.heartbeats, since: now });
      return true;
    }
    return now - seen.since < STALE_AFTER_MS;
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
