import { useId, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import type { Album } from '../../../common/contract';
import { useClient } from '../../bridge/client-context';
import { addToAlbum, createAlbum, moveAlbum, renameAlbum } from '../../store/album-actions';
import { importFiles } from '../../store/import-actions';
import { showView } from '../../store/paging';
import { trashPhotos } from '../../store/photo-actions';
import type { View } from '../../store/library-slice';
import { useShoeboxStore } from '../../store/store';
import { ContextMenu, type MenuEntry, type MenuPlacement } from '../context-menu';
import { Icon } from '../icons';
import { ALBUM_DRAG_TYPE } from '../drag-data';
import { AlbumNameForm } from './album-name-form';
import { useDropTarget, type DropHandlers } from './drop-target';

interface EntryProps {
  label: string;
  count: number | undefined;
  active: boolean;
  icon: ReactNode;
  onSelect: () => void;
  drop: DropHandlers;
  onKeyDown?: (event: KeyboardEvent) => void;
  onDoubleClick?: () => void;
  onContextMenu?: (event: MouseEvent) => void;
  /** Set for entries that can be dragged (albums, to reorder them). */
  dragAlbumId?: number;
}

// An album dragged over an entry goes before it: a marker line says where, not a highlight.
const DROP_CLASSES = { album: ' is-insert-before', drop: ' is-drop-target', none: '' } as const;

/** One sidebar entry: named by its label alone, its count as a description beside it. */
function SidebarEntry({
  label,
  count,
  active,
  icon,
  onSelect,
  drop,
  onKeyDown,
  onDoubleClick,
  onContextMenu,
  dragAlbumId,
}: EntryProps) {
  const countId = useId();
  const { over, props } = useDropTarget(drop);
  return (
    <li>
      <button
        type="button"
        className={`sidebar-entry${active ? ' is-active' : ''}${DROP_CLASSES[over ?? 'none']}`}
        aria-label={label}
        // Long names are cut off with an ellipsis: the whole name on hover.
        title={label}
        aria-current={active ? 'page' : undefined}
        aria-describedby={count === undefined ? undefined : countId}
        onClick={onSelect}
        onKeyDown={onKeyDown}
        onDoubleClick={onDoubleClick}
        onContextMenu={onContextMenu}
        draggable={dragAlbumId !== undefined}
        data-album-id={dragAlbumId}
        onDragStart={(event) => {
          if (dragAlbumId === undefined) return;
          event.dataTransfer.setData(ALBUM_DRAG_TYPE, String(dragAlbumId));
          event.dataTransfer.effectAllowed = 'move';
        }}
        {...props}
      >
        <span className="sidebar-icon" aria-hidden="true">
          {icon}
        </span>
        <span className="sidebar-label">{label}</span>
        {count !== undefined && (
          <span id={countId} className="sidebar-count">
            {count.toLocaleString()}
          </span>
        )}
      </button>
    </li>
  );
}

/**
 * The count to show for an entry: the open view's own total, which grows with each imported
 * photo at once, else the library's counts, which are refetched only now and then during an
 * import (so the sidebar and the header agree on the view both show).
 */
function useEntryCount(active: boolean, libraryCount: number | undefined): number | undefined {
  const liveTotal = useShoeboxStore((state) =>
    active && state.listStatus === 'ready' ? state.total : undefined,
  );
  return liveTotal ?? libraryCount;
}

/** Whether `view` is the album `albumId`. */
function isAlbumView(view: View, albumId: number): boolean {
  return view.kind === 'album' && view.albumId === albumId;
}

/**
 * Moves `album` one place up (-1) or down (+1) in `albums`: moving down is moving the next
 * album before it, since the core's order is given as "before" moves.
 */
function moveByKeyboard(
  client: ReturnType<typeof useClient>,
  albums: Album[],
  album: Album,
  delta: -1 | 1,
): void {
  const at = albums.findIndex((candidate) => candidate.id === album.id);
  const [moving, before] = delta === -1 ? [album, albums[at - 1]] : [albums[at + 1], album];
  if (moving === undefined || before === undefined) return;
  void moveAlbum(client, moving.id, before.id).then(() => {
    // The entry re-renders in its new place: keep the keyboard on it.
    document.querySelector<HTMLElement>(`[data-album-id="${album.id}"]`)?.focus();
  });
}

/** An album's menu, open at a point (right-click) or under its entry (the keyboard). */
interface AlbumMenu {
  album: Album;
  placement: MenuPlacement;
  byKeyboard: boolean;
}

/** The album menu's commands: the same as the toolbar's for an open album. */
function albumMenuEntries(album: Album): MenuEntry[] {
  const { setRenamingAlbumId, setExportDialogAlbumId, setAlbumToDelete } =
    useShoeboxStore.getState();
  return [
    { label: 'Rename…', shortcut: 'F2', onSelect: () => setRenamingAlbumId(album.id) },
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

/**
 * A sidebar album: open it, drop photos or files on it, F2 to rename, Delete to delete,
 * Alt+Up/Down to move it, right-click or Shift+F10 for its menu.
 */
function AlbumEntry({
  album,
  onMenu,
}: {
  album: Album;
  onMenu: (placement: MenuPlacement, byKeyboard: boolean) => void;
}) {
  const client = useClient();
  const active = useShoeboxStore((state) => isAlbumView(state.view, album.id));
  const renaming = useShoeboxStore((state) => state.renamingAlbumId === album.id);
  const count = useEntryCount(active, album.photoCount);
  const { setRenamingAlbumId, setAlbumToDelete } = useShoeboxStore.getState();
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
  return (
    <SidebarEntry
      label={album.name}
      count={count}
      active={active}
      icon={
        album.coverPhotoId === null ? (
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
        const { albums } = useShoeboxStore.getState();
        if (event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10')) {
          onMenu({ below: event.currentTarget.getBoundingClientRect() }, true);
        } else if (event.altKey && event.key === 'ArrowUp')
          moveByKeyboard(client, albums, album, -1);
        else if (event.altKey && event.key === 'ArrowDown') {
          moveByKeyboard(client, albums, album, 1);
        } else if (event.key === 'F2') setRenamingAlbumId(album.id);
        else if (event.key === 'Delete' || event.key === 'Backspace') setAlbumToDelete(album.id);
        else return;
        event.preventDefault();
      }}
      drop={{
        onPhotos: (photoIds) => void addToAlbum(client, album, photoIds),
        onFiles: (files) => void importFiles(client, files, album.id),
        onAlbum: (albumId) => void moveAlbum(client, albumId, album.id),
      }}
    />
  );
}

/** The sidebar: All photos, Trash, and the albums (a navigation landmark named "Albums"). */
export function Sidebar() {
  const client = useClient();
  const albums = useShoeboxStore((state) => state.albums);
  const info = useShoeboxStore((state) => state.libraryInfo);
  const viewKind = useShoeboxStore((state) => state.view.kind);
  const creating = useShoeboxStore((state) => state.creatingAlbum);
  const allCount = useEntryCount(viewKind === 'all', info?.photoCount);
  const trashCount = useEntryCount(viewKind === 'trash', info?.trashCount);
  const { setCreatingAlbum } = useShoeboxStore.getState();
  const [menu, setMenu] = useState<AlbumMenu | null>(null);
  return (
    <aside className="sidebar">
      <div className="sidebar-brand">Shoebox</div>
      <nav aria-label="Library">
        <ul>
          <SidebarEntry
            label="All photos"
            count={allCount}
            active={viewKind === 'all'}
            icon={<Icon name="photos" />}
            onSelect={() => void showView(client, { kind: 'all' })}
            drop={{ onFiles: (files) => void importFiles(client, files) }}
          />
          <SidebarEntry
            label="Trash"
            count={trashCount}
            active={viewKind === 'trash'}
            icon={<Icon name="trash" />}
            onSelect={() => void showView(client, { kind: 'trash' })}
            drop={{ onPhotos: (photoIds) => void trashPhotos(client, photoIds) }}
          />
        </ul>
      </nav>
      <div className="sidebar-section">
        <h2>Albums</h2>
        <button type="button" className="button-quiet" onClick={() => setCreatingAlbum(true)}>
          <Icon name="plus" />
          New album
        </button>
      </div>
      <nav aria-label="Albums" className="sidebar-albums">
        <ul>
          {albums.map((album) => (
            <AlbumEntry
              key={album.id}
              album={album}
              onMenu={(placement, byKeyboard) => setMenu({ album, placement, byKeyboard })}
            />
          ))}
          {creating && (
            <li>
              <AlbumNameForm
                label="New album name"
                initialName=""
                onCancel={() => setCreatingAlbum(false)}
                onSubmit={async (name) => {
                  if (await createAlbum(client, name)) setCreatingAlbum(false);
                }}
              />
            </li>
          )}
        </ul>
        {albums.length === 0 && !creating && (
          <p className="sidebar-hint">Make an album, then drag photos onto it.</p>
        )}
      </nav>
      {menu !== null && (
        <ContextMenu
          label={`Album “${menu.album.name}”`}
          placement={menu.placement}
          byKeyboard={menu.byKeyboard}
          entries={albumMenuEntries(menu.album)}
          onClose={() => setMenu(null)}
        />
      )}
    </aside>
  );
}
