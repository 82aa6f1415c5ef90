import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempService } from '../../test-support/temp-db';
import { createQueryIndex } from './hot-paths';

/**
 * Hostile text in every slot of the DSL: each call answers with a typed error or a literal
 * match, never runs SQL made of user text, and leaves the database exactly as it was.
 */
const corpus = [
  "'",
  '"',
  "'; DROP TABLE instances; --",
  '"; DROP TABLE instances; --',
  "') OR 1=1 --",
  "' OR '1'='1",
  '/* comment */',
  '--',
  ';',
  '];',
  '[',
  ']',
  ')',
  '$',
  '$.a',
  '$[0]',
  '\u0000',
  'a\u0000b',
  '%',
  '_',
  '\\',
  "x'00'",
  "CAST(X'41' AS TEXT)",
  '||(SELECT 1)||',
  'ＳＥＬＥＣＴ',
  'ʼ OR ʼ1ʼ=ʼ1', // U+02BC modifier letter apostrophe
  '＇; DROP TABLE streams; --', // fullwidth apostrophe
  '\u2028\u2029',
  'Ä',
  '😀',
  'x'.repeat(64 * 1024),
];

let ctx: ReturnType<typeof openTempService>;

function checksum(): string {
  const db = ctx.engine.db;
  const h = createHash('sha256');
  const tables = db
    .prepare(
      "SELECT name, sql FROM sqlite_schema WHERE type IN ('table','index','trigger') ORDER BY name",
    )
    .all() as { name: string; sql: string | null }[];
  for (const t of tables) {
    h.update(`${t.name}\n${t.sql ?? ''}\n`);
    if (t.sql?.startsWith('CREATE TABLE')) {
      for (const row of db
        .prepare(`SELECT * FROM "${t.name.replace(/"/gu, '""')}"`)
        .raw()
        .all()) {
        h.update(
          JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)),
        );
      }
    }
  }
  return h.digest('hex');
}

beforeAll(async () => {
  ctx = openTempService({ autoIndex: false });
  await ctx.api.createInstance({ name: 'inj' });
  // Each hostile string is stored as a value and as a key, so literal matches can be checked.
  const res = await ctx.api.appendEvents({
    instanceId: 'inj',
    events: corpus.map((s, i) => ({
      stream_id: `s${i % 3}`,
      event_type: 't',
      payload: { v: s, [s.slice(0, 100)]: i, n: i },
    })),
  });
  expect(res.success).toBe(true);
  // One of the hostile keys gets an index, so the indexed-path (hex literal) SQL is exercised.
  createQueryIndex(ctx.engine.db, ctx.engine.instances.require('inj').ino, [
    ['json', 'payload', `$.${JSON.stringify("'; DROP TABLE instances; --")}`],
  ]);
});
afterAll(() => ctx?.close());

function slots(s: string): Record<string, unknown>[] {
  const key = `payload[${JSON.stringify(s)}]`;
  const from = { instance: 'inj' };
  return [
    { from: { instance: s } },
    { from: { instance: 'inj', stream: s } },
    { from, where: [{ field: s, operator: 'eq', value: 1 }] },
    { from, where: [{ field: key, operator: 'exists', value: true }] },
    { from, where: [{ field: 'v', operator: s, value: 1 }] },
    ...['eq', 'neq', 'gt', 'lt', 'contains', 'startsWith'].map((operator) => ({
      from,
      where: [{ field: 'payload.v', operator, value: s }],
    })),
    { from, where: [{ field: 'payload.v', operator: 'in', value: [s, 'x'] }] },
    { from, where: [{ field: 'payload.v', operator: 'between', value: [s, s] }] },
    { from, where: [{ field: 'timestamp', operator: 'eq', value: s }] },
    { from, where: [{ field: 'stream_id', operator: 'eq', value: s }] },
    { from, where: [{ field: 'event_type', operator: 'contains', value: s }] },
    { from, where: [{ field: 'id', operator: 'eq', value: s }] },
    { from, where: [{ not: { field: key, operator: 'eq', value: s } }] },
    { from, select: [key, s] },
    { from, select: [key] },
    { from, orderBy: { field: key } },
    { from, orderBy: { field: 'v', direction: s } },
    { from, reduce: { type: 'count', groupBy: [key] } },
    { from, reduce: { type: 'collect', field: key, distinct: true } },
    { from, reduce: { type: s } },
    { from, reduce: { type: 'count', groupBy: [{ field: 'timestamp', interval: s }] } },
    { from, cursor: s },
    { from, limit: s },
  ];
}

describe('injection corpus', () => {
  it('every hostile string in every slot: a typed error or a literal answer, nothing changed', async () => {
    const before = checksum();
    const codes = new Set<string>();
    for (const s of corpus) {
      for (const query of slots(s)) {
        const res = await ctx.api.queryEvents({ query } as never);
        if (!res.success) {
          expect(['VALIDATION_ERROR', 'NOT_FOUND'], `${res.code}: ${res.error}`).toContain(
            res.code,
          );
          codes.add(res.code);
        }
      }
    }
    expect(codes).toEqual(new Set(['VALIDATION_ERROR', 'NOT_FOUND']));
    expect(checksum()).toBe(before);
  });

  it('matches hostile values and keys literally', async () => {
    for (const [i, s] of corpus.entries()) {
      const byValue = await ctx.api.queryEvents({
        query: {
          from: { instance: 'inj' },
          where: [{ field: 'payload.v', operator: 'eq', value: s }],
          select: ['payload.n'],
        },
      });
      expect(byValue.success && byValue.data.result.events).toEqual([{ payload: { n: i } }]);
      const key = `payload[${JSON.stringify(s.slice(0, 100))}]`;
      const byKey = await ctx.api.queryEvents({
        query: {
          from: { instance: 'inj' },
          where: [{ field: key, operator: 'eq', value: i }],
          limit: 0,
        },
      });
      expect(byKey.success && byKey.data.result.total, key).toBe(1);
      const contains = await ctx.api.queryEvents({
        query: {
          from: { instance: 'inj' },
          where: [{ field: 'payload.v', operator: 'contains', value: s }],
          limit: 0,
        },
      });
      const expected = corpus.filter((c) => c.includes(s)).length;
      expect(contains.success && contains.data.result.total, JSON.stringify(s.slice(0, 20))).toBe(
        expected,
      );
    }
  });
});
