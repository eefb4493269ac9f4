import { useRef, useState } from 'react';
import { useClient } from '../../bridge/client-context';
import { saveSearchAsAlbum } from '../../store/search-actions';
import { trapTab, useModalFocus } from '../focus-trap';

// A query is a fine first name, but not a paragraph of one.
const SUGGESTED_NAME_LENGTH = 60;

/** Asks the name of a new smart album for `query`, and makes it. */
function SaveSearchDialog({ query, onClose }: { query: string; onClose: () => void }) {
  const client = useClient();
  const [name, setName] = useState(query.trim().slice(0, SUGGESTED_NAME_LENGTH));
  const [saving, setSaving] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  useModalFocus(nameRef);
  return (
    <div className="modal-backdrop">
      <form
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="save-search-title"
        aria-describedby="save-search-query"
        onKeyDown={(event) => {
          if (event.key === 'Escape') onClose();
          else trapTab(event);
        }}
        onSubmit={(event) => {
          event.preventDefault();
          setSaving(true);
          void saveSearchAsAlbum(client, name, query).then((album) => {
            if (album !== null) onClose();
            else setSaving(false);
          });
        }}
      >
        <h2 id="save-search-title">Save as smart album</h2>
        <p id="save-search-query" className="modal-hint smart-query">
          Photos that match <code>{query}</code>, now and as they change.
        </p>
        <label className="modal-field">
          Name
          <input
            ref={nameRef}
            type="text"
            value={name}
            onFocus={(event) => event.target.select()}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button-primary" disabled={saving || name.trim() === ''}>
            Save
          </button>
        </div>
      </form>
    </div>
  );
}

/** "Save as smart album…" for the search on screen: a button and the dialog it opens. */
export function SaveSearchButton({ query }: { query: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Save as smart album…
      </button>
      {open && <SaveSearchDialog query={query} onClose={() => setOpen(false)} />}
    </>
  );
}
