import type { Album } from '../../../common/contract';
import { useClient } from '../../bridge/client-context';
import { addToAlbum, moveAlbum, renameAlbum } from '../../store/album-actions';
import { importFiles } from '../../store/import-actions';
import type { View } from '../../store/library-slice';
import { showView } from '../../store/paging';
import { isSmartAlbum } from '../../store/smart-album-actions';
import { useShoeboxStore } from '../../store/store';
import type { MenuEntry, MenuPlacement } from '../context-menu';
import { Icon } from '../icons';
import { AlbumNameForm } from './album-name-form';
import { SidebarEntry, useEntryCount } from './sidebar-entry';

/** Whether `view` is the album `albumId`. */
function isAlbumView(view: View, albumId: number): boolean {
  return view.kind === 'album' && view.albumId === albumId;
}

/**
 * Moves `album` one place up (-1) or down (+1) among `siblings` (the albums listed with it):
 * moving down is moving the next album before it, since the core's order is given as "before"
 * moves.
 */
function moveByKeyboard(
  client: ReturnType<typeof useClient>,
  siblings: Album[],
  album: Album,
  delta: -1 | 1,
): void {
  const at = siblings.findIndex((candidate) => candidate.id === album.id);
  const [moving, before] = delta === -1 ? [album, siblings[at - 1]] : [siblings[at + 1], album];
  if (moving === undefined || before === undefined) return;
  void moveAlbum(client, moving.id, before.id).then(() => {
    // The entry re-renders in its new place: keep the keyboard on it.
    document.querySelector<HTMLElement>(`[data-album-id="${album.id}"]`)?.focus();
  });
}

/** An album's menu, open at a point (right-click) or under its entry (the keyboard). */
export interface AlbumMenu {
  album: Album;
  placement: MenuPlacement;
  byKeyboard: boolean;
}

/**
 * The album menu's commands: the same as the toolbar's for an open album; a smart album's
 * search can be changed there too.
 */
export function albumMenuEntries(album: Album, onEditQuery: (album: Album) => void): MenuEntry[] {
  const { setRenamingAlbumId, setExportDialogAlbumId, setAlbumToDelete } =
    useShoeboxStore.getState();
  return [
    { label: 'Rename…', shortcut: 'F2', onSelect: () => setRenamingAlbumId(album.id) },
    ...(isSmartAlbum(album)
      ? [{ label: 'Edit search…', title: album.query ?? '', onSelect: () => onEditQuery(album) }]
      : []),
    {
      label: 'Export…',
      disabled: album.photoCount === 0,
      title: album.photoCount === 0 ? 'Add photos to the album first' : undefined,
      onSelect: () => setExportDialogAlbumId(album.id),
    },
    'separator',
    {
      label: 'Delete…',
      shortcut: 'Delete',
      danger: true,
      onSelect: () => setAlbumToDelete(album.id),
    },
  ];
}

/** A smart album's mark: a magnifier over an album, drawn like the icons of icons.tsx. */
function SmartAlbumIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M4 6h16v13H4zM7 3h10M11 9.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zM13 14l3 3" />
    </svg>
  );
}

/**
 * A sidebar album: open it, drop photos or files on it (not on a smart one: its photos are
 * its search's), F2 to rename, Delete to delete, Alt+Up/Down to move it among `siblings`,
 * right-click or Shift+F10 for its menu.
 */
export function AlbumEntry({
  album,
  siblings,
  onMenu,
}: {
  album: Album;
  siblings: Album[];
  onMenu: (placement: MenuPlacement, byKeyboard: boolean) => void;
}) {
  const client = useClient();
  const active = useShoeboxStore((state) => isAlbumView(state.view, album.id));
  const renaming = useShoeboxStore((state) => state.renamingAlbumId === album.id);
  const count = useEntryCount(active, album.photoCount);
  const { setRenamingAlbumId, setAlbumToDelete } = useShoeboxStore.getState();
  const smart = isSmartAlbum(album);
  if (renaming) {
    return (
      <li>
        <AlbumNameForm
          label="Album name"
          initialName={album.name}
          onCancel={() => setRenamingAlbumId(null)}
          onSubmit={async (name) => {
            if (await renameAlbum(client, album.id, name)) setRenamingAlbumId(null);
          }}
        />
      </li>
    );
  }
  // An album dragged here goes before this one, among albums of its own kind only.
  const onAlbum = (albumId: number) => {
    if (siblings.some((sibling) => sibling.id === albumId))
      void moveAlbum(client, albumId, album.id);
  };
  return (
    <SidebarEntry
      label={album.name}
      count={count}
      active={active}
      tooltip={smart ? `${album.name}: smart album, ${album.query}` : undefined}
      icon={
        smart ? (
          <SmartAlbumIcon />
        ) : album.coverPhotoId === null ? (
          <Icon name="album" />
        ) : (
          <img
            className="sidebar-cover"
            src={client.mediaUrl(album.coverPhotoId, 'thumb')}
            alt=""
          />
        )
      }
      dragAlbumId={album.id}
      onSelect={() => void showView(client, { kind: 'album', albumId: album.id })}
      onDoubleClick={() => setRenamingAlbumId(album.id)}
      onContextMenu={(event) => {
        event.preventDefault();
        // A menu key press comes as a contextmenu event without a pointer position.
        if (event.clientX === 0 && event.clientY === 0) {
          onMenu({ below: event.currentTarget.getBoundingClientRect() }, true);
        } else onMenu({ x: event.clientX, y: event.clientY }, false);
      }}
      onKeyDown={(event) => {
        if (event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10')) {
          onMenu({ below: event.currentTarget.getBoundingClientRect() }, true);
        } else if (event.altKey && event.key === 'ArrowUp')
          moveByKeyboard(client, siblings, album, -1);
        else if (event.altKey && event.key === 'ArrowDown') {
          moveByKeyboard(client, siblings, album, 1);
        } else if (event.key === 'F2') setRenamingAlbumId(album.id);
        else if (event.key === 'Delete' || event.key === 'Backspace') setAlbumToDelete(album.id);
        else return;
        event.preventDefault();
      }}
      drop={
        smart
          ? { onAlbum }
          : {
              onPhotos: (photoIds) => void addToAlbum(client, album, photoIds),
              onFiles: (files) => void importFiles(client, files, album.id),
              onAlbum,
            }
      }
    />
  );
}
