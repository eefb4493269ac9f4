/**
 * The search query parser: text as people type it into the search box (or `shoebox search`,
 * or a smart album) to the tree of `query-ast.ts`. Terms are ANDed; `OR` or `|` and
 * parentheses group; `-` or `NOT` negates; `field:value` (or `field>=value`, …) filters; a bare
 * date is a capture date; anything else is free text. A query that does not parse is an
 * INVALID_INPUT error that names the character where it went wrong and what was expected.
 */
import { COLOR_LABELS, MAX_KEYWORD_LENGTH, MAX_RATING, normalizeKeywordPath } from '../description';
import { ShoeboxError } from '../errors';
import {
  HAS_VALUES,
  MAX_QUERY_DEPTH,
  MAX_QUERY_LENGTH,
  NUMBER_FIELDS,
  ORIENTATIONS,
  PHOTO_TYPES,
  QUERY_FIELDS,
  type Comparison,
  type DateField,
  type NumberField,
  type QueryNode,
  type TextField,
} from './query-ast';

/** A query that does not parse: where (0-based offset into the query) and why. */
export class QuerySyntaxError extends ShoeboxError {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super('INVALID_INPUT', `Search: at character ${offset + 1}, ${reason}`);
  }
}

type Token =
  | { kind: 'open' | 'close' | 'or' | 'and' | 'not'; at: number }
  /**
   * A word as typed. `phrase`: the whole word was in double quotes (free text, as is);
   * `quoted`: a field's value was (`title:"summer trip"`).
   */
  | { kind: 'word'; text: string; at: number; phrase: boolean; quoted: boolean };

// `<=`, `>=` and `!=` before `<`, `>` and `:`/`=`: the longest operator wins.
const FIELD_TERM = /^([A-Za-z]+)(!=|>=|<=|:|=|>|<)(.*)$/s;
const DAY = String.raw`\d{4}(?:-\d{2}(?:-\d{2})?)?`;
const BARE_DATE = new RegExp(`^(${DAY})(?:\\.\\.(${DAY}))?$`);
const FIELD_NAMES = new Set(QUERY_FIELDS.map((field) => field.name));
const NUMBER_FIELD_SET: ReadonlySet<string> = new Set(NUMBER_FIELDS);

/** Reads a double-quoted string starting at `start` (the quote); returns it and where it ends. */
function readQuoted(query: string, start: number): { text: string; end: number } {
  const close = query.indexOf('"', start + 1);
  if (close < 0) throw new QuerySyntaxError(start, 'a quote is opened and never closed');
  return { text: query.slice(start + 1, close), end: close + 1 };
}

/** Splits a query into tokens, with the offset each starts at. */
function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < query.length) {
    const char = query[at];
    if (/\s/.test(char)) at += 1;
    else if (char === '(' || char === ')') {
      tokens.push({ kind: char === '(' ? 'open' : 'close', at });
      at += 1;
    } else if (char === '|') {
      tokens.push({ kind: 'or', at });
      at += 1;
    } else if (char === '-' && at + 1 < query.length && !/[\s)]/.test(query[at + 1])) {
      tokens.push({ kind: 'not', at });
      at += 1;
    } else if (char === '"') {
      const { text, end } = readQuoted(query, at);
      tokens.push({ kind: 'word', text, at, phrase: true, quoted: false });
      at = end;
    } else {
      let end = at;
      while (end < query.length && !/[\s()"]/.test(query[end])) end += 1;
      let text = query.slice(at, end);
      let quoted = false;
      // `title:"summer trip"`: the quoted value belongs to the field before it.
      if (query[end] === '"' && FIELD_TERM.test(text) && FIELD_TERM.exec(text)![3] === '') {
        const value = readQuoted(query, end);
        text += value.text;
        quoted = true;
        end = value.end;
      }
      const keyword = quoted ? undefined : ({ OR: 'or', AND: 'and', NOT: 'not' } as const)[text];
      tokens.push(
        keyword ? { kind: keyword, at } : { kind: 'word', text, at, phrase: false, quoted },
      );
      at = end;
    }
  }
  return tokens;
}

/** The first and the day after the last day of `2023`, `2023-07` or `2023-07-14`. */
function daysOf(spec: string, at: number): { first: string; after: string } {
  const [year, month, day] = spec.split('-').map(Number);
  const valid =
    year >= 1 &&
    (month === undefined || (month >= 1 && month <= 12)) &&
    (day === undefined ||
      (day >= 1 && day <= new Date(Date.UTC(year, month! - 1 + 1, 0)).getUTCDate()));
  if (!valid) throw new QuerySyntaxError(at, `“${spec}” is not a date`);
  const first = new Date(Date.UTC(year, (month ?? 1) - 1, day ?? 1));
  first.setUTCFullYear(year);
  const after = new Date(first);
  if (day !== undefined) after.setUTCDate(after.getUTCDate() + 1);
  else if (month !== undefined) after.setUTCMonth(after.getUTCMonth() + 1);
  else after.setUTCFullYear(year + 1);
  const iso = (date: Date) => date.toISOString().slice(0, 10);
  return { first: iso(first), after: iso(after) };
}

