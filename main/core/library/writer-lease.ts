import { HEARTBEAT_MS, type LeaseRepository } from './lease-repository';
import type { LibraryLayout } from './library-paths';
import { readOnlyLibrary } from './writable';

/** This process's lease on a library, kept alive until it is closed. */
export interface WriterLease {
  /** The lease id: in the name of every temp file this process writes into the library. */
  readonly id: string;
  /**
   * Tells the other processes that this one is doing `activity` (`importing`, `repairing`)
   * until the returned function is called.
   */
  begin(activity: string): () => void;
  /** Ends the lease: what it reserved is released. */
  close(): void;
}

/**
 * Opens a lease for `program` (`shoebox import`, `Shoebox app`) and renews it every few seconds.
 * A lease that another process reaped while this one was suspended is opened again under the
 * same id (its reservations are gone: an import in flight then fails its file rather than
 * recording it over someone else's files).
 */
export function openWriterLease(leases: LeaseRepository, program: string): WriterLease {
  const id = leases.open(program);
  // Activities in the order they began; the newest is the one shown.
  const activities: string[] = [];
  const show = (): void => {
    try {
      leases.setActivity(id, activities.at(-1) ?? null);
    } catch {
      // The database is busy or read-only for a moment: what others see catches up later.
    }
  };
  const timer = setInterval(() => {
    try {
      if (!leases.renew(id)) {
        leases.open(program, id);
        show();
      }
    } catch {
      // A write blocked past the busy timeout: the next heartbeat tries again, long before the
      // lease could be taken for dead.
    }
  }, HEARTBEAT_MS);
  // The heartbeat never keeps a process alive: the CLI exits when its work is done.
  timer.unref();
  return {
    id,
    begin(activity) {
      activities.push(activity);
      show();
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        activities.splice(activities.lastIndexOf(activity), 1);
        show();
      };
    },
    close() {
      clearInterval(timer);
      leases.close(id);
    },
  };
}

/** A lease opened on first use. */
export interface LazyWriterLease {
  /** The lease, opened now if it is not yet. */
  get(): WriterLease;
  /** The lease if it is open, else null (without opening one). */
  current(): WriterLease | null;
  /** Ends the lease, if one was opened. */
  close(): void;
}

/**
 * A lease opened on the first write that needs one (an import, a repair, an upload, a
 * download), so listing photos from the CLI, or checking a read-only library, writes nothing.
 * Crashed processes' leases (and what they held) go as this one starts.
 */
export function lazyWriterLease(
  leases: LeaseRepository,
  layout: LibraryLayout,
  program: string,
): LazyWriterLease {
  let lease: WriterLease | null = null;
  return {
    get() {
      if (lease) return lease;
      try {
        leases.reapDead();
        lease = openWriterLease(leases, program);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN') {
          throw readOnlyLibrary(layout, 'EROFS');
        }
        throw error;
      }
      return lease;
    },
    current: () => lease,
    close() {
      lease?.close();
      lease = null;
    },
  };
}
