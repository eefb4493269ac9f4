import { useRef } from 'react';
import { useClient } from '../bridge/client-context';
import { importFiles, importWithDialog } from '../store/commands';
import { Icon } from './icons';

/** "Import": the native file dialog on the desktop, the browser's file chooser otherwise. */
export function ImportButton({
  albumId,
  className,
}: {
  albumId: number | null;
  className?: string;
}) {
  const client = useClient();
  const inputRef = useRef<HTMLInputElement>(null);
  const onClick = () => {
    if (client.capabilities.nativeDialogs) void importWithDialog(client, albumId);
    else inputRef.current?.click();
  };
  return (
    <>
      <button type="button" className={className ?? 'button-primary'} onClick={onClick}>
        <Icon name="import" />
        Import
      </button>
      {!client.capabilities.nativeDialogs && (
        <input
          ref={inputRef}
          type="file"
          multiple
          // Browsers without a system type for .heic (Chromium on Windows and Linux) would grey
          // iPhone photos out under image/* alone.
          accept="image/*,.heic,.heif"
          hidden
          data-testid="import-file-input"
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            // Cleared so choosing the same files again still fires a change.
            event.target.value = '';
            void importFiles(client, files, albumId);
          }}
        />
      )}
    </>
  );
}
