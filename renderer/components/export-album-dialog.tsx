import { useRef, useState } from 'react';
import type { Album } from '../../common/contract';
import { useClient } from '../bridge/client-context';
import { exportAlbum } from '../store/export-actions';
import type { ExportChoices } from '../store/export-slice';
import { useShoeboxStore } from '../store/store';
import { trapTab, useModalFocus } from './focus-trap';

// The contract's limit on an export title.
const TITLE_MAX_LENGTH = 500;

/** The export form of one album, starting from the last choices exported with this session. */
function ExportAlbumForm({ album, onClose }: { album: Album; onClose: () => void }) {
  const client = useClient();
  const remembered = useShoeboxStore((state) => state.exportChoices[album.id]);
  const [choices, setChoices] = useState<ExportChoices>(
    // Private by default: locations stay out unless the user asks for them.
    remembered ?? { title: album.name, captionFileNames: true, keepGps: false },
  );
  const titleRef = useRef<HTMLInputElement>(null);
  useModalFocus(titleRef);
  const change = (patch: Partial<ExportChoices>) => setChoices({ ...choices, ...patch });
  return (
    <form
      className="modal"
      role="dialog"
      aria-modal="true"
      aria-labelledby="export-title"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
        else trapTab(event);
      }}
      onSubmit={(event) => {
        event.preventDefault();
        onClose();
        void exportAlbum(client, album, choices);
      }}
    >
      <h2 id="export-title">Export album</h2>
      <label className="modal-field">
        Title
        <input
          ref={titleRef}
          type="text"
          value={choices.title}
          placeholder={album.name}
          maxLength={TITLE_MAX_LENGTH}
          onFocus={(event) => event.target.select()}
          onChange={(event) => change({ title: event.target.value })}
        />
      </label>
      <label className="modal-check">
        <input
          type="checkbox"
          checked={choices.captionFileNames}
          onChange={(event) => change({ captionFileNames: event.target.checked })}
        />
        Show file names in captions
      </label>
      <div>
        <label className="modal-check">
          <input
            type="checkbox"
            aria-describedby="export-gps-hint"
            checked={choices.keepGps}
            onChange={(event) => change({ keepGps: event.target.checked })}
          />
          Include GPS locations
        </label>
        <p id="export-gps-hint" className="modal-hint">
          Locations are private: they can show where you live. Left off, they are removed from the
          exported photos.
        </p>
      </div>
      <div className="modal-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button-primary">
          {client.capabilities.nativeDialogs ? 'Export…' : 'Download zip'}
        </button>
      </div>
    </form>
  );
}

/** Asks how to export the album the user chose to export: title, captions, locations. */
export function ExportAlbumDialog() {
  const album = useShoeboxStore((state) =>
    state.albums.find((candidate) => candidate.id === state.exportDialogAlbumId),
  );
  if (album === undefined) return null;
  const close = () => useShoeboxStore.getState().setExportDialogAlbumId(null);
  return (
    <div className="modal-backdrop">
      <ExportAlbumForm key={album.id} album={album} onClose={close} />
    </div>
  );
}
