import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useClient } from '../../bridge/client-context';
import { currentQuery, queryProblem, runSearch } from '../../store/search-actions';
import { useShoeboxStore } from '../../store/store';
import { SearchSuggestions } from './search-suggestions';
import { acceptSuggestion, completeQuery, type Completion } from './query-completion';
import { useCompletionSource } from './use-completion-source';
import { useSearchShortcut } from './use-search-shortcut';

// Long enough not to search on every key of a word being typed, short enough to feel live.
const SEARCH_PAUSE_MS = 300;

/** Whether `text` asks for something other than what is on screen (and may be run as is). */
function wantsSearch(text: string): boolean {
  const { view } = useShoeboxStore.getState();
  if (text.trim() === currentQuery(view).trim()) return false;
  if (text.trim() === '' && view.kind !== 'search') return false;
  return queryProblem(text) === null;
}

/**
 * The toolbar's search field: runs the query on Enter and after a pause in typing (when it
 * parses), says what is wrong with one that does not, completes fields and values as one
 * types (↑/↓ to choose, Enter or Tab to take, Esc to close), and Esc clears it back to All
 * photos. Ctrl/Cmd+F focuses it.
 */
export function SearchBox() {
  const client = useClient();
  const input = useRef<HTMLInputElement>(null);
  useSearchShortcut(input);
  const text = useShoeboxStore((state) => state.searchText);
  const problem = useShoeboxStore((state) => state.searchProblem);
  const view = useShoeboxStore((state) => state.view);
  const { setSearchText, setSearchProblem } = useShoeboxStore.getState();
  const { source, load } = useCompletionSource();
  const [completion, setCompletion] = useState<Completion | null>(null);
  // -1: no suggestion chosen yet, so Enter searches for what is typed.
  const [active, setActive] = useState(-1);
  const caret = useRef<number | null>(null);
  const listId = useId();
  const problemId = useId();

  useEffect(() => {
    if (!wantsSearch(text)) return;
    const timer = setTimeout(() => {
      if (wantsSearch(text)) void runSearch(client, text);
    }, SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [client, text]);

  // Another view (an album, All photos from the sidebar) leaves the search: the box empties.
  useEffect(() => {
    if (view.kind === 'search' || document.activeElement === input.current) return;
    const state = useShoeboxStore.getState();
    state.setSearchText('');
    state.setSearchProblem(null);
  }, [view]);

  // A taken suggestion puts the caret after what it wrote, once React has written it.
  useLayoutEffect(() => {
    if (caret.current === null || input.current === null) return;
    input.current.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  }, [text]);

  const complete = (value: string, at: number | null) => {
    setCompletion(at === null ? null : completeQuery(value, at, source));
    setActive(-1);
  };
  const change = (value: string, at: number | null) => {
    setSearchText(value);
    if (problem !== null && queryProblem(value) === null) setSearchProblem(null);
    complete(value, at);
  };
  const accept = (index: number) => {
    if (completion === null) return;
    const next = acceptSuggestion(text, completion, completion.suggestions[index]);
    caret.current = next.caret;
    change(next.text, next.caret);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const count = completion?.suggestions.length ?? 0;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (count === 0) complete(text, event.currentTarget.selectionStart);
      else setActive((active + (event.key === 'ArrowDown' ? 1 : count - 1)) % count);
    } else if (event.key === 'Tab' && count > 0 && !event.shiftKey) {
      event.preventDefault();
      accept(Math.max(active, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (count > 0 && active >= 0) accept(active);
      else {
        setCompletion(null);
        void runSearch(client, text);
      }
    } else if (event.key === 'Escape') {
      event.preventDefault();
      if (count > 0) setCompletion(null);
      else {
        setSearchText('');
        setSearchProblem(null);
        if (useShoeboxStore.getState().view.kind === 'search') void runSearch(client, '');
      }
    }
  };

  const open = completion !== null;
  return (
    <div className="search-box">
      <div
        role="combobox"
        aria-expanded={open}
        aria-haspopup="listbox"
        aria-owns={open ? listId : undefined}
        className="search-combobox"
      >
        <svg className="search-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M10.5 4a6.5 6.5 0 1 1 0 13 6.5 6.5 0 0 1 0-13zM15.5 15.5 20 20" />
        </svg>
        <input
          ref={input}
          type="search"
          className="search-input"
          aria-label="Search photos"
          aria-keyshortcuts="Control+F Meta+F"
          placeholder="Search"
          title="Search photos (Ctrl+F, ⌘F on a Mac)"
          autoComplete="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
          aria-invalid={problem !== null}
          aria-describedby={problem !== null ? problemId : undefined}
          value={text}
          onFocus={load}
          onBlur={() => setCompletion(null)}
          onChange={(event) => change(event.target.value, event.target.selectionStart)}
          onKeyDown={onKeyDown}
          onKeyUp={(event) => {
            if (['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) {
              complete(text, event.currentTarget.selectionStart);
            }
          }}
        />
      </div>
      <div className="search-popups">
        {problem !== null && (
          <p id={problemId} role="alert" className="search-problem">
            {problem}
          </p>
        )}
        {completion !== null && (
          <SearchSuggestions
            id={listId}
            suggestions={completion.suggestions}
            active={active}
            onAccept={accept}
          />
        )}
      </div>
    </div>
  );
}
