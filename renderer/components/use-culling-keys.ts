import { useEffect } from 'react';
import { COLOR_LABELS, type ColorLabel } from '../../common/description';
import type { PhotoChanges } from '../../common/contract';
import { useClient } from '../bridge/client-context';
import { cull, labelChange, rotateTargets } from '../store/culling-actions';
import { editingText, redoLast, undoLast } from '../store/history-actions';
import { useShoeboxStore } from '../store/store';

// Lightroom Classic's label keys: 6-9 are red, yellow, green, blue (purple has no key there).
const LABEL_KEYS: Record<string, ColorLabel> = {
  Digit6: COLOR_LABELS[0],
  Digit7: COLOR_LABELS[1],
  Digit8: COLOR_LABELS[2],
  Digit9: COLOR_LABELS[3],
};
const FLAG_KEYS: Record<string, PhotoChanges['flag']> = { p: 'pick', x: 'reject', u: null };

/**
 * Whether a key press belongs to something other than the library: a text field, a menu, or a
 * dialog other than the viewer (a confirmation, the export form, this list of shortcuts).
 */
function keyBelongsElsewhere(event: KeyboardEvent): boolean {
  if (editingText(event.target)) return true;
  const from = event.target instanceof Element ? event.target : null;
  return from?.closest('[role="menu"], [role="alertdialog"], [role="dialog"]:not(.viewer)') != null;
}

/** The change a culling key asks for: stars by the digit row (or keypad), flags and labels. */
function cullingChange(event: KeyboardEvent): PhotoChanges | null {
  // By code, not key: with Shift (apply and advance) the digit row types symbols.
  const digit = /^(?:Digit|Numpad)([0-9])$/.exec(event.code)?.[1];
  if (digit !== undefined && Number(digit) <= 5) return { rating: Number(digit) };
  const label = LABEL_KEYS[event.code.replace('Numpad', 'Digit')];
  if (label !== undefined) return labelChange(useShoeboxStore.getState(), label);
  const flag = event.key.toLowerCase();
  return flag in FLAG_KEYS ? { flag: FLAG_KEYS[flag] } : null;
}

/**
 * The keys that work wherever the library is shown, grid or viewer: culling (0-9, P, X, U,
 * with Shift to advance), rotation, undo and redo, `I` for the selection's panel beside the
 * grid, and `?` for the list of shortcuts.
 */
export function useCullingKeys(): void {
  const client = useClient();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || keyBelongsElsewhere(event)) return;
      const state = useShoeboxStore.getState();
      const command = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (command && !event.altKey) {
        if (key === 'z' && !event.shiftKey) void undoLast(client);
        else if ((key === 'z' && event.shiftKey) || (key === 'y' && event.ctrlKey)) {
          void redoLast(client);
        } else if (event.code === 'BracketLeft') void rotateTargets(client, 'left');
        else if (event.code === 'BracketRight') void rotateTargets(client, 'right');
        else return;
        event.preventDefault();
        return;
      }
      if (event.altKey || command) return;
      if (event.key === '?') {
        state.setShortcutsOpen(true);
        event.preventDefault();
        return;
      }
      // In the viewer, I is its own info panel's toggle.
      if (key === 'i' && state.viewerIndex === null) {
        state.setSelectionPanelOpen(!state.selectionPanelOpen);
        event.preventDefault();
        return;
      }
      const change = cullingChange(event);
      if (change === null) return;
      event.preventDefault();
      void cull(client, change, { advance: event.shiftKey });
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [client]);
}
