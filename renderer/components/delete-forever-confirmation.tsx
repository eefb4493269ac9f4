import { useShallow } from 'zustand/react/shallow';
import { useClient } from '../bridge/client-context';
import { countPhotos } from '../store/feedback';
import { deleteForever, emptyTrash } from '../store/photo-actions';
import { useShoeboxStore, type ShoeboxState } from '../store/store';
import { ConfirmDialog } from './confirm-dialog';
import { formatBytes } from './format';

/**
 * How many photos a delete-forever request removes, and their originals' size when every one
 * of them is loaded (null otherwise: a size that leaves some out would understate it).
 */
function doomed(state: ShoeboxState): { count: number; bytes: number | null } {
  const request = state.deleteForeverRequest;
  if (request === null) return { count: 0, bytes: null };
  const ids = request === 'all' ? null : new Set(request);
  const count = ids?.size ?? (state.view.kind === 'trash' ? state.total : 0);
  let bytes = 0;
  let found = 0;
  for (const photo of state.loaded) {
    if (photo === undefined || (ids !== null && !ids.has(photo.id))) continue;
    bytes += photo.bytes;
    found += 1;
  }
  return { count, bytes: found === count ? bytes : null };
}

/** Asks before deleting trashed photos for good, saying what leaves the disk. */
export function DeleteForeverConfirmation() {
  const client = useClient();
  const request = useShoeboxStore((state) => state.deleteForeverRequest);
  const { count, bytes } = useShoeboxStore(useShallow(doomed));
  if (request === null) return null;
  const close = () => useShoeboxStore.getState().setDeleteForeverRequest(null);
  const all = request === 'all';
  const [its, files] = count === 1 ? ['its', 'original file'] : ['their', 'original files'];
  const size = bytes === null ? '' : ` (${formatBytes(bytes)})`;
  return (
    <ConfirmDialog
      title={all ? 'Empty the Trash?' : `Delete ${countPhotos(count)} forever?`}
      confirmLabel={all ? 'Empty Trash' : 'Delete forever'}
      onCancel={close}
      onConfirm={() => {
        close();
        void (all ? emptyTrash(client) : deleteForever(client, request));
      }}
    >
      <p>
        {`${countPhotos(count)} and ${its} ${files}${size} will be removed from disk, with ${its} previews.`}
      </p>
      <p>
        <strong>This cannot be undone.</strong>
      </p>
    </ConfirmDialog>
  );
}