/** A date term: a day, month or year, a range `a..b`, or a comparison with one. */
function dateTerm(field: DateField, op: Comparison, value: string, at: number): QueryNode {
  const match = BARE_DATE.exec(value);
  if (!match) {
    throw new QuerySyntaxError(
      at,
      `expected a date after ${field}${op} (2023, 2023-07, 2023-07-14 or 2023-07..2023-09)`,
    );
  }
  const start = daysOf(match[1], at);
  if (match[2] !== undefined) {
    if (op !== '=') throw new QuerySyntaxError(at, `a date range takes ${field}: only`);
    const end = daysOf(match[2], at);
    if (end.after <= start.first)
      throw new QuerySyntaxError(at, `the range ${value} ends before it starts`);
    return { kind: 'date', field, from: start.first, to: end.after };
  }
  const within: QueryNode = { kind: 'date', field, from: start.first, to: start.after };
  switch (op) {
    case '=':
      return within;
    case '!=':
      return { kind: 'not', node: within };
    case '>':
      return { kind: 'date', field, from: start.after, to: null };
    case '>=':
      return { kind: 'date', field, from: start.first, to: null };
    case '<':
      return { kind: 'date', field, from: null, to: start.first };
    case '<=':
      return { kind: 'date', field, from: null, to: start.after };
  }
}

/** A number term: `rating>=4`, `iso:3200`, `mm:24..70`. */
function numberTerm(field: NumberField, op: Comparison, value: string, at: number): QueryNode {
  const parse = (text: string): number => {
    const number = /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
    const fits = field !== 'rating' || (Number.isInteger(number) && number <= MAX_RATING);
    if (Number.isNaN(number) || !fits) {
      const wanted = field === 'rating' ? `0 to ${MAX_RATING} stars` : 'a number';
      throw new QuerySyntaxError(at, `expected ${wanted} after ${field}${op}, not “${text}”`);
    }
    return number;
  };
  const range = /^(.*)\.\.(.*)$/.exec(value);
  if (range) {
    if (op !== '=') throw new QuerySyntaxError(at, `a range takes ${field}: only`);
    const [from, to] = [parse(range[1]), parse(range[2])];
    if (to < from) throw new QuerySyntaxError(at, `the range ${value} ends before it starts`);
    return { kind: 'numberRange', field, from, to };
  }
  return { kind: 'number', field, op, value: parse(value) };
}

/** One value of a field that names things (`flag:pick`), checked against what it can be. */
function oneOf<T extends string>(
  field: string,
  allowed: readonly T[],
  value: string,
  at: number,
): T {
  const found = allowed.find((candidate) => candidate === value.toLowerCase());
  if (found === undefined) {
    throw new QuerySyntaxError(at, `${field}: takes ${allowed.join(', ')}, not “${value}”`);
  }
  return found;
}

/** The term of `field` `op` one value (alternatives `a|b` are split before). */
function fieldTerm(name: string, op: Comparison, value: string, at: number): QueryNode {
  const field = name === 'tag' ? 'keyword' : name;
  if (NUMBER_FIELD_SET.has(field)) {
    return numberTerm(field as NumberField, op, value, at);
  }
  if (field === 'taken' || field === 'added') return dateTerm(field, op, value, at);
  if (op !== '=' && op !== '!=') {
    throw new QuerySyntaxError(at, `${name} takes : (or != to exclude), not ${op}`);
  }
  const term = ((): QueryNode => {
    switch (field) {
      case 'flag':
        return {
          kind: 'flag',
          value: oneOf(field, ['pick', 'reject', 'none'] as const, value, at),
        };
      case 'label':
        return {
          kind: 'label',
          value: oneOf(field, [...COLOR_LABELS, 'none'] as const, value, at),
        };
      case 'type':
        return { kind: 'type', value: oneOf(field, PHOTO_TYPES, value, at) };
      case 'has':
        return { kind: 'has', value: oneOf(field, HAS_VALUES, value, at) };
      case 'orient':
        return { kind: 'orient', value: oneOf(field, ORIENTATIONS, value, at) };
      case 'keyword': {
        const path = normalizeKeywordPath(value);
        if (path === null || path.length > MAX_KEYWORD_LENGTH) {
          throw new QuerySyntaxError(at, `expected a keyword after ${name}:`);
        }
        return { kind: 'keyword', path };
      }
      case 'album':
        return { kind: 'album', name: value.trim() };
      case 'folder':
        return { kind: 'folder', path: value.trim() };
      default:
        return { kind: 'textField', field: field as TextField, text: value };
    }
  })();
  return op === '!=' ? { kind: 'not', node: term } : term;
}

