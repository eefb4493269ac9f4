import { useId, useRef, useState, type ReactNode } from 'react';
import { useClient } from '../../bridge/client-context';
import { addFolder } from '../../store/folder-actions';
import { useShoeboxStore } from '../../store/store';
import { trapTab, useModalFocus } from '../focus-trap';
import { FolderPathField } from './folder-path-field';

/** One of the folder's options: a checkbox and, below it, what it does. */
function FolderOption({
  label,
  checked,
  onChecked,
  children,
}: {
  label: string;
  checked: boolean;
  onChecked: (checked: boolean) => void;
  children: ReactNode;
}) {
  const hintId = useId();
  return (
    <>
      <label className="modal-check">
        <input
          type="checkbox"
          checked={checked}
          aria-describedby={hintId}
          onChange={(event) => onChecked(event.target.checked)}
        />
        {label}
      </label>
      <p id={hintId} className="modal-hint">
        {children}
      </p>
    </>
  );
}

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
        <FolderOption label="Watch for changes" checked={watch} onChecked={setWatch}>
          New, changed and moved files show up while Shoebox runs.
        </FolderOption>
        <FolderOption label="Write XMP sidecars" checked={writeXmp} onChecked={setWriteXmp}>
          Ratings, keywords and titles go into .xmp files beside the photos, for other apps. Shoebox
          never writes to this folder unless this is on.
        </FolderOption>
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
