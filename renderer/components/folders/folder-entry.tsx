import { useId, type KeyboardEvent, type MouseEvent } from 'react';
import type { FolderEntry } from '../../../common/contract';
import { useClient } from '../../bridge/client-context';
import { countPhotos } from '../../store/feedback';
import { folderName, folderQuery } from '../../store/folder-actions';
import { runSearch } from '../../store/search-actions';
import { useShoeboxStore } from '../../store/store';
import type { MenuPlacement } from '../context-menu';
import { Icon } from '../icons';

/** "1,204 photos, offline", "87 photos, 3 missing": a folder's state in words. */
export function describeFolder(folder: FolderEntry): string {
  const parts = [countPhotos(folder.photos)];
  if (folder.status === 'offline') parts.push('offline: its drive is not connected');
  if (folder.missing > 0) parts.push(`${folder.missing.toLocaleString()} missing`);
  return parts.join(', ');
}

/**
 * One added folder in the sidebar: its name (the whole path on hover), an Offline mark when
 * its drive is not there, its missing files and photo count. A click (or Enter, Space) shows
 * its photos, an offline folder's too (from their previews), as the search `folder:"<path>"`
 * would: the search box shows that query, and the entry is current while it is on screen. Its
 * menu opens on a right-click, Shift+F10 or the menu key, or from the "⋯" button beside it
 * (shown on hover and focus). A path with a `"` in it has no query: a click opens the menu.
 */
export function FolderEntryRow({
  folder,
  onMenu,
}: {
  folder: FolderEntry;
  onMenu: (placement: MenuPlacement, byKeyboard: boolean) => void;
}) {
  const client = useClient();
  const stateId = useId();
  const offline = folder.status === 'offline';
  const name = folderName(folder.path);
  const query = folderQuery(folder.path);
  const active = useShoeboxStore(
    (state) => query !== null && state.view.kind === 'search' && state.view.query === query,
  );
  const below = (event: MouseEvent | KeyboardEvent) => ({
    below: event.currentTarget.getBoundingClientRect(),
  });
  // A click from the keyboard (Enter, Space) comes without a pointer position.
  const openMenu = (event: MouseEvent) => {
    if (event.clientX === 0 && event.clientY === 0) onMenu(below(event), true);
    else onMenu({ x: event.clientX, y: event.clientY }, false);
  };
  return (
    <li className="sidebar-folder-item">
      <button
        type="button"
        className={`sidebar-entry sidebar-folder${offline ? ' is-offline' : ''}${active ? ' is-active' : ''}`}
        aria-label={name}
        aria-describedby={stateId}
        aria-current={active ? 'page' : undefined}
        aria-haspopup={query === null ? 'menu' : undefined}
        title={offline ? `${folder.path} (offline: its drive is not connected)` : folder.path}
        data-folder-id={folder.id}
        onClick={(event) => {
          if (query === null) openMenu(event);
          else void runSearch(client, query);
        }}
        onContextMenu={(event) => {
          event.preventDefault();
          openMenu(event);
        }}
        onKeyDown={(event) => {
          if (event.key !== 'ContextMenu' && !(event.shiftKey && event.key === 'F10')) return;
          event.preventDefault();
          onMenu(below(event), true);
        }}
      >
        <span className="sidebar-icon" aria-hidden="true">
          <Icon name={offline ? 'drive' : 'folder'} />
        </span>
        <span className="sidebar-label">{name}</span>
        {offline && (
          <span className="folder-mark folder-mark-offline" aria-hidden="true">
            Offline
          </span>
        )}
        {folder.missing > 0 && (
          <span
            className="folder-mark folder-mark-missing"
            aria-hidden="true"
            title={`${folder.missing.toLocaleString()} missing`}
          >
            <Icon name="warning" />
            {folder.missing.toLocaleString()}
          </span>
        )}
        <span className="sidebar-count" aria-hidden="true">
          {folder.photos.toLocaleString()}
        </span>
        <span id={stateId} hidden>
          {describeFolder(folder)}
        </span>
      </button>
      <button
        type="button"
        className="sidebar-folder-more"
        aria-label={`Folder actions for ${name}`}
        aria-haspopup="menu"
        title="More"
        onClick={(event) => {
          // Under the button, from the pointer as from the keyboard.
          onMenu(below(event), event.clientX === 0 && event.clientY === 0);
        }}
      >
        <Icon name="more" />
      </button>
    </li>
  );
}
