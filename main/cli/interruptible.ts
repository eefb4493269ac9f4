/**
 * A signal that Ctrl-C (SIGINT) or SIGTERM aborts, so long work stops cleanly instead of the
 * process dying mid-write; `release` gives the signals back to Node's default handling.
 */
export function interruptible(): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const interrupt = (): void => controller.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
    },
  };
}
