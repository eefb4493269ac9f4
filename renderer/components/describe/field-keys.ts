import type { KeyboardEvent } from 'react';

/**
 * Keeps a key typed in a describe field from the window's listeners: the viewer's own keys
 * (arrows step, Z zooms, Backspace trashes, Esc closes) would otherwise act on what is typed.
 * Tab goes on, so the viewer dialog still keeps the focus inside it. An Escape the field had
 * no use for (nothing to revert) leaves the field, so the next one closes the viewer.
 */
export function keepKeyInField(event: KeyboardEvent<HTMLElement>): void {
  if (event.key === 'Tab') return;
  event.stopPropagation();
  if (event.key === 'Escape' && !event.defaultPrevented) event.currentTarget.blur();
}
