import { useEffect, useState } from 'react';
import { useClient } from '../../bridge/client-context';
import { locateFile } from '../../store/folder-actions';
import { useShoeboxStore } from '../../store/store';
import { LocateDialog } from './locate-dialog';

/**
 * "Locate file…" of a photo whose file is missing from its folder: asks where the file is now
 * (in an added folder), starting from where Shoebox last saw it; the photo keeps everything.
 * A refusal (another picture, a file outside the added folders) is said here.
 */
function LocateFileDialog({ photoId, onClose }: { photoId: number; onClose: () => void }) {
  const client = useClient();
  const name = useShoeboxStore(
    (state) => state.loaded.find((photo) => photo?.id === photoId)?.originalName ?? 'the photo',
  );
  const [path, setPath] = useState('');
  const [lastSeen, setLastSeen] = useState<string | null>(null);
  // Where it was: the start of the new path, which is often a rename or a folder away.
  useEffect(() => {
    let current = true;
    client.getPhoto({ photoId }).then(
      (photo) => {
        if (!current) return;
        setLastSeen(photo.path);
        setPath((typed) => (typed === '' ? photo.path : typed));
      },
      () => {},
    );
    return () => {
      current = false;
    };
  }, [client, photoId]);
  return (
    <LocateDialog
      name={name}
      label="File"
      pick="file"
      path={path}
      onPath={setPath}
      locate={(located) => locateFile(client, photoId, located)}
      onClose={onClose}
    >
      {lastSeen === null
        ? 'The file is missing from its folder.'
        : `The file is missing from its folder: Shoebox last saw it at ${lastSeen}.`}{' '}
      Where is it now? The photo keeps everything you said about it.
    </LocateDialog>
  );
}

/** The "Locate file…" dialog, while the user is locating a missing photo's file. */
export function LocateFilePrompt() {
  const photoId = useShoeboxStore((state) => state.locatingPhotoId);
  if (photoId === null) return null;
  return (
    <LocateFileDialog
      key={photoId}
      photoId={photoId}
      onClose={() => useShoeboxStore.getState().setLocatingPhotoId(null)}
    />
  );
}
