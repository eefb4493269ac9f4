import { useEffect, useState } from 'react';
import { COLOR_LABELS, type ColorLabel, type RotateDirection } from '../../common/description';
import type { PhotoChanges, PhotoSummary } from '../../common/contract';
import { useClient } from '../bridge/client-context';
import type { ShoeboxClient } from '../bridge/shoebox-client';
import { addToAlbum, removeFromAlbum } from '../store/album-actions';
import { describePhotos, rotatePhotos } from '../store/describe-actions';
import { restorePhotos, trashPhotos } from '../store/photo-actions';
import { isSmartAlbum } from '../store/smart-album-actions';
import { useShoeboxStore, type ShoeboxState } from '../store/store';
import { ContextMenu, type MenuEntry, type MenuPlacement } from './context-menu';
import { GRID_ID } from './grid/photo-grid';
import { tileId } from './grid/photo-tile';

// What tileId() makes: the photo's index in the view follows the prefix.
const TILE_ID = /^photo-tile-(\d+)$/;
// Lightroom Classic's keys for the labels (purple has none there).
const LABEL_SHORTCUTS: Partial<Record<ColorLabel, string>> = {
  red: '6',
  yellow: '7',
  green: '8',
  blue: '9',
};

/** An open tile menu: the photo it was opened on and where. */
interface OpenMenu {
  index: number;
  placement: MenuPlacement;
  byKeyboard: boolean;
}

