import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventInput } from '../../../src-shared/contract/operations';
import { querySchema, type Query, type Reduce } from '../../../src-shared/contract/query';
import type { GroupedAggregation, PlainAggregation } from '../../../src-shared/contract/records';
import { Engine } from '../engine';
import { Mirror } from '../mirror/mirror';
import { EventLogService } from '../service';

/**
 * The percentile reduce (docs/query-dsl.md), by hand on both engines: the SQLite compiler and
 * the DuckDB mirror give the value at rank n - floor(n - n * p) of the numbers, ignoring the
 * rest. The random differential tests hold them to the reference evaluator; this pins the
 * rank where nearest rank computed as ceil(n * p) would differ (100 * 0.07 is
 * 7.000000000000001 in doubles: the 7th value, not the 8th).
 */
let engine: Engine;
let mirror: Mirror;
let service: EventLogService;

beforeAll(async () => {
  engine = Engine.open(':memory:', { autoIndex: false });
  service = new EventLogService(engine);
  engine.createInstance('lat');
  // 1..100 in a scrambled order, beside values that are not numbers.
  const req: EventInput[] = Array.from({ length: 100 }, (_, i) => ({
    event_type: 'req',
    payload: { ms: ((i * 37) % 100) + 1 },
  }));
  const others: EventInput[] = [
    { event_type: 'req', payload: { ms: '5' } },
    { event_type: 'req', payload: { ms: true } },
    { event_type: 'req', payload: { ms: null } },
    { event_type: 'req', payload: {} },
    { event_type: 'few', payload: { ms: 3 } },
    { event_type: 'few', payload: { ms: -1.5 } },
    { event_type: 'few', payload: { ms: 'slow' } },
    { event_type: 'few', payload: { ms: 2 ** 53 + 2 } },
    { event_type: 'none', payload: { ms: 'n/a' } },
    { event_type: 'none', payload: { other: 1 } },
  ];
  engine.append('lat', [...req.slice(0, 50), ...others, ...req.slice(50)], false);
  mirror = await Mirror.open({ db: engine.db, file: ':memory:', config: { threads: 1 } });
  await mirror.catchUpAll();
});
afterAll(async () => {
  await mirror.close();
  engine.close();
});

const percentile = (p: number, more: Partial<Reduce> = {}): Query =>
  querySchema.parse({
    from: { instance: 'lat' },
    reduce: { type: 'percentile', field: 'payload.ms', p, ...more },
  });
const ofReq = (query: Query): Query => ({
  ...query,
  where: [{ field: 'event_type', operator: 'eq', value: 'req' }],
});

/** The answer of both engines, which must be the same. */
async function both(query: Query) {
  const sqlite = engine.query(query);
  const mirrored = await mirror.query(query);
  expect(mirrored, 'the mirror answered').not.toBeNull();
  const { tookMs: _a, engine: _b, ...s } = sqlite;
  const { tookMs: _c, engine: _d, ...m } = mirrored!;
  expect(m).toEqual(s);
  return sqlite;
}

describe('percentile', () => {
  it('is the value at rank n - floor(n - n * p) of the numbers, on both engines', async () => {
    const cases: [number, number][] = [
      [0, 1],
      [0.0001, 1],
      [0.07, 7], // ceil(100 * 0.07) would be 8
      [0.14, 14], // and 15
      [0.5, 50],
      [0.505, 51],
      [0.9, 90],
      [0.99, 99],
      [1, 100],
    ];
    for (const [p, want] of cases) {
      const r = await both(ofReq(percentile(p)));
      expect(r.aggregation, `p ${p}`).toEqual({
        type: 'percentile',
        field: 'payload.ms',
        p,
        value: want,
      } satisfies PlainAggregation);
      expect(r.total).toBe(104); // the events, numbers or not
    }
  });

  it('by group: numbers only, null for a group without any, groups by value', async () => {
    const r = await both(percentile(0.5, { groupBy: ['event_type'] }));
    const a = r.aggregation as GroupedAggregation;
    expect(a.p).toBe(0.5);
    expect(a.groups).toEqual([
      { key: { event_type: 'req' }, value: 50, count: 104 },
      // -1.5, 3, 2^53 + 2: the 2nd of 3 (3 - floor(3 - 1.5) = 2)
      { key: { event_type: 'few' }, value: 3, count: 4 },
      { key: { event_type: 'none' }, value: null, count: 2 },
    ]);
    const top = await both(percentile(1, { groupBy: ['event_type'] }));
    expect((top.aggregation as GroupedAggregation).groups[0]).toEqual({
      key: { event_type: 'few' },
      value: 2 ** 53 + 2,
      count: 4,
    });
  });

  it('on timestamp and sequence numbers as min and max do (epoch ms), on both engines', async () => {
    // A payload condition, so that the mirror takes the queries too.
    const where = [{ field: 'payload.ms', operator: 'gt' as const, value: 10 }];
    const value = async (type: Reduce['type'], field: string, p?: number) => {
      const query = querySchema.parse({
        from: { instance: 'lat' },
        where,
        reduce: { type, field, ...(p === undefined ? {} : { p }) },
      });
      return ((await both(query)).aggregation as PlainAggregation).value;
    };
    for (const field of ['timestamp', 'sequence_number']) {
      expect(await value('percentile', field, 0)).toBe(await value('min', field));
      expect(await value('percentile', field, 1)).toBe(await value('max', field));
      expect(typeof (await value('percentile', field, 0.5))).toBe('number');
    }
  });

  it('refuses a missing, non-number or out-of-range p, and p on other reduces', async () => {
    const refused = async (reduce: Record<string, unknown>) => {
      const res = await service.api.queryEvents({
        query: { from: { instance: 'lat' }, reduce } as never,
      });
      expect(res.success, JSON.stringify(reduce)).toBe(false);
      return res.success ? '' : `${res.code}: ${res.error}`;
    };
    const base = { type: 'percentile', field: 'payload.ms' };
    expect(await refused(base)).toMatch(/^VALIDATION_ERROR: .*reduce\.p.*"percentile" needs p/u);
    for (const p of [1.5, -0.1, '0.5', null, [0.5]]) {
      expect(await refused({ ...base, p })).toMatch(
        /^VALIDATION_ERROR: .*reduce\.p.*must be a number from 0 to 1/u,
      );
    }
    expect(await refused({ type: 'percentile', p: 0.5 })).toMatch(/"percentile" needs a field/u);
    expect(await refused({ type: 'avg', field: 'payload.ms', p: 0.5 })).toMatch(
      /reduce\.p.*"p" applies to percentile, not to "avg"/u,
    );
    expect(await refused({ ...base, p: 0.5, distinct: true })).toMatch(/"distinct" applies/u);
  });
});
