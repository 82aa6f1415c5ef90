import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../src-shared/contract/json-value';
import { someJsonbString } from './jsonb-strings';
import { collectStrings } from './text-index';

const db = new Database(':memory:');
afterAll(() => db.close());

const jsonb = (text: string) => db.prepare<[string], Buffer>('SELECT jsonb(?)').pluck().get(text)!;

function stringsOf(blob: Buffer): string[] {
  const out: string[] = [];
  someJsonbString(blob, (s) => {
    out.push(s);
    return false;
  });
  return out;
}

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom(
    '',
    'a"b',
    'back\\slash',
    'tab\there',
    'nl\nx',
    '\u0000',
    '😀',
    'x'.repeat(300),
    'y'.repeat(70_000),
  ),
);
const json = fc.letrec<{ v: JsonValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(text, tie('v'), { maxKeys: 4 }),
  ),
})).v;

describe('someJsonbString', () => {
  it('reads every string value (not the keys) of a JSONB blob, in document order', () => {
    fc.assert(
      fc.property(fc.dictionary(text, json, { maxKeys: 6 }), (value) => {
        const want: string[] = [];
        collectStrings(value, want);
        expect(stringsOf(jsonb(JSON.stringify(value)))).toEqual(want);
      }),
      { numRuns: 500 },
    );
  });

  it('decodes JSON5 escapes as SQLite stores them', () => {
    expect(stringsOf(jsonb(`{"a": 'it\\'s \\x41\\u00e4'}`))).toEqual(["it's Aä"]);
  });

  it('stops at the first string the visitor accepts', () => {
    const seen: string[] = [];
    const found = someJsonbString(jsonb('{"a":"x","b":["y","z"]}'), (s) => {
      seen.push(s);
      return s === 'y';
    });
    expect(found).toBe(true);
    expect(seen).toEqual(['x', 'y']);
  });
});