/** The one value every selected photo shares for `field`, or undefined when they differ. */
function shared<K extends 'rating' | 'flag' | 'label'>(
  photos: PhotoSummary[],
  field: K,
): PhotoSummary[K] | undefined {
  const first = photos[0]?.[field];
  return photos.every((photo) => photo[field] === first) ? first : undefined;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * The tile menu's entries for the selection: the same commands as the keys and the toolbar,
 * with the current rating, flag and label checked when the selection agrees on them.
 */
function photoMenuEntries(client: ShoeboxClient, state: ShoeboxState, index: number): MenuEntry[] {
  const ids = [...state.selectedIds];
  const chosen = new Set(ids);
  const photos = state.loaded.filter(
    (photo): photo is PhotoSummary => photo !== undefined && chosen.has(photo.id),
  );
  const describe = (changes: PhotoChanges) => () => void describePhotos(client, ids, changes);
  const rotate = (direction: RotateDirection) => () => void rotatePhotos(client, ids, direction);
  const rating = shared(photos, 'rating');
  const flag = shared(photos, 'flag');
  const label = shared(photos, 'label');
  const { view, albums } = state;
  const shown = view.kind === 'album' ? albums.find((a) => a.id === view.albumId) : undefined;
  // A smart album's photos are its search's: none is added or removed by hand.
  const album = shown !== undefined && !isSmartAlbum(shown) ? shown : undefined;
  const targets = albums.filter((target) => !isSmartAlbum(target));

  const entries: MenuEntry[] = [
    { label: 'Open', shortcut: 'Enter', onSelect: () => state.openViewer(index) },
    'separator',
    {
      label: 'Rating',
      items: [0, 1, 2, 3, 4, 5].map((stars) => ({
        label: stars === 0 ? 'No stars' : `${stars} ${stars === 1 ? 'star' : 'stars'}`,
        shortcut: String(stars),
        checked: rating === stars,
        onSelect: describe({ rating: stars }),
      })),
    },
    {
      label: 'Flag',
      items: [
        {
          label: 'Pick',
          shortcut: 'P',
          checked: flag === 'pick',
          onSelect: describe({ flag: 'pick' }),
        },
        {
          label: 'Reject',
          shortcut: 'X',
          checked: flag === 'reject',
          onSelect: describe({ flag: 'reject' }),
        },
        {
          label: 'None',
          shortcut: 'U',
          checked: flag === null,
          onSelect: describe({ flag: null }),
        },
      ],
    },
    {
      label: 'Label',
      items: [
        ...COLOR_LABELS.map((colour) => ({
          label: capitalize(colour),
          shortcut: LABEL_SHORTCUTS[colour],
          swatchClass: `tile-label-${colour}`,
          checked: label === colour,
          onSelect: describe({ label: colour }),
        })),
        { label: 'None', checked: label === null, onSelect: describe({ label: null }) },
      ],
    },
    'separator',
    { label: 'Rotate left', shortcut: 'Ctrl+[', onSelect: rotate('left') },
    { label: 'Rotate right', shortcut: 'Ctrl+]', onSelect: rotate('right') },
    { label: 'Rotate 180°', onSelect: rotate('180') },
    'separator',
  ];
  const fromDisk = folderPhotoEntries(state, photos);
  if (view.kind === 'trash') {
    entries.push(
      { label: 'Restore', onSelect: () => void restorePhotos(client, ids) },
      {
        label: 'Delete forever…',
        danger: true,
        onSelect: () => state.setDeleteForeverRequest(ids),
      },
      ...fromDisk,
    );
    return entries;
  }
  entries.push(
    targets.length === 0
      ? { label: 'Add to album', disabled: true, title: 'Make an album first', onSelect: () => {} }
      : {
          label: 'Add to album',
          items: targets.map((target) => ({
            label: target.name,
            title: target.name,
            onSelect: () => void addToAlbum(client, target, ids),
          })),
        },
  );
  if (album !== undefined) {
    entries.push({
      label: 'Remove from album',
      onSelect: () => void removeFromAlbum(client, album.id, ids),
    });
  }
  entries.push(
    {
      label: 'Move to Trash',
      shortcut: 'Delete',
      danger: true,
      // A photo left in its folder leaves the library from the Trash; its file stays.
      title:
        fromDisk.length > 0
          ? 'Photos in added folders leave the library only: their files stay on disk'
          : undefined,
      onSelect: () => void trashPhotos(client, ids),
    },
    ...fromDisk,
  );
  return entries;
}

/**
 * "Delete from disk…" for the selection's photos left in added folders (none when it has
 * none): the one command that removes a user's files, confirmed first. The library's own
 * photos of the selection are left to the Trash. Before it, for one missing photo, "Locate
 * file…".
 */
function folderPhotoEntries(state: ShoeboxState, photos: PhotoSummary[]): MenuEntry[] {
  const referenced = photos.filter((photo) => photo.source === 'folder').map((photo) => photo.id);
  if (referenced.length === 0) return [];
  const libraryPhotos = photos.length - referenced.length;
  const [only] = photos;
  // A file gone from its folder is pointed at where it is now, one photo at a time.
  const locate: MenuEntry[] =
    photos.length === 1 && only.status === 'missing'
      ? [{ label: 'Locate file…', onSelect: () => state.setLocatingPhotoId(only.id) }]
      : [];
  return [
    ...locate,
    {
      label: 'Delete from disk…',
      danger: true,
      title: 'Deletes the files from their folder',
      onSelect: () => state.setDeleteFromDiskRequest({ photoIds: referenced, libraryPhotos }),
    },
  ];
}

/** The index of the photo whose tile `target` is in, if it is in one. */
function tileIndexOf(target: EventTarget | null): number | null {
  if (!(target instanceof Element)) return null;
  const tile = target.closest('[role="gridcell"][id^="photo-tile-"]');
  const match = tile === null ? null : TILE_ID.exec(tile.id);
  return match === null ? null : Number(match[1]);
}

/**
 * Opens the tile menu on a right-click on a tile, or Shift+F10 / the menu key in the grid (on
 * the tile under the keyboard cursor). By delegation from the document, so the grid's own
 * files need not know about it. A right-click on a photo outside the selection selects only it
 * first, as in Finder and Lightroom.
 */
function useTileMenuOpening(): [OpenMenu | null, (menu: OpenMenu | null) => void] {
  const [menu, setMenu] = useState<OpenMenu | null>(null);
  useEffect(() => {
    const onContextMenu = (event: MouseEvent) => {
      const index = tileIndexOf(event.target);
      if (index === null) return;
      const state = useShoeboxStore.getState();
      const photo = state.loaded[index];
      if (photo === undefined) return;
      event.preventDefault();
      if (!state.selectedIds.has(photo.id)) state.selectOnly(index);
      setMenu({ index, placement: { x: event.clientX, y: event.clientY }, byKeyboard: false });
    };
    const onKeyDown = (event: KeyboardEvent) => {
      const menuKey = event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10');
      if (!menuKey || !(event.target instanceof Element) || event.target.id !== GRID_ID) return;
      const state = useShoeboxStore.getState();
      const index = state.focusIndex;
      const photo = state.loaded[index];
      const tile = document.getElementById(tileId(index));
      if (photo === undefined || tile === null) return;
      event.preventDefault();
      if (!state.selectedIds.has(photo.id)) state.selectOnly(index);
      const box = tile.getBoundingClientRect();
      // Over the tile's middle, so it is clear which photo the menu is for.
      const placement = { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      setMenu({ index, placement, byKeyboard: true });
    };
    document.addEventListener('contextmenu', onContextMenu);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('contextmenu', onContextMenu);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, []);
  return [menu, setMenu];
}

/**
 * The right-click menu of photo tiles: open, rate, flag, label, rotate, add to or remove from
 * an album, trash (restore or delete for good in the Trash), for the whole selection.
 */
export function TileContextMenu() {
  const client = useClient();
  const [menu, setMenu] = useTileMenuOpening();
  if (menu === null) return null;
  // Read once as it opens: any command closes it.
  const state = useShoeboxStore.getState();
  const count = state.selectedIds.size;
  return (
    <ContextMenu
      label={count > 1 ? `${count.toLocaleString()} photos` : 'Photo'}
      placement={menu.placement}
      byKeyboard={menu.byKeyboard}
      entries={photoMenuEntries(client, state, menu.index)}
      onClose={() => setMenu(null)}
    />
  );
}
