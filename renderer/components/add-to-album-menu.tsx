import { useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useClient } from '../bridge/client-context';
import { addToAlbum } from '../store/album-actions';
import { useShoeboxStore } from '../store/store';
import { ContextMenu } from './context-menu';

/**
 * "Add to album": a menu of albums that adds the selected photos to the one chosen. The menu
 * keeps to a readable width (long names end in an ellipsis, whole in their tooltip), stays
 * inside the window and scrolls when there are more albums than fit.
 */
export function AddToAlbumMenu({ disabled }: { disabled: boolean }) {
  const client = useClient();
  // Smart albums hold what their search finds: photos are not added to them by hand.
  const albums = useShoeboxStore(
    useShallow((state) => state.albums.filter((album) => album.query === null)),
  );
  // Where the menu opens (under the button), and whether Enter or Space opened it.
  const [open, setOpen] = useState<{ below: DOMRect; byKeyboard: boolean } | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const noAlbums = albums.length === 0;
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open !== null}
        disabled={disabled || noAlbums}
        title={noAlbums ? 'Make an album first' : disabled ? 'Select photos first' : undefined}
        onClick={(event) =>
          setOpen(
            open === null
              ? {
                  below: event.currentTarget.getBoundingClientRect(),
                  // A click from the keyboard has no pointer press behind it.
                  byKeyboard: event.detail === 0,
                }
              : null,
          )
        }
      >
        Add to album
      </button>
      {open !== null && (
        <ContextMenu
          label="Albums to add to"
          placement={{ below: open.below }}
          byKeyboard={open.byKeyboard}
          anchor={buttonRef}
          onClose={() => setOpen(null)}
          entries={albums.map((album) => ({
            label: album.name,
            title: album.name,
            onSelect: () =>
              void addToAlbum(client, album, [...useShoeboxStore.getState().selectedIds]),
          }))}
        />
      )}
    </>
  );
}
