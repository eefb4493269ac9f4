/**
 * Whether the UI can reach its Shoebox. Only the browser client reports losing it (its event
 * stream drops when `shoebox serve` stops); in Electron the main process is always there.
 */
type Listener = () => void;

let connected = true;
const listeners = new Set<Listener>();

/** Records whether the connection is up, and tells the subscribers when that changes. */
export function setConnected(value: boolean): void {
  if (value === connected) return;
  connected = value;
  for (const listener of listeners) listener();
}

/** Whether the connection is up now. */
export function isConnected(): boolean {
  return connected;
}

/** Calls `listener` on every change of the connection; returns the function that unsubscribes. */
export function subscribeToConnection(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
