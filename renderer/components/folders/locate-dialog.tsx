import { useId, useRef, useState, type ReactNode } from 'react';
import { trapTab, useModalFocus } from '../focus-trap';
import { FolderPathField } from './folder-path-field';

/**
 * The form both "Locate…" dialogs share: where `name` is now, asked in one path field and
 * handed to `locate`, which answers a refusal (said here) or null (and the dialog closes).
 */
export function LocateDialog({
  name,
  children,
  label,
  pick,
  path,
  onPath,
  locate,
  onClose,
}: {
  name: string;
  /** What was lost and where it was last seen: the dialog's text. */
  children: ReactNode;
  label: string;
  pick?: 'folder' | 'file';
  path: string;
  onPath: (path: string) => void;
  locate: (path: string) => Promise<string | null>;
  onClose: () => void;
}) {
  const [locating, setLocating] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const pathRef = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const problemId = useId();
  useModalFocus(pathRef);
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
          void locate(path.trim()).then((refused) => {
            if (refused === null) onClose();
            else {
              setProblem(refused);
              setLocating(false);
            }
          });
        }}
      >
        <h2 id={titleId}>{`Locate “${name}”`}</h2>
        <p className="modal-text">{children}</p>
        <FolderPathField label={label} path={path} onPath={onPath} inputRef={pathRef} pick={pick} />
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
