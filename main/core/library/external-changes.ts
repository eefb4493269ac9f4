import type { LibraryChangeReason } from '../../../common/contract';
import type { LibraryDatabase } from './database';
import type { LeaseRepository } from './lease-repository';

/** What another process did, as `libraryChanged` reasons. */
export type ExternalChange = Extract<LibraryChangeReason, 'external' | 'activity'>;

/**
 * Watches for other processes' work on the library every `pollMs` until the returned function
 * is called: `external` when they changed photos or albums, `activity` when what they are doing
 * changed. SQLite's data_version moves when another connection commits, never for this one's
 * own writes (which announce themselves); other processes also commit their heartbeats, so
 * only a moved change counter (kept by triggers on photos and albums) is an external change.
 */
export function watchExternalChanges(
  db: LibraryDatabase,
  leases: LeaseRepository,
  ownLeaseId: () => string | null,
  pollMs: number,
  onChange: (change: ExternalChange) => void,
): () => void {
  const dataVersion = (): number => db.pragma('data_version', { simple: true }) as number;
  const counterQuery = db.prepare<[], { counter: number }>('SELECT counter FROM library_changes');
  const changeCounter = (): number => counterQuery.get()!.counter;
  const othersDoing = (): string =>
    JSON.stringify(
      leases.others(ownLeaseId()).map(({ id, program, activity }) => [id, program, activity]),
    );
  const seen = { version: dataVersion(), counter: changeCounter(), others: othersDoing() };
  const timer = setInterval(() => {
    let version: number;
    let counter: number;
    let others: string;
    try {
      version = dataVersion();
      if (version === seen.version) return;
      counter = changeCounter();
      others = othersDoing();
    } catch {
      // A database busy for a moment (another process recovering its WAL): next tick.
      return;
    }
    seen.version = version;
    if (others !== seen.others) {
      seen.others = others;
      onChange('activity');
    }
    if (counter !== seen.counter) {
      seen.counter = counter;
      onChange('external');
    }
  }, pollMs);
  // Watching never keeps the process alive: the CLI and tests exit when their work is done.
  timer.unref();
  return () => clearInterval(timer);
}
