import { useEffect, useId, useRef, useState } from 'react';
import { useClient } from '../../bridge/client-context';
import { locateFile } from '../../store/folder-actions';
import { useShoeboxStore } from '../../store/store';
import { trapTab, useModalFocus } from '../focus-trap';
import { FolderPathField } from './folder-path-field';

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
  const [locating, setLocating] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const pathRef = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const problemId = useId();
  useModalFocus(pathRef);
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
    <div className="modal-backdrop">
      <form
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={problem === null ? undefined : problemId}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onClose();
          else trapTab(event);
        }}
        onSubmit={(event) => {
          event.preventDefault();
          setLocating(true);
          setProblem(null);
          void locateFile(client, photoId, path.trim()).then((refused) => {
            if (refused === null) onClose();
            else {
              setProblem(refused);
              setLocating(false);
            }
          });
        }}
      >
        <h2 id={titleId}>{`Locate “${name}”`}</h2>
        <p className="modal-text">
          {lastSeen === null
            ? 'The file is missing from its folder.'
            : `The file is missing from its folder: Shoebox last saw it at ${lastSeen}.`}{' '}
          Where is it now? The photo keeps everything you said about it.
        </p>
        <FolderPathField label="File" path={path} onPath={setPath} inputRef={pathRef} pick="file" />
        {problem !== null && (
          <p id={problemId} role="alert" className="folder-problem">
            {problem}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button-primary"
            disabled={locating || path.trim() === ''}
          >
            Locate
          </button>
        </div>
      </form>
    </div>
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
