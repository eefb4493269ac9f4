/**
 * What the user is told of what they asked: errors and confirmations, as toasts. Components
 * call the store's commands (paging, the *-actions modules, library sync) instead of the
 * client, and the commands run their calls through `attempt`, so every failure reaches the
 * user the same way, once.
 */
import { useShoeboxStore as store } from './store';
import { errorMessage } from '../../common/errors';

/** How an attempted action ended: with its value, or failed (its error already shown). */
export type Attempt<T> = { ok: true; value: T } | { ok: false };

/** Shows an error as a toast (a ShoeboxError's message is written for users). */
export function reportError(error: unknown): void {
  const message = errorMessage(error);
  store.getState().pushToast({ kind: 'error', message });
}

/** Shows a short confirmation, with one action (such as Undo) if given. */
export function inform(message: string, action?: { label: string; run: () => void }): void {
  store.getState().pushToast({ kind: 'info', message, action });
}

/** Runs an action; if it throws, shows the error as a toast and resolves to a failed Attempt. */
export async function attempt<T>(action: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    reportError(error);
    return { ok: false };
  }
}

/** "1 photo", "3 photos". */
export function countPhotos(count: number): string {
  return `${count.toLocaleString()} ${count === 1 ? 'photo' : 'photos'}`;
}
