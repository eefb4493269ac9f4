import { useId, useRef, useState } from 'react';
import type { FolderEntry } from '../../../common/contract';
import { useClient } from '../../bridge/client-context';
import { folderName, locateFolder } from '../../store/folder-actions';
import { trapTab, useModalFocus } from '../focus-trap';
import { FolderPathField } from './folder-path-field';

/**
 * "Locate…": asks where a folder that moved (or whose drive came back at another path) is
 * now; its photos keep their ratings, keywords and albums. A refusal is said here.
 */
export function LocateFolderDialog({
  folder,
  onClose,
}: {
  folder: FolderEntry;
  onClose: () => void;
}) {
  const client = useClient();
  const [path, setPath] = useState(folder.path);
  const [locating, setLocating] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const pathRef = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const problemId = useId();
  useModalFocus(pathRef);
  const name = folderName(folder.path);
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
          void locateFolder(client, folder.id, path.trim()).then((refused) => {
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
          {folder.status === 'offline'
            ? `Shoebox last saw it at ${folder.path}, on a drive that is not connected now.`
            : `Shoebox last saw it at ${folder.path}.`}{' '}
          Where is it now? Its photos keep everything you said about them.
        </p>
        <FolderPathField label="New place" path={path} onPath={setPath} inputRef={pathRef} />
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
