import type { StateCreator } from 'zustand';
import type { ShoeboxState } from './store';

/** A short non-blocking message, optionally with one action (such as Undo). */
export interface Toast {
  id: number;
  kind: 'info' | 'error';
  message: string;
  action?: { label: string; run: () => void };
}

/** Messages shown in the corner. */
export interface ToastSlice {
  toasts: Toast[];
  nextToastId: number;
  /** Shows a message; returns its id. */
  pushToast: (toast: Omit<Toast, 'id'>) => number;
  dismissToast: (id: number) => void;
}

// More than this at once is noise: the oldest give way.
const MAX_TOASTS = 4;

/** The toast part of the store. */
export const createToastSlice: StateCreator<ShoeboxState, [], [], ToastSlice> = (set, get) => ({
  toasts: [],
  nextToastId: 1,
  pushToast: (toast) => {
    const id = get().nextToastId;
    set((state) => ({
      toasts: [...state.toasts, { ...toast, id }].slice(-MAX_TOASTS),
      nextToastId: id + 1,
    }));
    return id;
  },
  dismissToast: (id) => set((state) => ({ toasts: state.toasts.filter((t) => t.id !== id) })),
});
