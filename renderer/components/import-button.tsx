import { useRef } from 'react';
import { useClient } from '../bridge/client-context';
import { importFiles, importWithDialog } from '../store/import-actions';
import { visibleFilesOfFolder } from './drag-data';
import { Icon } from './icons';

/**
 * "Import": the native file dialog on the desktop, the browser's file chooser otherwise, beside
 * an "Import folder…" button for a whole camera card.
 */
export function ImportButton({
  albumId,
  className,
}: {
  albumId: number | null;
  className?: string;
}) {
  const client = useClient();
  const filesRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLInputElement>(null);
  const native = client.capabilities.nativeDialogs;
  const onChosen = (input: HTMLInputElement, folder: boolean) => {
    const files = [...(input.files ?? [])];
    // Cleared so choosing the same files again still fires a change.
    input.value = '';
    void importFiles(client, folder ? visibleFilesOfFolder(files) : files, albumId);
  };
  // The desktop's dialogs are native; a browser needs its own hidden file inputs. Either way
  // folders get a second button: Windows and Linux dialogs pick files or folders, never both.
  const pickFiles = () =>
    native ? void importWithDialog(client, albumId) : filesRef.current?.click();
  const pickFolder = () =>
    native ? void importWithDialog(client, albumId, true) : folderRef.current?.click();
  return (
    <div className="split-button">
      <button type="button" className={className ?? 'button-primary'} onClick={pickFiles}>
        <Icon name="import" />
        Import
      </button>
      <button
        type="button"
        className={className ?? 'button-primary'}
        aria-label="Import folder…"
        title="Import folder…"
        onClick={pickFolder}
      >
        <Icon name="folder" />
      </button>
      {!native && (
        <>
          <input
            ref={filesRef}
            type="file"
            multiple
            // Browsers without a system type for .heic (Chromium on Windows and Linux) would grey
            // iPhone photos out under image/* alone.
            accept="image/*,.heic,.heif"
            hidden
            data-testid="import-file-input"
            onChange={(event) => onChosen(event.target, false)}
          />
          <input
            ref={(input) => {
              folderRef.current = input;
              // A folder picker: `webkitdirectory`, which React's types do not know.
              input?.setAttribute('webkitdirectory', '');
            }}
            type="file"
            multiple
            hidden
            data-testid="import-folder-input"
            onChange={(event) => onChosen(event.target, true)}
          />
        </>
      )}
    </div>
  );
}
