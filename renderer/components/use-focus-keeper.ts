import { useEffect } from 'react';
import { GRID_ID } from './grid/photo-grid';

/** Whether a modal dialog is open: its own focus handling is left alone. */
function modalOpen(): boolean {
  return document.querySelector('[aria-modal="true"]') !== null;
}

/** Whether `element` can no longer hold focus: taken out of the page, or disabled. */
function goneOrDisabled(element: HTMLElement): boolean {
  return !element.isConnected || (element as HTMLButtonElement).disabled === true;
}

/**
 * Keeps keyboard focus in the library when the focused control goes away: a toolbar button
 * that disappears with the selection (Move to Trash, Remove from album), Undo in a toast that
 * closes, an album's name field once saved, a deleted album. The browser drops focus to the
 * page then, which puts the keyboard at the top of the page and makes Ctrl+A select its text;
 * this gives focus to the grid instead (without scrolling it), unless a dialog is open.
 *
 * It watches the page for removals and newly disabled controls rather than for `focusout`:
 * Chromium sends `focusout` when the focused element is removed, but Firefox and happy-dom
 * do not, and a control that becomes disabled keeps focus in some browsers.
 */
export function useFocusKeeper(): void {
  useEffect(() => {
    let focused: HTMLElement | null = null;
    const onFocusIn = (event: FocusEvent) => {
      focused = event.target instanceof HTMLElement ? event.target : null;
    };
    const check = () => {
      if (focused === null || !goneOrDisabled(focused)) return;
      const active = document.activeElement;
      // Focus went somewhere on purpose (a dialog gave it back, a field took it).
      if (active !== null && active !== document.body && active !== focused) return;
      if (modalOpen()) return;
      focused = null;
      document.getElementById(GRID_ID)?.focus({ preventScroll: true });
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['disabled'],
    });
    document.addEventListener('focusin', onFocusIn);
    return () => {
      observer.disconnect();
      document.removeEventListener('focusin', onFocusIn);
    };
  }, []);
}
