import { useRef } from 'react';
import { useShoeboxStore } from '../store/store';
import { trapTab, useModalFocus } from './focus-trap';
import { shortcutGroups } from './shortcuts';

/** The list of every keyboard shortcut, over everything, while `?` has it open. */
export function ShortcutsOverlay() {
  const open = useShoeboxStore((state) => state.shortcutsOpen);
  return open ? <ShortcutsDialog /> : null;
}

function ShortcutsDialog() {
  // The list itself takes focus, not its Close button at the bottom: focusing that would
  // scroll a short window past the heading.
  const dialogRef = useRef<HTMLDivElement>(null);
  useModalFocus(dialogRef);
  const close = () => useShoeboxStore.getState().setShortcutsOpen(false);
  return (
    <div className="modal-backdrop" onClick={close}>
      <div
        ref={dialogRef}
        tabIndex={-1}
        className="modal shortcuts"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        onClick={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          if (event.key === 'Escape' || event.key === '?') {
            event.preventDefault();
            close();
          } else trapTab(event);
        }}
      >
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <div className="shortcuts-groups">
          {shortcutGroups().map((group) => (
            <section key={group.title} className="shortcuts-group">
              <h3>{group.title}</h3>
              <dl>
                {group.shortcuts.map((shortcut) => (
                  <div key={shortcut.action} className="shortcut">
                    <dt>
                      {shortcut.keys.map((key, index) => (
                        <span key={key}>
                          {index > 0 && ' '}
                          <kbd>{key}</kbd>
                        </span>
                      ))}
                    </dt>
                    <dd>{shortcut.action}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
        <div className="modal-actions">
          <button type="button" onClick={close}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
