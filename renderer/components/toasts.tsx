import { useEffect } from 'react';
import { useShoeboxStore } from '../store/store';
import type { Toast } from '../store/toast-slice';

// Long enough to read a sentence and reach for Undo; errors stay longer because they matter.
const TOAST_MS = { info: 6000, error: 10_000 } as const;

/** One message: it goes away by itself, or on Dismiss, or once its action ran. */
function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = () => useShoeboxStore.getState().dismissToast(toast.id);
  useEffect(() => {
    const timer = setTimeout(
      () => useShoeboxStore.getState().dismissToast(toast.id),
      TOAST_MS[toast.kind],
    );
    return () => clearTimeout(timer);
  }, [toast.id, toast.kind]);
  return (
    <li className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : undefined}>
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

/** Non-blocking messages at the bottom of the window, announced politely. */
export function Toasts() {
  const toasts = useShoeboxStore((state) => state.toasts);
  return (
    <ul className="toasts" role="status" aria-label="Notifications">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </ul>
  );
}
