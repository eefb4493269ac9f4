import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { Toasts } from '../../renderer/components/toasts';
import { resetShoeboxStore, useShoeboxStore } from '../../renderer/store/store';

// Short times, so the test reads as the user sees it: 1 s to go, 0.5 s after letting go.
const TIMES = { info: 1000, error: 2000, afterHold: 500 };

beforeEach(() => {
  vi.useFakeTimers();
  resetShoeboxStore();
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** Shows an Undo toast and returns its list item. */
function showUndoToast(): HTMLElement {
  render(<Toasts times={TIMES} />);
  act(() => {
    useShoeboxStore.getState().pushToast({
      kind: 'info',
      message: 'Moved 3 photos to the Trash',
      action: { label: 'Undo', run: () => {} },
    });
  });
  const item = screen.getByText('Moved 3 photos to the Trash').closest('li');
  if (item === null) throw new Error('No toast');
  return item;
}

/** Lets `ms` pass. */
function wait(ms: number) {
  act(() => {
    vi.advanceTimersByTime(ms);
  });
}

describe('toasts', () => {
  it('go away by themselves', () => {
    showUndoToast();
    wait(999);
    expect(screen.queryByText('Moved 3 photos to the Trash')).not.toBeNull();
    wait(1);
    expect(screen.queryByText('Moved 3 photos to the Trash')).toBeNull();
  });

  it('stay while the pointer rests on them, and go on with the time left after', () => {
    const toast = showUndoToast();
    wait(800);
    fireEvent.pointerEnter(toast);
    wait(60_000);
    expect(screen.queryByText('Moved 3 photos to the Trash')).not.toBeNull();
    fireEvent.pointerLeave(toast);
    // 200 ms were left: at least the short time after a hold is given.
    wait(499);
    expect(screen.queryByText('Moved 3 photos to the Trash')).not.toBeNull();
    wait(1);
    expect(screen.queryByText('Moved 3 photos to the Trash')).toBeNull();
  });

  it('stay while focus is in them (reaching Undo by the keyboard)', () => {
    const toast = showUndoToast();
    const undo = screen.getByRole('button', { name: 'Undo' });
    act(() => undo.focus());
    wait(10_000);
    // From Undo to Dismiss is still inside: still held.
    act(() => screen.getByRole('button', { name: 'Dismiss' }).focus());
    wait(10_000);
    expect(toast.isConnected).toBe(true);
    act(() => screen.getByRole('button', { name: 'Dismiss' }).blur());
    // Held from the start: the whole second is still to go.
    wait(999);
    expect(toast.isConnected).toBe(true);
    wait(1);
    expect(toast.isConnected).toBe(false);
  });
});
