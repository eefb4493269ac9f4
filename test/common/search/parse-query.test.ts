import { describe, expect, it } from 'vitest';
import { parseQuery, QuerySyntaxError } from '../../../common/search/parse-query';
import { MAX_QUERY_LENGTH } from '../../../common/search/query-ast';

/** The error a query fails with (it must fail). */
function failure(query: string): QuerySyntaxError {
  try {
    parseQuery(query);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return error;
    throw error;
  }
  throw new Error(`“${query}” parsed`);
}

describe('parseQuery', () => {
  it('ANDs terms, groups with OR, | and parentheses, negates with - and NOT', () => {
    expect(parseQuery('paris rating>=4')).toEqual({
      kind: 'and',
      nodes: [
        { kind: 'text', text: 'paris', prefix: false, phrase: false },
        { kind: 'number', field: 'rating', op: '>=', value: 4 },
      ],
    });
    expect(parseQuery('(flag:pick OR label:red) | -flag:reject')).toEqual({
      kind: 'or',
      nodes: [
        {
          kind: 'or',
          nodes: [
            { kind: 'flag', value: 'pick' },
            { kind: 'label', value: 'red' },
          ],
        },
        { kind: 'not', node: { kind: 'flag', value: 'reject' } },
      ],
    });
    expect(parseQuery('NOT has:gps AND iso>=3200')).toEqual({
      kind: 'and',
      nodes: [
        { kind: 'not', node: { kind: 'has', value: 'gps' } },
        { kind: 'number', field: 'iso', op: '>=', value: 3200 },
      ],
    });
    expect(parseQuery('')).toEqual({ kind: 'all' });
    expect(parseQuery('   ')).toEqual({ kind: 'all' });
  });

  it('reads every field', () => {
    expect(parseQuery('rating:3')).toEqual({ kind: 'number', field: 'rating', op: '=', value: 3 });
    expect(parseQuery('rating<2')).toEqual({ kind: 'number', field: 'rating', op: '<', value: 2 });
    expect(parseQuery('rating:3..5')).toEqual({
      kind: 'numberRange',
      field: 'rating',
      from: 3,
      to: 5,
    });
    expect(parseQuery('f<=2.8')).toEqual({ kind: 'number', field: 'f', op: '<=', value: 2.8 });
    expect(parseQuery('mm:24..70')).toEqual({ kind: 'numberRange', field: 'mm', from: 24, to: 70 });
    expect(parseQuery('flag:none')).toEqual({ kind: 'flag', value: 'none' });
    expect(parseQuery('flag:pick|reject')).toEqual({
      kind: 'or',
      nodes: [
        { kind: 'flag', value: 'pick' },
        { kind: 'flag', value: 'reject' },
      ],
    });
    expect(parseQuery('label:PURPLE')).toEqual({ kind: 'label', value: 'purple' });
    expect(parseQuery('keyword:Places/France')).toEqual({ kind: 'keyword', path: 'Places/France' });
    expect(parseQuery('tag:" Places / Paris "')).toEqual({ kind: 'keyword', path: 'Places/Paris' });
    expect(parseQuery('camera:x-t4')).toEqual({ kind: 'textField', field: 'camera', text: 'x-t4' });
    expect(parseQuery('lens:"EF 24-70"')).toEqual({
      kind: 'textField',
      field: 'lens',
      text: 'EF 24-70',
    });
    expect(parseQuery('type:raw')).toEqual({ kind: 'type', value: 'raw' });
    expect(parseQuery('album:"Summer 2023"')).toEqual({ kind: 'album', name: 'Summer 2023' });
    expect(parseQuery('folder:"2024 Summer/Beach"')).toEqual({
      kind: 'folder',
      path: '2024 Summer/Beach',
    });
    expect(failure('folder:"  "').message).toMatch(/expected a value after folder:/);
    expect(parseQuery('orient:portrait')).toEqual({ kind: 'orient', value: 'portrait' });
    expect(parseQuery('has:keywords')).toEqual({ kind: 'has', value: 'keywords' });
    expect(parseQuery('name:1234')).toEqual({ kind: 'textField', field: 'name', text: '1234' });
    expect(parseQuery('title!=draft')).toEqual({
      kind: 'not',
      node: { kind: 'textField', field: 'title', text: 'draft' },
    });
  });

  it('reads dates: a year, a month, a day, a range, comparisons, taken: and added:', () => {
    expect(parseQuery('2023')).toEqual({
      kind: 'date',
      field: 'taken',
      from: '2023-01-01',
      to: '2024-01-01',
    });
    expect(parseQuery('2024-02')).toEqual({
      kind: 'date',
      field: 'taken',
      from: '2024-02-01',
      to: '2024-03-01',
    });
    expect(parseQuery('taken:2023-12-31')).toEqual({
      kind: 'date',
      field: 'taken',
      from: '2023-12-31',
      to: '2024-01-01',
    });
    expect(parseQuery('2023-07..2023-09')).toEqual({
      kind: 'date',
      field: 'taken',
      from: '2023-07-01',
      to: '2023-10-01',
    });
    expect(parseQuery('added>=2024-05')).toEqual({
      kind: 'date',
      field: 'added',
      from: '2024-05-01',
      to: null,
    });
    expect(parseQuery('taken<2020')).toEqual({
      kind: 'date',
      field: 'taken',
      from: null,
      to: '2020-01-01',
    });
    expect(failure('2023-02-30').message).toContain('“2023-02-30” is not a date');
    expect(failure('2023-13').message).toContain('is not a date');
  });

  it('keeps free text as text: prefixes, phrases, FTS and SQL syntax included', () => {
    expect(parseQuery('tour*')).toEqual({
      kind: 'text',
      text: 'tour',
      prefix: true,
      phrase: false,
    });
    expect(parseQuery('"eiffel tower"')).toEqual({
      kind: 'text',
      text: 'eiffel tower',
      prefix: false,
      phrase: true,
    });
    expect(parseQuery('"note: NEAR(a b)"')).toEqual({
      kind: 'text',
      text: 'note: NEAR(a b)',
      prefix: false,
      phrase: true,
    });
    for (const hostile of ["x'; DROP TABLE photos; --", 'a*b^c', "O'Brien", 'ÉTÉ', '12:30']) {
      const tree = parseQuery(hostile);
      expect(JSON.stringify(tree)).not.toContain('"kind":"field"');
      expect(tree.kind === 'text' || tree.kind === 'and').toBe(true);
    }
  });

  it('says where a query goes wrong and what was expected', () => {
    expect(failure('rating>=').message).toBe(
      'Search: at character 9, expected a value after rating>=',
    );
    expect(failure('rating:9').message).toContain('expected 0 to 5 stars');
    expect(failure('flag:maybe').message).toContain('flag: takes pick, reject, none, not “maybe”');
    const unknown = failure('paris colour:red');
    expect(unknown.offset).toBe(6);
    expect(unknown.message).toContain('“colour” is not a field: expected one of rating, flag');
    expect(failure('(paris').message).toBe(
      'Search: at character 7, expected ) to close the ( at character 1',
    );
    expect(failure('paris)').message).toContain('a ) with no ( before it');
    expect(failure('OR paris').message).toContain('expected a search term before OR');
    expect(failure('paris NOT').message).toContain('expected a search term after NOT or -');
    expect(failure('"open').message).toBe(
      'Search: at character 1, a quote is opened and never closed',
    );
    expect(failure('rating>3..5').message).toContain('a range takes rating: only');
    expect(failure('x'.repeat(10_000)).message).toContain(
      `at most ${MAX_QUERY_LENGTH.toLocaleString('en')} characters`,
    );
    expect(failure('('.repeat(40) + 'a' + ')'.repeat(40)).message).toContain('nest at most');
    expect(failure('rating>=').code).toBe('INVALID_INPUT');
  });
});
