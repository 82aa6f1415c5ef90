import { describe, expect, it } from 'vitest';
import { fittingHint, searchHints } from './search-placeholder';

/** 7 px a character: a monospace stand-in for the browser's measure. */
const measure = (text: string) => text.length * 7;

describe('the search box hint', () => {
  it('is the longest that fits, whole', () => {
    const all = searchHints.words;
    expect(fittingHint(all, 10_000, measure)).toBe(all[0]);
    expect(fittingHint(all, measure(all[2]), measure)).toBe(all[2]);
    expect(fittingHint(all, measure(all[2]) - 1, measure)).toBe(all[3]);
  });

  it('is the shortest when none fits', () => {
    expect(fittingHint(searchHints.regex, 5, measure)).toBe('Regex ( / )');
  });

  it('goes from long to short, so the first that fits is the longest', () => {
    for (const hints of [searchHints.words, searchHints.regex]) {
      const lengths = hints.map((h) => h.length);
      expect([...lengths].sort((a, b) => b - a)).toEqual(lengths);
    }
  });
});
