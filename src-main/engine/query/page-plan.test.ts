import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventInput } from '../../../src-shared/contract/operations';
import { querySchema, type Query, type WhereNode } from '../../../src-shared/contract/query';
import type { EventRecord } from '../../../src-shared/contract/records';
import { captureSql } from '../../test-support/sql-capture';
import { referenceQuery } from '../../test-support/reference-query';
import { generateShopEvents } from '../../../src-shared/demo/shop-events';
import { Engine } from '../engine';
import { createQueryIndex } from './hot-paths';
import { runQuery } from './run-query';

/**
 * A page read by walking its order (page-plan.ts) holds exactly the rows the reference
 * evaluator puts there, whatever the walk's budget: a walk that fills the page, one that runs
 * out and hands the rest to the planner, one that reaches the end of the order; first pages,
 * offsets and every page after by cursor, with and without the total.
 */
let engine: Engine;
let records: EventRecord[];
const instance = 'walks';
const t0 = Date.UTC(2026, 0, 1);

beforeAll(() => {
  engine = Engine.open(':memory:', { autoIndex: false });
  const row = engine.createInstance(instance);
  const shop = [...generateShopEvents({ count: 3_000, seed: 4, streams: 40, startMs: t0 })];
  // Ties in time (order by time falls back to append order) and events older than those
  // before them (time order is not append order).
  const extra: EventInput[] = shop.slice(0, 400).map((e, i) => ({
    ...e,
    timestamp: t0 + (i % 3) * 86_400_000 + (i % 2 ? 0 : 7),
  }));
  const events: EventInput[] = [...shop.slice(0, 1_500), ...extra, ...shop.slice(1_500)];
  records = [];
  for (let i = 0; i < events.length; i += 1_000)
    records.push(...engine.append(instance, events.slice(i, i + 1_000), false).events);
  records = JSON.parse(JSON.stringify(records)) as EventRecord[];
  // The indexes the advisor makes for such filters, so that the planner sorts their matches.
  createQueryIndex(engine.db, row.ino, [['json', 'payload', '$."user"."country"']]);
  createQueryIndex(engine.db, row.ino, [['json', 'payload', '$."amount"']]);
  createQueryIndex(engine.db, row.ino, [
    ['top', 'tno'],
    ['json', 'payload', '$."user"."tier"'],
  ]);
  engine.db.exec('ANALYZE');
});
afterAll(() => engine.close());

const filters: [string, WhereNode[]][] = [
  ['a frequent value', [{ field: 'payload.user.country', operator: 'eq', value: 'US' }]],
  ['a rare value', [{ field: 'payload.user.country', operator: 'eq', value: 'NL' }]],
  ['a range', [{ field: 'payload.amount', operator: 'gt', value: 300 }]],
  [
    'a type and a path',
    [
      { field: 'event_type', operator: 'eq', value: 'PageViewed' },
      { field: 'payload.user.tier', operator: 'eq', value: 'pro' },
    ],
  ],
  [
    'an or, a not and a time bound',
    [
      {
        or: [
          { field: 'payload.user.country', operator: 'in', value: ['JP', 'BR'] },
          { field: 'payload.amount', operator: 'lt', value: 20 },
        ],
      },
      { not: { field: 'payload.user.tier', operator: 'eq', value: 'free' } },
      { field: 'timestamp', operator: 'gte', value: t0 + 86_400_000 },
    ],
  ],
  ['nothing matches', [{ field: 'payload.user.country', operator: 'eq', value: 'XX' }]],
];

const orders: [string, Pick<Query, 'orderBy' | 'from'>][] = [
  ['newest first', { from: { instance }, orderBy: { field: 'timestamp', direction: 'desc' } }],
  ['oldest first', { from: { instance }, orderBy: { field: 'timestamp' } }],
  ['append order', { from: { instance } }],
  [
    "a stream's newest first",
    {
      from: { instance, stream: 'user-1000' },
      orderBy: { field: 'sequence_number', direction: 'desc' },
    },
  ],
];

/** How often each part of a walk ran over the whole matrix below. */
const ran = new Map<string, number>();

