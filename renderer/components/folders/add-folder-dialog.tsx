import { useId, useRef, useState } from 'react';
import { useClient } from '../../bridge/client-context';
import { addFolder } from '../../store/folder-actions';
import { useShoeboxStore } from '../../store/store';
import { trapTab, useModalFocus } from '../focus-trap';
import { FolderPathField } from './folder-path-field';

/**
 * "Add folder": its path (picked on the desktop, typed in a browser), whether to watch it for
 * changes (on) and whether to write XMP sidecars into it (off: Shoebox then never writes
 * there). Once the core takes it, the dialog closes and the import panel shows its photos
 * arriving; a refusal (a path the server does not take, a folder added already) is said here.
 */
export function AddFolderDialog() {
  const client = useClient();
  const initialPath = useShoeboxStore((state) => state.addFolderDialog?.path ?? '');
  const [path, setPath] = useState(initialPath);
  const [watch, setWatch] = useState(true);
  const [writeXmp, setWriteXmp] = useState(false);
  const [adding, setAdding] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const pathRef = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const problemId = useId();
  const xmpHintId = useId();
  const watchHintId = useId();
  useModalFocus(pathRef);
  const close = () => useShoeboxStore.getState().setAddFolderDialog(null);
  return (
    <div className="modal-backdrop">
      <form
        className="modal add-folder-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={problem === null ? undefined : problemId}
        onKeyDown={(event) => {
          if (event.key === 'Escape') close();
          else trapTab(event);
        }}
        onSubmit={(event) => {
          event.preventDefault();
          setAdding(true);
          setProblem(null);
          void addFolder(client, path.trim(), { watch, writeXmp }).then((refused) => {
            if (refused === null) close();
            else {
              setProblem(refused);
              setAdding(false);
            }
          });
        }}
      >
        <h2 id={titleId}>Add folder</h2>
        <p className="modal-text">
          Its photos stay where they are: Shoebox keeps only their previews and what you say about
          them.
        </p>
        <FolderPathField label="Folder" path={path} onPath={setPath} inputRef={pathRef} />
        <label className="modal-check">
          <input
            type="checkbox"
            checked={watch}
            aria-describedby={watchHintId}
            onChange={(event) => setWatch(event.target.checked)}
          />
          Watch for changes
        </label>
        <p id={watchHintId} className="modal-hint">
          New, changed and moved files show up while Shoebox runs.
        </p>
        <label className="modal-check">
          <input
            type="checkbox"
            checked={writeXmp}
            aria-describedby={xmpHintId}
            onChange={(event) => setWriteXmp(event.target.checked)}
          />
          Write XMP sidecars
        </label>
        <p id={xmpHintId} className="modal-hint">
          Ratings, keywords and titles go into .xmp files beside the photos, for other apps. Shoebox
          never writes to this folder unless this is on.
        </p>
        {problem !== null && (
          <p id={problemId} role="alert" className="folder-problem">
            {problem}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button-primary" disabled={adding || path.trim() === ''}>
            Add folder
          </button>
        </div>
      </form>
    </div>
  );
}
