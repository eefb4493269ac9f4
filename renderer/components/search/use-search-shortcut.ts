import { useEffect, type RefObject } from 'react';

/**
 * Ctrl/Cmd+F focuses the search box (and selects what is in it) from anywhere in the library;
 * over a modal dialog (the viewer, a confirmation) the box behind it is not reachable, so the
 * key is left alone there.
 */
export function useSearchShortcut(input: RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const command = event.ctrlKey || event.metaKey;
      if (!command || event.altKey || event.shiftKey || event.key.toLowerCase() !== 'f') return;
      if (document.querySelector('[aria-modal="true"]') !== null) return;
      const field = input.current;
      if (field === null) return;
      // The browser's own find bar would search the page's text, not the library.
      event.preventDefault();
      field.focus();
      field.select();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [input]);
}
