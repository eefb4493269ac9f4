import { displayKeyword } from './keyword-completion';
import { KeywordInput } from './keyword-input';

/** The keywords as removable chips, and the field that adds one. */
export function KeywordEditor({
  keywords,
  onAdd,
  onRemove,
  note,
}: {
  keywords: readonly string[];
  onAdd: (path: string) => void;
  onRemove: (path: string) => void;
  /** Said under the chips (for a selection: only the keywords all the photos share show). */
  note?: string;
}) {
  return (
    <div className="describe-field" role="group" aria-label="Keywords">
      <span className="describe-field-label">Keywords</span>
      {keywords.length > 0 && (
        <ul className="keyword-chips" aria-label="Assigned keywords">
          {keywords.map((path) => (
            <li key={path} className="keyword-chip" title={path}>
              <span>{displayKeyword(path)}</span>
              <button
                type="button"
                className="keyword-chip-remove"
                aria-label={`Remove ${path}`}
                onClick={() => onRemove(path)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {note !== undefined && <p className="describe-note">{note}</p>}
      <KeywordInput assigned={keywords} onAdd={onAdd} />
    </div>
  );
}