/** The node one word stands for: a field term, a bare date, or free text. */
function wordTerm(token: Extract<Token, { kind: 'word' }>): QueryNode {
  const { text, at, phrase, quoted } = token;
  const field = phrase ? null : FIELD_TERM.exec(text);
  if (field) {
    const [, rawName, rawOp, value] = field;
    const name = rawName.toLowerCase();
    if (!FIELD_NAMES.has(name)) {
      const known = QUERY_FIELDS.map((candidate) => candidate.name).join(', ');
      throw new QuerySyntaxError(
        at,
        `“${rawName}” is not a field: expected one of ${known} (put text with ${rawOp} in quotes)`,
      );
    }
    if (value.trim() === '') {
      throw new QuerySyntaxError(at + text.length, `expected a value after ${rawName}${rawOp}`);
    }
    const op: Comparison = rawOp === ':' ? '=' : (rawOp as Comparison);
    // Alternatives (`flag:pick|reject`) only when the value was not quoted.
    const values = quoted ? [value] : value.split('|');
    if (values.some((alternative) => alternative === '')) {
      throw new QuerySyntaxError(at, `an empty alternative in ${text}`);
    }
    const nodes = values.map((alternative) => fieldTerm(name, op, alternative, at));
    return nodes.length === 1 ? nodes[0] : { kind: 'or', nodes };
  }
  if (!phrase && isBareDate(text)) return dateTerm('taken', '=', text, at);
  const prefix = !phrase && text.endsWith('*');
  const words = prefix ? text.slice(0, -1) : text;
  if (words.trim() === '') throw new QuerySyntaxError(at, 'expected some text to search for');
  return { kind: 'text', text: words, prefix, phrase };
}

// A bare number is a year only in the years photographs were taken: "0003" or "1234" are
// more likely the number of a file (DSC_0003, IMG_1234).
const YEARS = { first: 1800, last: 2199 };

/** Whether a bare word is a date (2023, 2023-07, 2023-07-14, a range of them). */
function isBareDate(text: string): boolean {
  const match = BARE_DATE.exec(text);
  return (
    match !== null &&
    [match[1], match[2]].every((day) => {
      if (day === undefined) return true;
      const year = Number(day.slice(0, 4));
      return year >= YEARS.first && year <= YEARS.last;
    })
  );
}

/** Parses a query; an empty one matches every photo. Throws QuerySyntaxError. */
export function parseQuery(query: string): QueryNode {
  if (query.length > MAX_QUERY_LENGTH) {
    throw new QuerySyntaxError(
      MAX_QUERY_LENGTH,
      `a search is at most ${MAX_QUERY_LENGTH.toLocaleString('en')} characters`,
    );
  }
  const tokens = tokenize(query);
  let next = 0;
  const peek = () => tokens[next];
  const end = query.length;

  function parseOr(depth: number): QueryNode {
    const nodes = [parseAnd(depth)];
    while (peek()?.kind === 'or') {
      next += 1;
      nodes.push(parseAnd(depth));
    }
    return nodes.length === 1 ? nodes[0] : { kind: 'or', nodes };
  }

  function parseAnd(depth: number): QueryNode {
    const nodes: QueryNode[] = [];
    for (
      let token = peek();
      token && token.kind !== 'or' && token.kind !== 'close';
      token = peek()
    ) {
      if (token.kind === 'and') {
        if (nodes.length === 0)
          throw new QuerySyntaxError(token.at, 'expected a search term before AND');
        next += 1;
        const following = peek();
        if (!following || following.kind === 'or' || following.kind === 'close') {
          throw new QuerySyntaxError(following?.at ?? end, 'expected a search term after AND');
        }
        continue;
      }
      nodes.push(parseUnary(depth));
    }
    if (nodes.length === 0) {
      const token = peek();
      const where =
        token?.kind === 'or' ? 'before OR' : token?.kind === 'close' ? 'before )' : 'here';
      throw new QuerySyntaxError(token?.at ?? end, `expected a search term ${where}`);
    }
    return nodes.length === 1 ? nodes[0] : { kind: 'and', nodes };
  }

  function parseUnary(depth: number): QueryNode {
    const token = peek()!;
    if (depth > MAX_QUERY_DEPTH) {
      throw new QuerySyntaxError(
        token.at,
        `parentheses and NOT nest at most ${MAX_QUERY_DEPTH} deep`,
      );
    }
    next += 1;
    if (token.kind === 'not') {
      const negated = peek();
      if (!negated || negated.kind === 'or' || negated.kind === 'close' || negated.kind === 'and') {
        throw new QuerySyntaxError(negated?.at ?? end, 'expected a search term after NOT or -');
      }
      return { kind: 'not', node: parseUnary(depth + 1) };
    }
    if (token.kind === 'open') {
      const inner = parseOr(depth + 1);
      if (peek()?.kind !== 'close') {
        throw new QuerySyntaxError(
          peek()?.at ?? end,
          `expected ) to close the ( at character ${token.at + 1}`,
        );
      }
      next += 1;
      return inner;
    }
    if (token.kind === 'word') return wordTerm(token);
    throw new QuerySyntaxError(token.at, 'expected a search term');
  }

  if (tokens.length === 0) return { kind: 'all' };
  const tree = parseOr(0);
  const extra = peek();
  if (extra !== undefined) {
    throw new QuerySyntaxError(
      extra.at,
      extra.kind === 'close' ? 'a ) with no ( before it' : 'expected the end of the search',
    );
  }
  return tree;
}
