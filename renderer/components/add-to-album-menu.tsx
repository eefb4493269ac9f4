import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useClient } from '../bridge/client-context';
import { addToAlbum } from '../store/album-actions';
import { useShoeboxStore } from '../store/store';

/** "Add to album": a menu of albums that adds the selected photos to the one chosen. */
export function AddToAlbumMenu() {
  const client = useClient();
  const albums = useShoeboxStore((state) => state.albums);
  const [open, setOpen] = useState(false);
  const menuRef = useRef<HTMLUListElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const closeOutside = (event: PointerEvent) => {
      if (!menuRef.current?.parentElement?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', closeOutside);
    return () => document.removeEventListener('pointerdown', closeOutside);
  }, [open]);

  const onMenuKeyDown = (event: KeyboardEvent) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'ArrowDown') items[(at + 1) % items.length]?.focus();
    else if (event.key === 'ArrowUp') items[(at - 1 + items.length) % items.length]?.focus();
    else if (event.key === 'Escape') {
      setOpen(false);
      buttonRef.current?.focus();
    } else return;
    event.preventDefault();
  };

  return (
    <div className="menu-anchor">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={albums.length === 0}
        title={albums.length === 0 ? 'Make an album first' : undefined}
        onClick={() => setOpen((shown) => !shown)}
      >
        Add to album
      </button>
      {open && (
        <ul
          ref={menuRef}
          role="menu"
          aria-label="Albums to add to"
          className="menu"
          onKeyDown={onMenuKeyDown}
        >
          {albums.map((album) => (
            <li key={album.id} role="none">
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                onClick={() => {
                  setOpen(false);
                  void addToAlbum(client, album, [...useShoeboxStore.getState().selectedIds]);
                }}
              >
                {album.name}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
