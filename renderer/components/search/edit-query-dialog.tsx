import { useId, useRef, useState } from 'react';
import type { Album } from '../../../common/contract';
import { useClient } from '../../bridge/client-context';
import { queryProblem } from '../../store/search-actions';
import { setSmartAlbumQuery } from '../../store/smart-album-actions';
import { trapTab, useModalFocus } from '../focus-trap';

/** Changes a smart album's search; what is wrong with one that does not parse is said in place. */
export function EditQueryDialog({ album, onClose }: { album: Album; onClose: () => void }) {
  const client = useClient();
  const [query, setQuery] = useState(album.query ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const fieldRef = useRef<HTMLInputElement>(null);
  const problemId = useId();
  useModalFocus(fieldRef);
  return (
    <div className="modal-backdrop">
      <form
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="edit-query-title"
        onKeyDown={(event) => {
          if (event.key === 'Escape') onClose();
          else trapTab(event);
        }}
        onSubmit={(event) => {
          event.preventDefault();
          const wrong = query.trim() === '' ? 'A smart album needs a search' : queryProblem(query);
          setProblem(wrong);
          if (wrong !== null) return;
          setSaving(true);
          void setSmartAlbumQuery(client, album.id, query).then((changed) => {
            if (changed) onClose();
            else setSaving(false);
          });
        }}
      >
        <h2 id="edit-query-title">Edit the search of “{album.name}”</h2>
        <label className="modal-field">
          Search
          <input
            ref={fieldRef}
            type="text"
            className="edit-query-field"
            spellCheck={false}
            value={query}
            aria-invalid={problem !== null}
            aria-describedby={problem !== null ? problemId : undefined}
            onChange={(event) => {
              setQuery(event.target.value);
              if (problem !== null) setProblem(null);
            }}
          />
        </label>
        {problem !== null && (
          <p id={problemId} role="alert" className="search-problem edit-query-problem">
            {problem}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button-primary" disabled={saving}>
            Save
          </button>
        </div>
      </form>
    </div>
  );
}
