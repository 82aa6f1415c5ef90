import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Query, WhereNode } from '../../../src-shared/contract/query';
import { querySchema } from '../../../src-shared/contract/query';
import { Engine } from '../engine';
import { compileRegex } from '../search/text-match';
import { Mirror } from './mirror';
import { foldsDifferently, mirrorsRegex } from './mirror-regex';

/**
 * The regex operators in the mirror: DuckDB's regexp_matches against the engine's re2-wasm,
 * both RE2. Where their meanings part (Unicode tables of different versions) the mirror
 * declines; everywhere else the two builds must agree, which these tests check on the real
 * libraries, so an upgrade of either that moves the line fails here.
 */
let duck: DuckDBInstance;
let conn: DuckDBConnection;
beforeAll(async () => {
  duck = await DuckDBInstance.create(':memory:');
  conn = await duck.connect();
});
afterAll(() => {
  conn.closeSync();
  duck.closeSync();
});

const hex = (cp: number) => `\\x{${cp.toString(16)}}`;
const char = (cp: number) => String.fromCodePoint(cp);

/** Whether each text matches the pattern, by DuckDB's regexp_matches (options '' or 'i'). */
async function duckMatches(
  pairs: readonly (readonly [string, string])[],
  ignoreCase: boolean,
): Promise<boolean[]> {
  await conn.run('CREATE OR REPLACE TABLE pairs (k INTEGER, p VARCHAR, s VARCHAR)');
  const appender = await conn.createAppender('pairs');
  pairs.forEach(([p, s], k) => {
    appender.appendInteger(k);
    appender.appendVarchar(p);
    appender.appendVarchar(s);
    appender.endRow();
  });
  appender.closeSync();
  const reader = await conn.runAndReadAll(
    `SELECT regexp_matches(s, p${ignoreCase ? ", 'i'" : ''}) FROM pairs ORDER BY k`,
  );
  return reader.getRows().map((r) => r[0] as boolean);
}

/** The same by the engine's re2-wasm (each pattern compiled once, then freed: a 16 MiB heap). */
function wasmMatches(
  pairs: readonly (readonly [string, string])[],
  ignoreCase: boolean,
): boolean[] {
  const compiled = new Map<string, ReturnType<typeof compileRegex>>();
  const answers = pairs.map(([p, s]) => {
    let re = compiled.get(p);
    if (!re) compiled.set(p, (re = compileRegex(p, ignoreCase, 'test')));
    return re.test(s);
  });
  for (const re of compiled.values()) re.wrapper?.delete();
  return answers;
}

/** Every character with a case mapping in JavaScript (Unicode 15 in Node 20). */
const cased: number[] = [];
for (let cp = 0; cp <= 0x10ffff; cp++) {
  if (cp >= 0xd800 && cp <= 0xdfff) continue;
  const s = char(cp);
  if (s.toLowerCase() !== s || s.toUpperCase() !== s) cased.push(cp);
}
const listed = (cp: number) => foldsDifferently.some(([lo, hi]) => cp >= lo && cp <= hi);

/** Each character beside its case partners: pairs (pattern, text) for imatches. */
function foldPairs(cps: readonly number[]): [string, string][] {
  return cps.flatMap((cp) => {
    const s = char(cp);
    const partners = new Set([
      s,
      s.toLowerCase(),
      s.toUpperCase(),
      s.toUpperCase().toLowerCase(),
      s.toLowerCase().toUpperCase(),
    ]);
    return [...partners].map((t): [string, string] => [hex(cp), t]);
  });
}

