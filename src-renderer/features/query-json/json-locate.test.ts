import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineColumn, locateJson, pathKey, spanAt } from './json-locate';

/** Every path to a value inside `v`. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

describe('locateJson', () => {
  it('reads what JSON.parse reads, and each span holds the text of its value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const r = locateJson(text);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.value).toStrictEqual(JSON.parse(text));
        for (const p of paths(r.value)) {
          const span = r.spans.get(pathKey(p))!;
          expect(JSON.parse(text.slice(span.value.from, span.value.to))).toStrictEqual(
            p.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], r.value),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses what JSON.parse refuses', () => {
    for (const bad of [
      '',
      '{',
      '[1,]',
      '{"a":1,}',
      "{'a':1}",
      '01',
      'nul',
      '"\u0001"',
      '1 2',
      '{"a" 1}',
    ]) {
      expect(() => JSON.parse(bad) as unknown).toThrow();
      expect(locateJson(bad).ok, bad).toBe(false);
    }
  });

  it('keeps a "__proto__" key as data', () => {
    const r = locateJson('{"__proto__": {"x": 1}}');
    expect(r.ok && Object.keys(r.value as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('marks a missing path on its nearest ancestor, and a key on request', () => {
    const text = '{"a": {"b": 1}}';
    const r = locateJson(text);
    if (!r.ok) throw new Error('parse');
    const s = spanAt(r.spans, ['a', 'c', 0]);
    expect(text.slice(s.from, s.to)).toBe('{"b": 1}');
    const k = spanAt(r.spans, ['a', 'b'], true);
    expect(text.slice(k.from, k.to)).toBe('"b"');
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
