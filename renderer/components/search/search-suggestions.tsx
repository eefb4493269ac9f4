import type { Suggestion } from './query-completion';

interface SearchSuggestionsProps {
  /** The listbox's id: the search field points at it and at its options (`${id}-${index}`). */
  id: string;
  suggestions: Suggestion[];
  /** The suggestion chosen with ↑/↓, or -1. */
  active: number;
  onAccept: (index: number) => void;
}

/** The search box's completion list: each suggestion with what it takes or is. */
export function SearchSuggestions({ id, suggestions, active, onAccept }: SearchSuggestionsProps) {
  return (
    <ul id={id} role="listbox" aria-label="Suggestions" className="search-suggestions">
      {suggestions.map((suggestion, index) => (
        <li
          key={suggestion.insert}
          id={`${id}-${index}`}
          role="option"
          aria-selected={index === active}
          className={`search-suggestion${index === active ? ' is-active' : ''}`}
          // Keeps focus in the field: the list is part of it.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => onAccept(index)}
        >
          <span className="search-suggestion-label">{suggestion.label}</span>
          <span className="search-suggestion-detail">{suggestion.detail}</span>
        </li>
      ))}
    </ul>
  );
}
