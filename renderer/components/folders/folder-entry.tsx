import { useId, type KeyboardEvent, type MouseEvent } from 'react';
import type { FolderEntry } from '../../../common/contract';
import { countPhotos } from '../../store/feedback';
import { folderName } from '../../store/folder-actions';
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
 * its drive is not there, its missing files and photo count. It lists no photos of its own
 * (the search has no folder term): a click, right-click or Shift+F10 opens its menu.
 */
export function FolderEntryRow({
  folder,
  onMenu,
}: {
  folder: FolderEntry;
  onMenu: (placement: MenuPlacement, byKeyboard: boolean) => void;
}) {
  const stateId = useId();
  const offline = folder.status === 'offline';
  const below = (event: MouseEvent | KeyboardEvent) => ({
    below: event.currentTarget.getBoundingClientRect(),
  });
  return (
    <li>
      <button
        type="button"
        className={`sidebar-entry sidebar-folder${offline ? ' is-offline' : ''}`}
        aria-label={folderName(folder.path)}
        aria-describedby={stateId}
        aria-haspopup="menu"
        title={offline ? `${folder.path} (offline: its drive is not connected)` : folder.path}
        data-folder-id={folder.id}
        onClick={(event) => {
          // A click from the keyboard (Enter, Space) comes without a pointer position.
          if (event.clientX === 0 && event.clientY === 0) onMenu(below(event), true);
          else onMenu({ x: event.clientX, y: event.clientY }, false);
        }}
        onContextMenu={(event) => {
          event.preventDefault();
          if (event.clientX === 0 && event.clientY === 0) onMenu(below(event), true);
          else onMenu({ x: event.clientX, y: event.clientY }, false);
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
        <span className="sidebar-label">{folderName(folder.path)}</span>
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
    </li>
  );
}
