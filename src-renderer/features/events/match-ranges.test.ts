import { describe, expect, it } from 'vitest';
import { highlighter } from '../../../src-shared/search/highlight';
import { columnField, visibleMatches } from './match-ranges';

const search = (value: string) => highlighter([{ field: '*', operator: 'icontains', value }]);

describe('visibleMatches', () => {
  it('marks matches in the whole text of a cell', () => {
    const ua = 'Mozilla/5.0 (compatible; Googlebot/2.1)';
    expect(visibleMatches(search('googlebot'), ua, ua, 'payload.agent')).toEqual([[25, 34]]);
  });

  it('cuts matches at the "…" of a fitted cell, and drops those past it', () => {
    const text = 'bot one, bot two, bot three';
    // fitText kept "bot one, bo…": the first match whole, the second cut, the third gone.
    expect(visibleMatches(search('bot'), text, 'bot one, bo…', 'payload.m')).toEqual([
      [0, 3],
      [9, 11],
    ]);
    expect(visibleMatches(search('three'), text, 'bot one, bo…', 'payload.m')).toEqual([]);
  });

  it('marks nothing when there is no search or nothing shown', () => {
    expect(visibleMatches(highlighter([]), 'abc', 'abc', 'payload.a')).toEqual([]);
    expect(visibleMatches(search('abc'), 'abc', '', 'payload.a')).toEqual([]);
  });

  it('marks the summary for searches of every field only', () => {
    const h = highlighter([
      { field: '*', operator: 'icontains', value: 'get' },
      { field: 'payload.method', operator: 'eq', value: 'GET' },
    ]);
    const summary = 'method=GET path=/get';
    expect(visibleMatches(h, summary, summary, columnField('summary')!)).toEqual([
      [7, 10],
      [17, 20],
    ]);
    expect(columnField('timestamp')).toBeNull();
    expect(columnField('payload.method')).toBe('payload.method');
  });
});