describe('the RE2 of the engine and of DuckDB', () => {
  it('agree on the options the mirror relies on: anchors, newlines, NUL, search not full match', async () => {
    const cases: [string, string, boolean][] = [
      ['a.b', 'a\nb', false],
      ['^ab', 'x\nab', false],
      ['ab$', 'ab\n', false],
      ['^ab$', 'ab', false],
      ['b', 'abc', false],
      ['\\x00', 'x\u0000y', false],
      ['x.y', 'x\u0000y', false],
      ['', '', false],
      ['a/b', 'a/b', false],
      ['\\w', 'é', false],
      ['a\\sb', 'a\u000bb', false],
      ['^.$', '😀', false],
      ['abc', 'ABC', true],
      ['ärger', 'ÄRGER', true],
      ['STRASSE', 'Straße', true],
      ['i', 'İ', true],
      ['s', '\u017f', true],
      ['\\x{212a}', 'k', true],
      ['ς', 'Σ', true],
      ['\\w', '\u017f', true],
      ['[^k]', '\u212a', true],
    ];
    for (const ignoreCase of [false, true]) {
      const pairs = cases.flatMap(([p, s, i]) => (i === ignoreCase ? [[p, s] as const] : []));
      expect(await duckMatches(pairs, ignoreCase), `ignoreCase ${ignoreCase}`).toEqual(
        wasmMatches(pairs, ignoreCase),
      );
    }
  });

  it('fold case alike except for the characters the mirror declines under imatches', async () => {
    const inList = cased.filter(listed);
    // Every listed character, and every 6th other cased one (each costs a compile in wasm).
    const others = cased.filter((cp, k) => !listed(cp) && k % 6 === 0);
    expect(inList.length).toBeGreaterThan(70);
    const same = foldPairs(others);
    expect(await duckMatches(same, true)).toEqual(wasmMatches(same, true));
    for (const cp of inList) {
      const pairs = foldPairs([cp]);
      expect(await duckMatches(pairs, true), hex(cp)).not.toEqual(wasmMatches(pairs, true));
    }
  }, 60_000);

  it('have Unicode property tables of different versions (so \\p is declined)', async () => {
    const vithkuqi: [string, string][] = [['\\p{L}', char(0x10570)]];
    expect(await duckMatches(vithkuqi, false)).toEqual([true]);
    expect(wasmMatches(vithkuqi, false)).toEqual([false]);
  });
});

describe('mirrorsRegex', () => {
  it('takes patterns both builds read alike, and declines \\p and the listed folds', () => {
    expect(mirrorsRegex('^/product/\\d{5}$', false)).toBe(true);
    expect(mirrorsRegex('ärger|ΟΔΟΣ', true)).toBe(true);
    expect(mirrorsRegex('[a-zä]+\\b.', true)).toBe(true);
    expect(mirrorsRegex('\\p{Lu}', false)).toBe(false);
    expect(mirrorsRegex('[x\\PL]', true)).toBe(false);
    expect(mirrorsRegex(char(0x10570), true)).toBe(false);
    expect(mirrorsRegex(char(0x10570), false)).toBe(true); // no folding: code points compared
    expect(mirrorsRegex('[\\x{2c00}-\\x{2c5f}]', true)).toBe(false);
    expect(mirrorsRegex('[^\\x{a7c0}]', true)).toBe(false);
    expect(mirrorsRegex('(a', false)).toBe(false); // SQLite gives the error
  });
});

