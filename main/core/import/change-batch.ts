/**
 * Announces that photos changed at most once per interval: the second phase of a card import
 * lands a medium and large every few dozen milliseconds, and a window refetches what it shows
 * on each `libraryChanged`, so one event per photo would keep it refetching for the whole phase.
 */

/**
 * How long changes are gathered into one announcement: quick enough that the grid sharpens
 * while the user looks at it, slow enough for a window's refetch to finish in between.
 */
export const CHANGE_BATCH_MS = 500;

/** Changes gathered for one announcement. */
export interface ChangeBatch {
  /** Notes a change: announced within `intervalMs`, with the others noted meanwhile. */
  changed(): void;
  /** Announces what is noted now (the work is done), and nothing more later. */
  flush(): void;
}

/** Gathers changes into at most one `announce` per `intervalMs`. */
export function batchChanges(announce: () => void, intervalMs = CHANGE_BATCH_MS): ChangeBatch {
  let timer: NodeJS.Timeout | null = null;
  const fire = (): void => {
    if (timer === null) return;
    clearTimeout(timer);
    timer = null;
    announce();
  };
  return {
    changed() {
      if (timer !== null) return;
      timer = setTimeout(fire, intervalMs);
      // A batch never keeps a process (the CLI) alive on its own.
      timer.unref();
    },
    flush: fire,
  };
}
