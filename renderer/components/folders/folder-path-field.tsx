import { useId, type RefObject } from 'react';
import { useClient } from '../../bridge/client-context';
import { pickFilePath, pickFolderPath } from '../../store/folder-actions';

/**
 * A folder's (or with `pick` 'file', a file's) path in a dialog: typed (a browser cannot pick
 * one of the machine Shoebox runs on, so it says where the path is), or on the desktop picked
 * again with "Choose…".
 */
export function FolderPathField({
  label,
  path,
  onPath,
  inputRef,
  pick = 'folder',
}: {
  label: string;
  path: string;
  onPath: (path: string) => void;
  inputRef: RefObject<HTMLInputElement | null>;
  pick?: 'folder' | 'file';
}) {
  const client = useClient();
  const hintId = useId();
  const inputId = useId();
  const native = client.capabilities.nativeDialogs;
  return (
    <div className="modal-field">
      <label htmlFor={inputId}>{label}</label>
      <span className="folder-path-row">
        <input
          id={inputId}
          ref={inputRef}
          type="text"
          value={path}
          spellCheck={false}
          autoComplete="off"
          placeholder={native || pick === 'file' ? undefined : '/home/you/Pictures'}
          aria-describedby={native ? undefined : hintId}
          onChange={(event) => onPath(event.target.value)}
        />
        {native && (
          <button
            type="button"
            onClick={() =>
              void (pick === 'file' ? pickFilePath(client) : pickFolderPath(client)).then(
                (picked) => {
                  if (picked !== null) onPath(picked);
                },
              )
            }
          >
            Choose…
          </button>
        )}
      </span>
      {!native && (
        <p id={hintId} className="folder-path-hint">
          {`The full path of a ${pick} on the computer Shoebox runs on.`}
        </p>
      )}
    </div>
  );
}
