import type { KeyboardEvent } from 'react';

/**
 * Keeps a key typed in a describe field from the window's listeners: the viewer's own keys
 * (arrows step, Z zooms, Backspace trashes, Esc closes) would otherwise act on what is typed.
 * Tab goes on, so the viewer dialog still keeps the focus inside it.
 */
export function keepKeyInField(event: KeyboardEvent): void {
  if (event.key !== 'Tab') event.stopPropagation();
}