/** Every page of the query by cursor, read with the given walk budget. */
function pages(query: Query, total: number, budget: number | undefined, withTotal: boolean) {
  const events: unknown[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < 1_000; n++) {
    const { result: page, statements } = captureSql(engine.db, () =>
      runQuery(
        engine.db,
        engine.instances,
        querySchema.parse({ ...query, total: withTotal, ...(cursor ? { cursor } : {}) }),
        budget,
      ),
    );
    for (const s of statements) {
      const kind = /^\/\* (walk(?: end| rest)?) \*\//u.exec(s.text)?.[1];
      if (kind) ran.set(kind, (ran.get(kind) ?? 0) + 1);
    }
    events.push(...(page.events ?? []));
    // Exact when given; left out only when not asked for.
    if (withTotal || page.total !== null) expect(page.total).toBe(total);
    if (!page.nextCursor) return events;
    cursor = page.nextCursor;
  }
  throw new Error('more pages than events');
}

describe('pages read by walking their order', () => {
  for (const [filterName, where] of filters) {
    for (const [orderName, order] of orders) {
      it(`${filterName}, ${orderName}: the reference's rows at every budget`, () => {
        const base: Query = { ...order, where, limit: 37 };
        const { events: want = [], total } = referenceQuery(records, { ...base, limit: 10_000 });
        for (const budget of [1, 3, 40, 1_000, undefined]) {
          for (const withTotal of [true, false]) {
            expect(pages(base, total, budget, withTotal)).toEqual(want);
          }
          // An offset on a first page.
          const offset = runQuery(
            engine.db,
            engine.instances,
            querySchema.parse({ ...base, offset: 23, total: false }),
            budget,
          );
          expect(offset.events).toEqual(want.slice(23, 60));
        }
      });
    }
  }

  for (const [filterName, where] of filters.slice(0, 3)) {
    for (const [orderName, order] of orders) {
      it(`${filterName}, ${orderName}: opened at an event, both ways, at every budget`, () => {
        const base: Query = { ...order, where, limit: 37 };
        const { events: want = [] } = referenceQuery(records, { ...base, limit: 10_000 });
        // No event of this stream is in the range: nothing to open the result at.
        if (want.length === 0) return;
        const i = Math.floor(want.length / 2);
        const at = (want[i] as EventRecord).id;
        for (const budget of [1, 40, undefined]) {
          const run = (q: Query) =>
            runQuery(
              engine.db,
              engine.instances,
              querySchema.parse({ ...q, total: false }),
              budget,
            );
          const first = run({ ...base, startAt: at });
          const after = [...(first.events ?? [])];
          for (let next = first.nextCursor; next;) {
            const page = run({ ...base, cursor: next });
            after.push(...(page.events ?? []));
            next = page.nextCursor;
          }
          expect(after).toEqual(want.slice(i));
          const before: unknown[] = [];
          for (let prev = first.prevCursor; prev;) {
            const page = run({ ...base, cursor: prev });
            before.unshift(...(page.events ?? []));
            prev = page.prevCursor;
          }
          expect(before).toEqual(want.slice(0, i));
        }
      });
    }
  }

  it('the matrix above walked, ran out and reached the end of orders', () => {
    expect(ran.get('walk')).toBeGreaterThan(50);
    expect(ran.get('walk rest')).toBeGreaterThan(50);
    expect(ran.get('walk end')).toBeGreaterThan(ran.get('walk rest')!);
  });

  it('walks, runs out and hands the rest to the planner, as the budget says', () => {
    const kinds = (country: string, budget?: number) => {
      const query = querySchema.parse({
        from: { instance },
        where: [{ field: 'payload.user.country', operator: 'eq', value: country }],
        orderBy: { field: 'timestamp', direction: 'desc' },
        limit: 50,
        total: false,
      });
      return captureSql(engine.db, () => runQuery(engine.db, engine.instances, query, budget))
        .statements.map((s) => /^\/\* (walk(?: end| rest)?) \*\//u.exec(s.text)?.[1])
        .filter((k) => k !== undefined);
    };
    // The planner's plan sorts every match here (the index on the country), so the page walks.
    expect(kinds('US')).toEqual(['walk']);
    expect(kinds('US', 5)).toEqual(['walk', 'walk end', 'walk rest']);
    // Nothing matches: the walk reaches the end of the order, nothing is left to the planner.
    expect(kinds('XX', 100_000)).toEqual(['walk', 'walk end']);
  });
});
