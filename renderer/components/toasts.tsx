import { useEffect, useRef } from 'react';
import { useShoeboxStore } from '../store/store';
import type { Toast } from '../store/toast-slice';

/** How long a message stays, by kind, when nothing holds it. */
export interface ToastTimes {
  info: number;
  error: number;
  /** The least left once the pointer or focus lets go: time to read it again and move on. */
  afterHold: number;
}

// Long enough to read a sentence and reach for Undo; errors stay longer because they matter.
const TOAST_MS: ToastTimes = { info: 6000, error: 10_000, afterHold: 2500 };

/**
 * A timer that runs out after `ms`, held while the pointer rests on the toast or focus is in
 * it (reaching for Undo must not race the clock), and going on after with what was left (at
 * least `afterHold`).
 */
function useHeldTimeout(ms: number, afterHold: number, onTimeout: () => void) {
  const remaining = useRef(ms);
  const startedAt = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const holds = useRef({ pointer: false, focus: false });
  const start = () => {
    clearTimeout(timer.current);
    startedAt.current = Date.now();
    timer.current = setTimeout(onTimeout, remaining.current);
  };
  const hold = (by: 'pointer' | 'focus', held: boolean) => {
    const wasHeld = holds.current.pointer || holds.current.focus;
    holds.current[by] = held;
    const isHeld = holds.current.pointer || holds.current.focus;
    if (isHeld && !wasHeld) {
      clearTimeout(timer.current);
      remaining.current -= Date.now() - startedAt.current;
    } else if (!isHeld && wasHeld) {
      remaining.current = Math.max(remaining.current, afterHold);
      start();
    }
  };
  useEffect(() => {
    start();
    return () => clearTimeout(timer.current);
    // Once, as the toast appears: holding restarts it by itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return hold;
}

/** One message: it goes away by itself, or on Dismiss, or once its action ran. */
function ToastItem({ toast, times }: { toast: Toast; times: ToastTimes }) {
  const dismiss = () => useShoeboxStore.getState().dismissToast(toast.id);
  const hold = useHeldTimeout(times[toast.kind], times.afterHold, dismiss);
  return (
    <li
      className={`toast toast-${toast.kind}`}
      role={toast.kind === 'error' ? 'alert' : undefined}
      onPointerEnter={() => hold('pointer', true)}
      onPointerLeave={() => hold('pointer', false)}
      onFocus={() => hold('focus', true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) hold('focus', false);
      }}
    >
      <span className="toast-message">{toast.message}</span>
      {toast.action && (
        <button
          type="button"
          className="toast-action"
          onClick={() => {
            toast.action?.run();
            dismiss();
          }}
        >
          {toast.action.label}
        </button>
      )}
      <button type="button" className="toast-dismiss" aria-label="Dismiss" onClick={dismiss}>
        ×
      </button>
    </li>
  );
}

/**
 * Non-blocking messages at the bottom of the window, announced politely. `times` is for tests.
 */
export function Toasts({ times = TOAST_MS }: { times?: ToastTimes }) {
  const toasts = useShoeboxStore((state) => state.toasts);
  return (
    <ul className="toasts" role="status" aria-label="Notifications">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} times={times} />
      ))}
    </ul>
  );
}
