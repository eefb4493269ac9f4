import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useClient } from '../../bridge/client-context';
import { keywordPaths, loadKeywordTree, watchKeywordChanges } from '../../store/keyword-actions';
import { useShoeboxStore } from '../../store/store';
import { keepKeyInField } from './field-keys';
import { displayKeyword, suggestKeywords } from './keyword-completion';

/**
 * The field that adds a keyword (Enter or a comma), completing from the library's keyword
 * tree: a combobox whose list is picked from with the arrow keys and Enter, or a click.
 */
export function KeywordInput({
  assigned,
  onAdd,
}: {
  /** The keywords already there, left out of the suggestions. */
  assigned: readonly string[];
  onAdd: (path: string) => void;
}) {
  const client = useClient();
  const id = useId();
  const listId = `${id}-suggestions`;
  const tree = useShoeboxStore((state) => state.keywordTree);
  const [draft, setDraft] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  // Keywords may have changed while no field was shown (the CLI, another window): the first
  // completion asks again, and so does the next after any change while this one is.
  useEffect(() => {
    useShoeboxStore.getState().markKeywordTreeStale();
    return watchKeywordChanges(client);
  }, [client]);

  const paths = useMemo(() => keywordPaths(tree ?? []), [tree]);
  const suggestions = open ? suggestKeywords(paths, draft, assigned) : [];
  const expanded = suggestions.length > 0;
  const add = (path: string) => {
    if (path.trim() !== '') onAdd(path.trim());
    setDraft('');
    setActive(-1);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      // Round -1 (the typed text) and each suggestion in turn.
      const positions = suggestions.length + 1;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      if (expanded) setActive((current) => ((current + 1 + step + positions) % positions) - 1);
    } else if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      add(active >= 0 && active < suggestions.length ? suggestions[active] : draft);
    } else if (event.key === 'Escape' && (expanded || draft !== '')) {
      event.preventDefault();
      if (expanded) setOpen(false);
      else setDraft('');
      setActive(-1);
    }
    keepKeyInField(event);
  };
  return (
    <div className="keyword-input">
      <input
        type="text"
        role="combobox"
        aria-label="Add keyword"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${id}-option-${active}` : undefined}
        placeholder="Add keyword"
        value={draft}
        onFocus={() => void loadKeywordTree(client)}
        onChange={(event) => {
          setDraft(event.target.value.replace(/,/g, ''));
          setOpen(true);
          setActive(-1);
        }}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label="Keywords"
        className="keyword-suggestions"
        hidden={!expanded}
      >
        {suggestions.map((path, index) => (
          <li
            key={path}
            id={`${id}-option-${index}`}
            role="option"
            aria-selected={index === active}
            className="keyword-suggestion"
            // Down, not click: a click would blur the field (and close this list) first.
            onMouseDown={(event) => {
              event.preventDefault();
              add(path);
            }}
          >
            {displayKeyword(path)}
          </li>
        ))}
      </ul>
    </div>
  );
}
