import { describe, expect, it } from 'vitest';
import { foldByDefinition as definition } from '../test-support/fold-definition';
import { foldCase, foldWithMap } from './fold';

/** Every code point that upper- or lower-casing changes (the others must fold to themselves). */
const cased: string[] = [];
const uncased: string[] = [];
for (let cp = 0; cp <= 0x10ffff; cp++) {
  if (cp >= 0xd800 && cp <= 0xdfff) continue;
  const ch = String.fromCodePoint(cp);
  (ch.toUpperCase() !== ch || ch.toLowerCase() !== ch ? cased : uncased).push(ch);
}

describe('foldCase', () => {
  it('folds the usual suspects as documented', () => {
    expect(foldCase('Ärger')).toBe('ärger');
    expect(foldCase('ÄRGER')).toBe(foldCase('ärger'));
    expect(foldCase('İ')).toBe('i\u0307');
    expect(foldCase('i\u0307')).toBe('i\u0307');
    expect(foldCase('ß')).toBe('ss');
    expect(foldCase('ẞ')).toBe('ss');
    expect(foldCase('STRASSE')).toBe(foldCase('Straße'));
    expect(foldCase('ΟΔΟΣ')).toBe(foldCase('οδος'));
    expect(foldCase('ı')).toBe('i');
    expect(foldCase('ﬁ')).toBe('fi');
    expect(foldCase('\u212a')).toBe('k'); // Kelvin sign
    expect(foldCase('GoogleBot 50%_\\')).toBe('googlebot 50%_\\');
    expect(foldCase('é')).not.toBe(foldCase('e\u0301')); // no normalisation
  });

  it('is the definition for every code point, and a fixed point', () => {
    const bad: string[] = [];
    for (const ch of cased) {
      const f = foldCase(ch);
      if (f !== definition(ch) || foldCase(f) !== f) bad.push(ch);
    }
    expect(bad).toEqual([]);
    expect(uncased.filter((ch) => foldCase(ch) !== ch)).toEqual([]);
  });

  it('works character by character on whole strings (final sigma, ẞ, mixed text)', () => {
    const pool = [...cased, 'a', 'Σ', 'ς', ' ', 'ẞ', '😀', 'İ'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20_000; i++) {
      const chars = Array.from(
        { length: 1 + (i % 7) },
        () => pool[Math.floor(next() * pool.length)]!,
      );
      expect(foldCase(chars.join(''))).toBe(chars.map(foldCase).join(''));
    }
  });
});

describe('foldWithMap', () => {
  it('maps every folded position back to the character it came from', () => {
    const text = 'aßİΣ😀K';
    const { folded, map } = foldWithMap(text);
    expect(folded).toBe(foldCase(text));
    expect(map).toHaveLength(folded.length + 1);
    // 'a' -> 0; 'ss' -> 1, 1; 'i̇' -> 2, 2; 'σ' -> 3; '😀' -> 4, 4; 'k' -> 6; end 7
    expect(map).toEqual([0, 1, 1, 2, 2, 3, 4, 4, 6, 7]);
  });

  it('is the identity map on ASCII', () => {
    expect(foldWithMap('AbC')).toEqual({ folded: 'abc', map: [0, 1, 2, 3] });
  });
});
