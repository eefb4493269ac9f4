/**
 * What the search box suggests as one types, and how taking a suggestion rewrites the query:
 * pure, so it is tested without a DOM. The word at the caret is completed: a field name
 * (`fl` → `flag:`), a field's value (`flag:p` → `flag:pick`), or a keyword for a bare word.
 */
import { COLOR_LABELS } from '../../../common/description';
import {
  HAS_VALUES,
  ORIENTATIONS,
  PHOTO_TYPES,
  QUERY_FIELDS,
} from '../../../common/search/query-ast';

/** What the library holds that a query can name: the values offered beside the fixed ones. */
export interface CompletionSource {
  keywords: readonly string[];
  cameras: readonly string[];
  lenses: readonly string[];
  albums: readonly string[];
}

/** One suggestion: what the list shows, a hint beside it, and the word it puts in the query. */
export interface Suggestion {
  label: string;
  detail: string;
  insert: string;
}

/** The suggestions for the word at the caret, and where that word is in the text. */
export interface Completion {
  from: number;
  to: number;
  suggestions: Suggestion[];
}

// Enough to choose from without the list covering the grid; typing more narrows it.
const MAX_SUGGESTIONS = 8;
// The parser's field term, as typed so far: a name, an operator, and the value begun.
const FIELD_TERM = /^([A-Za-z]+)(!=|>=|<=|:|=|>|<)(.*)$/s;

/** The values a field takes, by field name (fields of free text or numbers have none). */
function valuesOf(field: string, source: CompletionSource): readonly string[] {
  switch (field) {
    case 'flag':
      return ['pick', 'reject', 'none'];
    case 'label':
      return [...COLOR_LABELS, 'none'];
    case 'type':
      return PHOTO_TYPES;
    case 'has':
      return HAS_VALUES;
    case 'orient':
      return ORIENTATIONS;
    case 'rating':
      return ['0', '1', '2', '3', '4', '5'];
    case 'keyword':
    case 'tag':
      return source.keywords;
    case 'camera':
      return source.cameras;
    case 'lens':
      return source.lenses;
    case 'album':
      return source.albums;
    default:
      return [];
  }
}

/**
 * A value as the query must hold it: in double quotes when it has spaces or characters the
 * parser reads as syntax; null when it cannot be written at all (a double quote inside).
 */
export function quoteValue(value: string): string | null {
  if (value.includes('"')) return null;
  return /[\s()|]/.test(value) ? `"${value}"` : value;
}

/** Where the word around `caret` starts and ends: spaces and parentheses outside quotes end it. */
function wordAround(text: string, caret: number): { from: number; to: number } {
  let from = 0;
  let quoted = false;
  for (let at = 0; at < caret; at += 1) {
    const char = text[at];
    if (char === '"') quoted = !quoted;
    else if (!quoted && /[\s()]/.test(char)) from = at + 1;
  }
  let to = caret;
  while (to < text.length) {
    const char = text[to];
    if (char === '"') quoted = !quoted;
    else if (!quoted && /[\s()]/.test(char)) break;
    to += 1;
  }
  return { from, to };
}

/** Whether `candidate` is offered for what was typed: by its start, or a keyword's level. */
function offered(candidate: string, typed: string): boolean {
  const lower = candidate.toLowerCase();
  if (lower.startsWith(typed)) return true;
  return lower.split(/[/\s]/).some((part) => part.startsWith(typed));
}

/** The field names that start with `typed`. */
function fieldSuggestions(negation: string, typed: string): Suggestion[] {
  return QUERY_FIELDS.filter((field) => field.name.startsWith(typed.toLowerCase())).map(
    (field) => ({
      label: `${field.name}:`,
      detail: field.takes,
      insert: `${negation}${field.name}:`,
    }),
  );
}

/** The keywords a bare word may be the start of, as `keyword:` terms. */
function keywordSuggestions(negation: string, typed: string, source: CompletionSource) {
  return source.keywords
    .filter((path) => offered(path, typed.toLowerCase()))
    .flatMap((path) => {
      const value = quoteValue(path);
      return value === null
        ? []
        : [{ label: path, detail: 'keyword', insert: `${negation}keyword:${value}` }];
    });
}

/** The suggestions for the word at `caret` in `text`, or null when there are none. */
export function completeQuery(
  text: string,
  caret: number,
  source: CompletionSource,
): Completion | null {
  const { from, to } = wordAround(text, caret);
  const typed = text.slice(from, caret);
  const negation = typed.startsWith('-') ? '-' : '';
  const word = typed.slice(negation.length);
  if (word === '') return null;
  const term = FIELD_TERM.exec(word);
  let suggestions: Suggestion[];
  if (term !== null) {
    const [, name, op, begun] = term;
    const field = name.toLowerCase();
    const partial = begun.replace(/^"/, '').replace(/"$/, '').toLowerCase();
    suggestions = valuesOf(field, source)
      .filter((value) => offered(value, partial))
      .flatMap((value) => {
        const quoted = quoteValue(value);
        if (quoted === null) return [];
        return [
          { label: value, detail: `${field}${op}`, insert: `${negation}${field}${op}${quoted}` },
        ];
      });
  } else {
    suggestions = [
      ...fieldSuggestions(negation, word),
      ...keywordSuggestions(negation, word, source),
    ];
  }
  const current = text.slice(from, to);
  suggestions = suggestions.filter((suggestion) => suggestion.insert !== current);
  if (suggestions.length === 0) return null;
  return { from, to, suggestions: suggestions.slice(0, MAX_SUGGESTIONS) };
}

/**
 * The text once `suggestion` replaces the word it completes, and where the caret goes: after
 * it, past a space when the term is whole (a field name waits for its value).
 */
export function acceptSuggestion(
  text: string,
  completion: Completion,
  suggestion: Suggestion,
): { text: string; caret: number } {
  const before = text.slice(0, completion.from);
  const after = text.slice(completion.to);
  const whole = !suggestion.insert.endsWith(':');
  const space = whole && !after.startsWith(' ') ? ' ' : '';
  const next = `${before}${suggestion.insert}${space}${after}`;
  const caret = before.length + suggestion.insert.length + (whole ? 1 : 0);
  return { text: next, caret };
}
