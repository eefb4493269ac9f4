/**
 * The filter bar's side of the query language: the choices each facet offers, the term each
 * choice adds, and how choosing one changes the query. Pure, so it is tested without a DOM.
 */
import type { SearchFacets } from '../../../common/contract';
import { PHOTO_TYPES } from '../../../common/search/query-ast';
import { quoteValue } from './query-completion';

/** One choice of a facet: what it says, the term it adds, how many photos it leaves. */
export interface FacetChoice {
  label: string;
  term: string;
  count: number;
  /** What a screen reader says for it when the label is symbols (stars). */
  spoken?: string;
  /** A colour label's swatch. */
  swatch?: string;
}

/** A facet of the bar: its name, the terms that belong to it, and its choices. */
export interface FacetGroup {
  name: string;
  /**
   * Whether a term is this facet's: choosing one choice replaces another of the same facet
   * (Lightroom's attribute filter), except for keywords, which add up.
   */
  owns: ((term: string) => boolean) | null;
  choices: FacetChoice[];
  /** How to do more than click a choice, said in its tooltip. */
  hint?: string;
}

// Beyond this many, a facet's rarer values (cameras, lenses, keywords) are left out: typing
// in the search box (with completion) finds the others.
const TOP_VALUES = 8;

/** The terms of a query as the filter bar sees them: whitespace apart, quotes kept whole. */
export function queryTerms(query: string): string[] {
  return query.match(/(?:[^\s"]+|"[^"]*"?)+/g) ?? [];
}

/**
 * Adds `term` to `query`, or takes it out if the query has it as a term of its own; a term
 * added replaces those `owns` says are of the same facet.
 */
export function chooseTerm(
  query: string,
  term: string,
  owns: ((term: string) => boolean) | null,
): string {
  const terms = queryTerms(query);
  if (terms.includes(term)) return terms.filter((candidate) => candidate !== term).join(' ');
  const kept = owns === null ? terms : terms.filter((candidate) => !owns(candidate));
  return [...kept, term].join(' ');
}

/** The count of `value` in a facet (0 when the result has none). */
function countOf<T>(facet: Array<{ value: T; count: number }>, value: T): number {
  return facet.find((entry) => entry.value === value)?.count ?? 0;
}

/** `field:value` choices for the most common values of a facet of free values. */
function topChoices(
  field: string,
  facet: Array<{ value: string; count: number }>,
  chosen: readonly string[],
): FacetChoice[] {
  const choices = facet.flatMap((entry) => {
    const value = quoteValue(entry.value);
    return value === null
      ? []
      : [{ label: entry.value, term: `${field}:${value}`, count: entry.count }];
  });
  // A chosen value stays offered (to take it out again) though it is not among the top.
  return choices.filter((choice, index) => index < TOP_VALUES || chosen.includes(choice.term));
}

/** A test for terms of `field` (any operator), in any case. */
function fieldTerm(field: string): (term: string) => boolean {
  const pattern = new RegExp(`^-?${field}(?:!=|>=|<=|:|=|>|<)`, 'i');
  return (term) => pattern.test(term);
}

/** The filter bar's facets for `counts`, with what `query` has chosen kept in. */
export function facetGroups(counts: SearchFacets, query: string): FacetGroup[] {
  const chosen = queryTerms(query);
  const rated = (stars: number) =>
    counts.rating
      .filter((entry) => entry.value >= stars)
      .reduce((sum, entry) => sum + entry.count, 0);
  const isYear = (term: string) => /^(?:taken:)?\d{4}(?:-\d{2}){0,2}(?:\.\.\S+)?$/.test(term);
  return [
    {
      name: 'Rating',
      owns: fieldTerm('rating'),
      choices: [
        ...[1, 2, 3, 4, 5].map((stars) => ({
          label: `≥ ${'★'.repeat(stars)}`,
          spoken: `${stars} ${stars === 1 ? 'star' : 'stars'} or more`,
          term: `rating>=${stars}`,
          count: rated(stars),
        })),
        { label: 'No stars', term: 'rating:0', count: countOf(counts.rating, 0) },
      ],
    },
    {
      name: 'Flag',
      owns: fieldTerm('flag'),
      choices: [
        { label: 'Picked', term: 'flag:pick', count: countOf(counts.flag, 'pick') },
        { label: 'Rejected', term: 'flag:reject', count: countOf(counts.flag, 'reject') },
        { label: 'Unflagged', term: 'flag:none', count: countOf(counts.flag, 'none') },
      ],
    },
    {
      name: 'Label',
      owns: fieldTerm('label'),
      choices: [
        ...(['red', 'yellow', 'green', 'blue', 'purple'] as const).map((colour) => ({
          label: colour[0].toUpperCase() + colour.slice(1),
          term: `label:${colour}`,
          count: countOf(counts.label, colour),
          swatch: colour,
        })),
        { label: 'No label', term: 'label:none', count: countOf(counts.label, 'none') },
      ],
    },
    { name: 'Keyword', owns: null, choices: topChoices('keyword', counts.keyword, chosen) },
    {
      name: 'Camera',
      owns: fieldTerm('camera'),
      choices: topChoices('camera', counts.camera, chosen),
    },
    { name: 'Lens', owns: fieldTerm('lens'), choices: topChoices('lens', counts.lens, chosen) },
    {
      name: 'Year',
      owns: isYear,
      hint: 'Shift+click another year for a range',
      choices: counts.year.map((entry) => ({
        label: entry.value,
        term: `taken:${entry.value}`,
        count: entry.count,
      })),
    },
    {
      name: 'Type',
      owns: fieldTerm('type'),
      choices: counts.type
        .filter((entry) => (PHOTO_TYPES as readonly string[]).includes(entry.value))
        .map((entry) => ({
          label: entry.value.toUpperCase(),
          term: `type:${entry.value}`,
          count: entry.count,
        })),
    },
  ];
}

/**
 * The years from `from` to `to` (either order) as one range term, `taken:2021..2023`: the
 * filter bar's date range, chosen as two years (Shift+click the second).
 */
export function yearRange(from: string, to: string): string {
  const [first, last] = from <= to ? [from, to] : [to, from];
  return first === last ? `taken:${first}` : `taken:${first}..${last}`;
}

/** Whether a choice is in the query: its own term, or a year inside a chosen range of years. */
export function isChosen(choice: FacetChoice, terms: readonly string[]): boolean {
  if (terms.includes(choice.term)) return true;
  const year = /^taken:(\d{4})$/.exec(choice.term)?.[1];
  if (year === undefined) return false;
  return terms.some((term) => {
    const range = /^taken:(\d{4})\.\.(\d{4})$/.exec(term);
    return range !== null && range[1] <= year && year <= range[2];
  });
}

/** The year a query's date term starts at (`taken:2021` or `taken:2021..2023`), if it has one. */
export function chosenYear(terms: readonly string[]): string | null {
  for (const term of terms) {
    const year = /^taken:(\d{4})(?:\.\.\d{4})?$/.exec(term)?.[1];
    if (year !== undefined) return year;
  }
  return null;
}
