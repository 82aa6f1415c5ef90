import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRegex, toJsSource } from '../../../src-shared/search/regex-syntax';
import { EngineError } from '../errors';
import { compileRegex, stringTest } from './text-match';

describe('stringTest', () => {
  it('folds case as documented', () => {
    expect(stringTest('icontains', 'ärger')('So ein ÄRGER!')).toBe(true);
    expect(stringTest('icontains', 'i')('İstanbul')).toBe(true); // İ folds to i + U+0307
    expect(stringTest('icontains', 'İ')('istanbul')).toBe(false);
    expect(stringTest('icontains', 'i\u0307')('İstanbul')).toBe(true);
    expect(stringTest('icontains', 'STRASSE')('Hauptstraße')).toBe(true);
    expect(stringTest('ieq', 'ss')('ß')).toBe(true);
    expect(stringTest('istartsWith', 'ÖL')('öl-preis')).toBe(true);
    expect(stringTest('contains', 'ärger')('ÄRGER')).toBe(false);
  });

  it('takes %, _, \\ and quotes literally', () => {
    for (const op of ['contains', 'icontains', 'startsWith', 'istartsWith', 'ieq'] as const) {
      expect(stringTest(op, '50%_"\\\'')('50%_"\\\'')).toBe(true);
      expect(stringTest(op, '5_%')('5x%')).toBe(false);
    }
  });

  it('refuses a pattern RE2 cannot compile with VALIDATION_ERROR', () => {
    let err: unknown;
    try {
      stringTest('matches', '((((a{100}){100}){100}){100})', 'query.where[0].value');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('VALIDATION_ERROR');
    expect((err as EngineError).message).toMatch(/^query\.where\[0\]\.value: the regular/u);
  });

  it('runs a pattern that backtracks catastrophically elsewhere in linear time', () => {
    const test = stringTest('matches', '^(a+)+$');
    const text = `${'a'.repeat(200_000)}!`;
    const t0 = performance.now();
    expect(test(text)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });
});

describe('RE2 and the JavaScript translation agree (what the renderer highlights)', () => {
  const atoms = [
    'a',
    'b',
    'ä',
    'Ä',
    '.',
    '\\d',
    '\\w',
    '\\s',
    '\\S',
    '[a-c]',
    '[^a]',
    '\\b',
    '^',
    '$',
  ];
  const pattern = fc
    .array(fc.tuple(fc.constantFrom(...atoms), fc.constantFrom('', '*', '+', '?', '{1,2}', '*?')), {
      minLength: 1,
      maxLength: 4,
    })
    .map((parts) => parts.map(([a, q]) => (['^', '$', '\\b'].includes(a) ? a : a + q)).join(''));
  const text = fc.string({
    unit: fc.constantFrom('a', 'b', 'c', 'ä', 'Ä', ' ', '\n', '\r', '1', '\u00a0'),
    maxLength: 8,
  });

  it.each([false, true])('on random patterns and texts (ignore case: %s)', (ignoreCase) => {
    fc.assert(
      fc.property(pattern, fc.array(text, { maxLength: 6 }), (p, texts) => {
        const parsed = parseRegex(p);
        if (!parsed.ok) return;
        const re2 = compileRegex(p, ignoreCase, 'p');
        const js = new RegExp(toJsSource(parsed.ast), ignoreCase ? 'iu' : 'u');
        for (const t of texts) expect(js.test(t), `${p} on ${JSON.stringify(t)}`).toBe(re2.test(t));
      }),
      { numRuns: 300 },
    );
  });
});