describe('a regex answered by the mirror', () => {
  let engine: Engine;
  let mirror: Mirror;
  beforeAll(async () => {
    engine = Engine.open(':memory:', { autoIndex: false });
    engine.createInstance('r');
    const values = ['15', 15, ['15'], { a: '15' }, null, 'a\n15', 'x15', true, 'ÄRGER 15'];
    engine.append(
      'r',
      [...values.map((v) => ({ payload: { v } })), { payload: { other: 1 } }],
      false,
    );
    // Every regex it can answer (not only those the text index leaves to it).
    mirror = await Mirror.open({
      db: engine.db,
      file: ':memory:',
      config: { threads: 1, indexFirstHits: 0 },
    });
    await mirror.catchUpAll();
  });
  afterAll(async () => {
    await mirror.close();
    engine.close();
  });

  const count = (where: WhereNode): Query =>
    querySchema.parse({ from: { instance: 'r' }, where: [where], reduce: { type: 'count' } });

  it('tests strings only, as SQLite does (numbers, arrays, objects, null, missing never match)', async () => {
    const conditions: WhereNode[] = [
      { field: 'payload.v', operator: 'matches', value: '^1' },
      { not: { field: 'payload.v', operator: 'matches', value: '^1' } },
      { field: 'payload.v', operator: 'matches', value: '15$' },
      { field: 'payload.v', operator: 'imatches', value: '^ärger' },
      { not: { field: 'payload.v', operator: 'imatches', value: '^ärger' } },
      { field: 'payload.v', operator: 'matches', value: '' },
    ];
    const counts: unknown[] = [];
    for (const where of conditions) {
      const got = await mirror.query(count(where));
      expect(got, JSON.stringify(where)).not.toBeNull();
      expect(got!.aggregation, JSON.stringify(where)).toEqual(
        engine.query(count(where)).aggregation,
      );
      counts.push((got!.aggregation as { value: unknown }).value);
    }
    expect(counts).toEqual([1, 9, 4, 1, 9, 4]);
  });

  it('declines what the builds read differently, and refuses what the engine refuses', async () => {
    expect(
      await mirror.query(count({ field: 'payload.v', operator: 'matches', value: '\\pL' })),
    ).toBeNull();
    // Valid syntax that RE2 refuses to compile (too large): the engine's VALIDATION_ERROR.
    const huge = count({
      field: 'payload.v',
      operator: 'matches',
      value: '((a{1000}){1000}){1000}',
    });
    expect(() => engine.query(huge)).toThrow(/refused/u);
    await expect(mirror.query(huge)).rejects.toThrow(/refused/u);
  });
});

describe('a regex the text index narrows to a few events', () => {
  let engine: Engine;
  let mirror: Mirror;
  beforeAll(async () => {
    engine = Engine.open(':memory:', { autoIndex: false });
    engine.createInstance('r');
    const messages = Array.from({ length: 300 }, (_, i) =>
      i % 100 === 7 ? `rare quokka-${i}` : `common line ${i}`,
    );
    engine.append(
      'r',
      messages.map((message) => ({ payload: { message } })),
      false,
    );
    engine.catchUpTextIndex('r');
    mirror = await Mirror.open({
      db: engine.db,
      file: ':memory:',
      config: { threads: 1, indexFirstHits: 100 },
    });
    await mirror.catchUpAll();
  });
  afterAll(async () => {
    await mirror.close();
    engine.close();
  });

  const count = (...where: WhereNode[]): Query =>
    querySchema.parse({ from: { instance: 'r' }, where, reduce: { type: 'count' } });
  const rare: WhereNode = { field: 'payload.message', operator: 'matches', value: 'quokka-\\d+$' };
  const common: WhereNode = { field: 'payload.message', operator: 'matches', value: 'line \\d' };

  it('is left to SQLite (which tests its few hits); a regex the index finds often is not', async () => {
    expect(await mirror.query(count(rare))).toBeNull();
    expect(
      await mirror.query(
        count(rare, { field: 'payload.message', operator: 'exists', value: true }),
      ),
    ).toBeNull();
    expect(engine.query(count(rare)).total).toBe(3);
    const often = await mirror.query(count(common));
    expect(often?.aggregation).toEqual(engine.query(count(common)).aggregation);
    // Without literals of 3 characters the index cannot narrow it.
    expect(await mirror.query(count({ ...rare, value: '-\\d+$' }))).not.toBeNull();
    // Under an `or` the index does not bound the result: the mirror answers.
    expect(await mirror.query(count({ or: [rare, common] }))).not.toBeNull();
  });

  it("is the mirror's while the index has not caught up with the events", async () => {
    engine.append(
      'r',
      Array.from({ length: 150 }, () => ({ payload: { message: 'not indexed yet' } })),
      false,
    );
    const got = await mirror.query(count(rare));
    expect(got?.aggregation).toEqual(engine.query(count(rare)).aggregation);
  });
});
