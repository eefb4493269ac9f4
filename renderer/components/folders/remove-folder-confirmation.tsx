import { useClient } from '../../bridge/client-context';
import { countPhotos } from '../../store/feedback';
import { folderName, removeFolder } from '../../store/folder-actions';
import { useShoeboxStore } from '../../store/store';
import { ConfirmDialog } from '../confirm-dialog';

/** Asks before removing a folder from the library: its photos go, its files stay on disk. */
export function RemoveFolderConfirmation() {
  const client = useClient();
  const folder = useShoeboxStore((state) =>
    state.folders.find((candidate) => candidate.id === state.folderToRemove),
  );
  if (folder === undefined) return null;
  const close = () => useShoeboxStore.getState().setFolderToRemove(null);
  const [leave, their] = folder.photos === 1 ? ['leaves', 'its'] : ['leave', 'their'];
  return (
    <ConfirmDialog
      title={`Remove “${folderName(folder.path)}” from the library?`}
      confirmLabel="Remove folder"
      onCancel={close}
      onConfirm={() => {
        close();
        void removeFolder(client, folder);
      }}
    >
      <p>
        {`Its ${countPhotos(folder.photos)} ${leave} Shoebox, with ${their} ratings, keywords and albums; the files stay on disk.`}
      </p>
      <p className="folder-path-note">{folder.path}</p>
    </ConfirmDialog>
  );
}
