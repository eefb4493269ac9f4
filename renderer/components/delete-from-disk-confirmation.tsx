import { useClient } from '../bridge/client-context';
import { countPhotos } from '../store/feedback';
import { deleteFromDisk } from '../store/photo-actions';
import { useShoeboxStore } from '../store/store';
import { ConfirmDialog } from './confirm-dialog';

/** "2 original files", "1 original file". */
function countFiles(count: number): string {
  return `${count.toLocaleString()} original ${count === 1 ? 'file' : 'files'}`;
}

/**
 * Asks before deleting photos left in added folders from the disk: the one action that
 * removes a user's own files, so it says how many, and which photos of the selection it
 * leaves alone (those of the library itself go through the Trash).
 */
export function DeleteFromDiskConfirmation() {
  const client = useClient();
  const request = useShoeboxStore((state) => state.deleteFromDiskRequest);
  if (request === null) return null;
  const close = () => useShoeboxStore.getState().setDeleteFromDiskRequest(null);
  const count = request.photoIds.length;
  const { libraryPhotos } = request;
  return (
    <ConfirmDialog
      title={`Delete ${count === 1 ? '1 file' : `${count.toLocaleString()} files`} from the disk?`}
      confirmLabel="Delete from disk"
      onCancel={close}
      onConfirm={() => {
        close();
        void deleteFromDisk(client, request.photoIds);
      }}
    >
      <p>
        {`${countFiles(count)} in added folders will be deleted from the disk, with the files beside ${count === 1 ? 'it' : 'them'} that are ${count === 1 ? 'its' : 'theirs'} (a RAW's JPEG, sidecars), and ${count === 1 ? 'its photo leaves' : 'their photos leave'} Shoebox.`}
      </p>
      {libraryPhotos > 0 && (
        <p>
          {`${countPhotos(libraryPhotos)} of the selection ${libraryPhotos === 1 ? 'is' : 'are'} in the library itself and ${libraryPhotos === 1 ? 'stays' : 'stay'}: Move to Trash removes ${libraryPhotos === 1 ? 'it' : 'them'}.`}
        </p>
      )}
      <p>
        <strong>This cannot be undone.</strong>
      </p>
    </ConfirmDialog>
  );
}
