import { useId, useState } from 'react';
import type { FolderEntry } from '../../../common/contract';
import { useClient } from '../../bridge/client-context';
import type { ShoeboxClient } from '../../bridge/shoebox-client';
import { folderName, pickFolderPath, rescanFolder } from '../../store/folder-actions';
import { useShoeboxStore } from '../../store/store';
import { ContextMenu, type MenuEntry, type MenuPlacement } from '../context-menu';
import { Icon } from '../icons';
import { AddFolderDialog } from './add-folder-dialog';
import { FolderEntryRow } from './folder-entry';
import { LocateFolderDialog } from './locate-folder-dialog';
import { RemoveFolderConfirmation } from './remove-folder-confirmation';
import './folders.css';

/**
 * A folder's menu, open at a point (a right-click) or under its entry or its "⋯" button (the
 * keyboard, the button).
 */
interface FolderMenu {
  folderId: number;
  placement: MenuPlacement;
  byKeyboard: boolean;
}

/**
 * "Add folder…": on the desktop the native dialog picks the folder first (cancelled, nothing
 * opens), then the options dialog; in a browser the dialog asks for the path as well.
 */
async function startAddingFolder(client: ShoeboxClient): Promise<void> {
  const { setAddFolderDialog } = useShoeboxStore.getState();
  if (!client.capabilities.nativeDialogs) {
    setAddFolderDialog({ path: '' });
    return;
  }
  const path = await pickFolderPath(client);
  if (path !== null) setAddFolderDialog({ path });
}

/** A folder's commands: rescan it, point it at its new place, remove it from the library. */
function folderMenuEntries(client: ShoeboxClient, folder: FolderEntry): MenuEntry[] {
  const { setLocatingFolderId, setFolderToRemove } = useShoeboxStore.getState();
  const offline = folder.status === 'offline';
  return [
    {
      label: 'Rescan',
      title: offline ? 'Its drive is not connected: connect it, or locate it' : undefined,
      onSelect: () => void rescanFolder(client, folder),
    },
    {
      label: 'Locate…',
      title: 'Point Shoebox at where the folder is now',
      onSelect: () => setLocatingFolderId(folder.id),
    },
    'separator',
    {
      label: 'Remove from library…',
      danger: true,
      onSelect: () => setFolderToRemove(folder.id),
    },
  ];
}

/**
 * The sidebar's "Folders": the folders added in place (apart from albums), each with its
 * count, an offline mark and its missing files (a click shows its photos, its menu rescans,
 * locates or removes it), and "Add folder…"; the dialogs of adding, locating and removing a
 * folder.
 */
export function FoldersSection() {
  const client = useClient();
  const folders = useShoeboxStore((state) => state.folders);
  const adding = useShoeboxStore((state) => state.addFolderDialog !== null);
  const locatingId = useShoeboxStore((state) => state.locatingFolderId);
  const [menu, setMenu] = useState<FolderMenu | null>(null);
  const headingId = useId();
  const menuFolder = folders.find((folder) => folder.id === menu?.folderId);
  const locating = folders.find((folder) => folder.id === locatingId);
  return (
    <>
      <div className="sidebar-section">
        <h2 id={headingId}>Folders</h2>
        <button
          type="button"
          className="button-quiet"
          title="Add a folder of photos where it is, without copying it"
          onClick={() => void startAddingFolder(client)}
        >
          <Icon name="plus" />
          Add folder…
        </button>
      </div>
      <nav aria-labelledby={headingId} className="sidebar-folders">
        <ul>
          {folders.map((folder) => (
            <FolderEntryRow
              key={folder.id}
              folder={folder}
              onMenu={(placement, byKeyboard) =>
                setMenu({ folderId: folder.id, placement, byKeyboard })
              }
            />
          ))}
        </ul>
        {folders.length === 0 && (
          <p className="sidebar-hint">Add a folder to browse its photos where they are.</p>
        )}
      </nav>
      {menu !== null && menuFolder !== undefined && (
        <ContextMenu
          label={`Folder “${folderName(menuFolder.path)}”`}
          placement={menu.placement}
          byKeyboard={menu.byKeyboard}
          entries={folderMenuEntries(client, menuFolder)}
          onClose={() => setMenu(null)}
        />
      )}
      {adding && <AddFolderDialog />}
      {locating !== undefined && (
        <LocateFolderDialog
          folder={locating}
          onClose={() => useShoeboxStore.getState().setLocatingFolderId(null)}
        />
      )}
      <RemoveFolderConfirmation />
    </>
  );
}
