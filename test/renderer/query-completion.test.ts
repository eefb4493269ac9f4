import { describe, expect, it } from 'vitest';
import {
  acceptSuggestion,
  completeQuery,
  quoteValue,
  type CompletionSource,
} from '../../renderer/components/search/query-completion';

const source: CompletionSource = {
  keywords: ['Places', 'Places/France', 'Places/France/Paris', 'People/Anna'],
  cameras: ['NIKON D750', 'X-T4'],
  lenses: ['XF16-55mm F2.8'],
  albums: ['Paris weekend', 'Family'],
};

/** The labels suggested with the caret at the end of `text`. */
function labels(text: string): string[] {
  return completeQuery(text, text.length, source)?.suggestions.map((s) => s.label) ?? [];
}

/** The text after taking the suggestion labelled `label` at the end of `text`. */
function accept(text: string, label: string, caret = text.length) {
  const completion = completeQuery(text, caret, source)!;
  const suggestion = completion.suggestions.find((candidate) => candidate.label === label)!;
  return acceptSuggestion(text, completion, suggestion);
}

describe('search completion', () => {
  it('suggests field names with what they take', () => {
    const completion = completeQuery('fl', 2, source)!;
    expect(completion.suggestions[0]).toEqual({
      label: 'flag:',
      detail: 'pick, reject or none',
      insert: 'flag:',
    });
    expect(labels('ra')).toEqual(['rating:']);
  });

  it('suggests the values of the field being typed', () => {
    expect(labels('flag:')).toEqual(['pick', 'reject', 'none']);
    expect(labels('flag:r')).toEqual(['reject']);
    expect(labels('label:')).toEqual(['red', 'yellow', 'green', 'blue', 'purple', 'none']);
    expect(labels('type:r')).toEqual(['raw']);
    expect(labels('has:g')).toEqual(['gps']);
    expect(labels('orient:p')).toEqual(['portrait']);
    expect(labels('camera:nik')).toEqual(['NIKON D750']);
    expect(labels('lens:xf')).toEqual(['XF16-55mm F2.8']);
    expect(labels('album:par')).toEqual(['Paris weekend']);
  });

  it('suggests keywords by any level of their path, for keyword: and for a bare word', () => {
    expect(labels('keyword:fra')).toEqual(['Places/France', 'Places/France/Paris']);
    expect(labels('pari')).toEqual(['Places/France/Paris']);
    expect(completeQuery('anna', 4, source)?.suggestions[0].insert).toBe('keyword:People/Anna');
  });

  it('offers nothing for an empty word or a finished term', () => {
    expect(completeQuery('', 0, source)).toBeNull();
    expect(completeQuery('rating>=4 ', 10, source)).toBeNull();
    expect(completeQuery('flag:pick', 9, source)).toBeNull();
  });

  it('rewrites the word at the caret, keeping the rest of the query', () => {
    expect(accept('rating>=4 flag:p', 'pick')).toEqual({
      text: 'rating>=4 flag:pick ',
      caret: 20,
    });
    // A field name waits for its value: no space after it.
    expect(accept('fl', 'flag:')).toEqual({ text: 'flag:', caret: 5 });
    // In the middle of the query, the whole word is replaced.
    expect(accept('flag:re paris', 'reject', 7)).toEqual({ text: 'flag:reject paris', caret: 12 });
    // A negated term stays negated.
    expect(accept('-flag:r', 'reject').text).toBe('-flag:reject ');
    // After a parenthesis, only the word inside is replaced.
    expect(accept('(flag:p', 'pick').text).toBe('(flag:pick ');
  });

  it('quotes values with spaces, also when the quote is already begun', () => {
    expect(accept('camera:nik', 'NIKON D750').text).toBe('camera:"NIKON D750" ');
    expect(accept('camera:"NIKON D', 'NIKON D750').text).toBe('camera:"NIKON D750" ');
    expect(quoteValue('Paris weekend')).toBe('"Paris weekend"');
    expect(quoteValue('a|b')).toBe('"a|b"');
    expect(quoteValue('say "hi"')).toBeNull();
  });
});
