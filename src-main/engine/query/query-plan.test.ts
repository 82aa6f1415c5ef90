import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Query, WhereNode } from '../../../src-shared/contract/query';
import { querySchema } from '../../../src-shared/contract/query';
import { generateShopEvents } from '../../../src-shared/demo/shop-events';
import { Engine } from '../engine';
import { captureSql, planOf } from '../../test-support/sql-capture';
import { tempDir } from '../../test-support/temp-db';
import type { JsonValue } from '../../../src-shared/contract/json-value';
import type { EventRecord } from '../../../src-shared/contract/records';
import { createQueryIndex } from './hot-paths';
import { maxInlineValues } from './where-sql';

/**
 * EXPLAIN QUERY PLAN of the statements queries compile to, on realistic (ANALYZEd) data: the
 * stream, event-type, time and id filters use the indexes meant for them.
 */
let engine: Engine;
let cleanup: () => void;
const t0 = Date.UTC(2026, 0, 1);
const span = 30 * 86_400_000;

beforeAll(() => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  engine = Engine.open(`${tmp.dir}/plan.db`, { autoIndex: false });
  engine.createInstance('shop');
  const batch = [
    ...generateShopEvents({ count: 20_000, seed: 3, streams: 200, startMs: t0, spanMs: span }),
  ];
  for (let i = 0; i < batch.length; i += 1_000)
    engine.append('shop', batch.slice(i, i + 1_000), false);
  // A few caller-supplied ids, which have their own index.
  engine.append(
    'shop',
    batch.slice(0, 30).map((e, i) => ({ ...e, id: `given-${i}` })),
    false,
  );
  engine.db.exec('ANALYZE');
});
afterAll(() => {
  engine.close();
  cleanup();
});

/**
 * The planner's plans of the statements that count and select the page (or the aggregate), by
 * their SQL shape. A page the engine reads by walking its order instead (page-plan.ts: when the
 * planner's plan sorts every match) counts here by the plan it looked at and set aside; the
 * walk's own statements are checked by the tests of the walk below.
 */
function plans(query: Omit<Query, 'from'>): string[] {
  const q = querySchema.parse({ from: { instance: 'shop' }, ...query });
  const { statements } = captureSql(engine.db, () => engine.query(q));
  const seen = new Set<string>();
  return statements
    .map((s) => ({ ...s, text: s.text.replace(/^EXPLAIN QUERY PLAN /u, '') }))
    .filter(
      (s) =>
        s.text.includes('FROM ev_') &&
        s.text.includes('WHERE') &&
        !s.text.startsWith('/* walk') &&
        // Not the fetch of the page's rows by position (select.ts).
        !/WHERE e\.pos IN \(SELECT value FROM json_each/u.test(s.text),
    )
    .filter((s) => {
      const id = JSON.stringify(s);
      return !seen.has(id) && seen.add(id) !== undefined;
    })
    .map((s) => planOf(engine.db, s));
}

const ino = () => engine.instances.require('shop').ino;

describe('query plans', () => {
  it('a stream page walks the (seg, sno, seq) index, newest first', () => {
    const p = plans(
      { from: undefined as never, orderBy: { field: 'sequence_number', direction: 'desc' } }.from
        ? {}
        : {},
    );
    void p;
    const page = plans({ orderBy: { field: 'sequence_number', direction: 'desc' }, limit: 100 });
    expect(page.join('\n')).toMatch(/SCAN|SEARCH/u);
    const stream = (() => {
      const q = querySchema.parse({
        from: { instance: 'shop', stream: 'user-1000' },
        orderBy: { field: 'sequence_number', direction: 'desc' },
        limit: 100,
      });
      const { statements } = captureSql(engine.db, () => engine.query(q));
      return statements.filter((s) => s.text.includes('ORDER BY')).map((s) => planOf(engine.db, s));
    })();
    // The stream index is led by the segment (db/event-table.ts): one seek per segment.
    expect(stream[0]).toContain(`USING INDEX ev_${ino()}_stream (seg=? AND sno=?)`);
    expect(stream[0]).not.toContain('TEMP B-TREE');
  });

  it('event type + time range uses the type and time indexes, in order', () => {
    const all = plans({
      where: [
        { field: 'event_type', operator: 'eq', value: 'PageViewed' },
        { field: 'timestamp', operator: 'between', value: [t0 + span * 0.4, t0 + span * 0.5] },
      ],
      orderBy: { field: 'timestamp' },
    });
    expect(all.length).toBeGreaterThanOrEqual(2); // the count and the page
    // There is no (tno, ts) index: it cost 45 more WAL pages per 1,000-event batch than the
    // segment-led (seg, tno) (docs/storage-notes.md). The planner picks the type index or
    // the time index, whichever the statistics favour; never a scan of the table.
    for (const p of all) {
      expect(p).toMatch(
        new RegExp(
          `INDEX ev_${ino()}_(type \\(ANY\\(seg\\) AND tno=\\?\\)|ts \\(ts>\\? AND ts<\\?\\))`,
          'u',
        ),
      );
    }
    expect(all.join('\n')).not.toContain('TEMP B-TREE');
  });

  it('a time range after many payload conditions still seeks the (ts) index', () => {
    // More payload conditions than the planner is shown (where-compiler.ts, plannedText): the
    // short condition on the time column is among those it sees.
    const where: WhereNode[] = Array.from({ length: 60 }, (_, i) => ({
      field: 'payload.amount',
      operator: 'neq',
      value: -1 - i,
    }));
    where.push({ field: 'timestamp', operator: 'between', value: [t0, t0 + span / 100] });
    for (const p of plans({ where }))
      expect(p).toMatch(new RegExp(`INDEX ev_${ino()}_ts \\(ts>\\? AND ts<\\?\\)`, 'u'));
  });

  it('a time range uses the (ts) index; a keyset cursor seeks into it', () => {
    const q = querySchema.parse({
      from: { instance: 'shop' },
      where: [
        { field: 'timestamp', operator: 'gte', value: new Date(t0 + span / 2).toISOString() },
      ],
      orderBy: { field: 'timestamp' },
      limit: 50,
    });
    const first = engine.query(q);
    const { statements } = captureSql(engine.db, () =>
      engine.query({ ...q, cursor: first.nextCursor! }),
    );
    const page = statements.find(
      (s) => s.text.includes('ORDER BY') && !s.text.startsWith('EXPLAIN'),
    )!;
    expect(planOf(engine.db, page)).toMatch(new RegExp(`INDEX ev_${ino()}_ts \\(ts>\\?`, 'u'));
    expect(planOf(engine.db, page)).not.toContain('TEMP B-TREE');
  });

  it('a generated id is a rowid lookup; count by type reads type_counts', () => {
    const one = engine.query(
      querySchema.parse({ from: { instance: 'shop' }, limit: 1, offset: 777 }),
    );
    const id = (one.events![0] as { id: string }).id;
    expect(plans({ where: [{ field: 'id', operator: 'eq', value: id }] }).join('\n')).toContain(
      'INTEGER PRIMARY KEY (rowid=?)',
    );
    const q = querySchema.parse({
      from: { instance: 'shop' },
      reduce: { type: 'count', groupBy: ['event_type'] },
    });
    const { statements } = captureSql(engine.db, () => engine.query(q));
    expect(statements.some((s) => s.text.includes('FROM type_counts'))).toBe(true);
    expect(statements.some((s) => s.text.includes('FROM ev_'))).toBe(false);
  });

  it('an indexed payload path answers a group-by from its covering index', () => {
    const query = {
      reduce: { type: 'avg' as const, field: 'payload.amount', groupBy: ['event_type'] },
    };
    const before = engine.query(querySchema.parse({ from: { instance: 'shop' }, ...query }));
    expect(plans(query).join('\n')).not.toContain('COVERING INDEX');
    createQueryIndex(engine.db, ino(), [
      ['top', 'tno'],
      ['json', 'payload', '$."amount"'],
    ]);
    const plan = plans(query).join('\n');
    expect(plan, plan).toContain(`COVERING INDEX ev_${ino()}_q1`);
    const after = engine.query(querySchema.parse({ from: { instance: 'shop' }, ...query }));
    expect(after.aggregation).toEqual(before.aggregation);
  });

  it('a long in list, bound as one JSON array or written as numbers, uses the index a short one does', () => {
    const { name: countryIndex } = createQueryIndex(engine.db, ino(), [
      ['json', 'payload', '$."user"."country"'],
    ])!;
    const sample = engine.query(
      querySchema.parse({ from: { instance: 'shop' }, limit: 40, offset: 500 }),
    ).events as EventRecord[];
    const lists: [string, JsonValue[], RegExp][] = [
      [
        'stream_id',
        [...new Set(sample.map((e) => e.stream_id))],
        /INDEX ev_\d+_stream \(ANY\(seg\) AND sno=\?\)/u,
      ],
      [
        'event_type',
        ['OrderPlaced', 'PaymentAuthorized', 'OrderShipped', 'OrderDelivered', 'PaymentFailed']
          .concat(['CouponApplied', 'RefundRequested', 'RefundIssued', 'PriceChanged'])
          .concat(['AddressChanged', 'PasswordReset']),
        /INDEX ev_\d+_\w+ \((ANY\(seg\) AND )?tno=\?\)/u, // the type index, or one led by tno
      ],
      ['timestamp', sample.map((e) => e.timestamp), /INDEX ev_\d+_ts /u],
      ['id', sample.map((e) => e.id), /INTEGER PRIMARY KEY \(rowid=\?\)/u],
      ['id', Array.from({ length: 20 }, (_, i) => `given-${i}`), /INDEX ev_\d+_id /u],
      [
        'payload.user.country',
        ['DE', 'US', 'FR', 'JP', 'BR', 'IN', 'GB', 'NL', 'ES', 'CA', 'XX', 'YY'],
        new RegExp(`INDEX ${countryIndex} `, 'u'),
      ],
    ];
    const access = (plan: string) => plan.split(' | ')[0]!;
    for (const [field, values, index] of lists) {
      expect(values.length, field).toBeGreaterThan(maxInlineValues);
      const short = plans({ where: [{ field, operator: 'in', value: values.slice(0, 3) }] });
      const long = plans({ where: [{ field, operator: 'in', value: values }] });
      // The count and the page; the count of a choice of event types reads type_counts.
      expect(long.length, field).toBe(field === 'event_type' ? 1 : 2);
      for (const [i, plan] of long.entries()) {
        expect(plan, field).toMatch(/^SEARCH e /u);
        expect(plan, field).toMatch(index);
        expect(access(plan), field).toBe(access(short[i]!));
      }
    }
  });
});

/**
 * Pages stay in proportion to the page (page-plan.ts): a filtered page in time, append or
 * stream order reads its rows in that order and stops after the page, with or without an
 * index made on demand for its filter. Without the walk, an index on the filtered path made
 * the planner read every match and sort them (issue 21: 740 ms at 5M events).
 */
describe('page plans, with and without indexes made on demand', () => {
  const instance = 'pages';
  const pino = () => engine.instances.require(instance).ino;
  const country = (value: string): WhereNode => ({
    field: 'payload.user.country',
    operator: 'eq',
    value,
  });
  const newest = { field: 'timestamp', direction: 'desc' } as const;

  beforeAll(() => {
    engine.createInstance(instance);
    const events = [
      ...generateShopEvents({ count: 20_000, seed: 11, streams: 200, startMs: t0, spanMs: span }),
    ];
    for (let i = 0; i < events.length; i += 2_000)
      engine.append(instance, events.slice(i, i + 2_000), false);
    engine.db.exec('ANALYZE');
  });

  /** The statements a page query ran, each with its plan, and the result. */
  function run(query: Omit<Query, 'from'>, from: Query['from'] = { instance }) {
    const q = querySchema.parse({ from, ...query });
    const { statements, result } = captureSql(engine.db, () => engine.query(q));
    const ran = statements
      .filter((s) => s.text.includes(`FROM ev_${pino()} e`) && s.text.includes('ORDER BY'))
      .map((s) => ({
        text: s.text,
        plan: s.text.startsWith('EXPLAIN')
          ? (engine.db.prepare(s.text).all(...s.params) as { detail: string }[])
              .map((r) => r.detail)
              .join(' | ')
          : planOf(engine.db, s),
      }));
    const counts = statements.filter(
      (s) => s.text.startsWith('SELECT count(*)') && s.text.includes(`FROM ev_${pino()} e`),
    );
    return { ran, result, counted: counts.length > 0, counts };
  }
  /** The plans of the statements that read rows (not the engine's EXPLAIN of a plan). */
  const reads = (r: ReturnType<typeof run>) =>
    r.ran.filter((s) => !s.text.startsWith('EXPLAIN')).map((s) => s.plan);
  const ts = () => `ev_${pino()}_ts`;

  it('a payload filter, newest first: the time index, before and after its index exists', () => {
    const query = { where: [country('US')], orderBy: newest, limit: 200 };
    const before = run(query);
    expect(reads(before)).toEqual([
      expect.stringMatching(new RegExp(`^SCAN e USING INDEX ${ts()}$`, 'u')),
    ]);

    const { name } = createQueryIndex(engine.db, pino(), [
      ['json', 'payload', '$."user"."country"'],
    ])!;
    engine.db.exec(`ANALYZE ${name}`);
    const after = run(query);
    // The planner's own plan takes the new index and sorts every match ...
    const planned = after.ran.find((s) => s.text.startsWith('EXPLAIN'))!;
    expect(planned.plan).toContain(`INDEX ${name} (<expr>=?)`);
    expect(planned.plan).toContain('USE TEMP B-TREE FOR ORDER BY');
    // ... so the page walks the time index instead, and stops after the page.
    expect(reads(after)).toEqual([
      `CO-ROUTINE (subquery-1) | SCAN e USING INDEX ${ts()} | SCAN (subquery-1)`,
    ]);
    expect(after.ran.some((s) => s.text.startsWith('/* walk */'))).toBe(true);
    expect(after.result.events).toEqual(before.result.events);
    expect(after.result.total).toBe(before.result.total);

    // The page alone (`total: false`): no count over the events at all.
    const pageOnly = run({ ...query, total: false });
    expect(pageOnly.counted).toBe(false);
    expect(pageOnly.result.total).toBeNull();
    expect(pageOnly.result.events).toEqual(before.result.events);
    // The next page by cursor seeks into the time index at the cursor.
    const next = run({ ...query, total: false, cursor: pageOnly.result.nextCursor! });
    for (const p of reads(next)) {
      expect(p).toContain(`INDEX ${ts()} (ts<?)`);
      expect(p).not.toContain('TEMP B-TREE');
    }
    const whole = run({ ...query, limit: 400 });
    expect([...pageOnly.result.events!, ...next.result.events!]).toEqual(whole.result.events);
    expect(run({ ...query, limit: 0 }).result.total).toBe(before.result.total);
  });

  // An index on the path holds positions in order within a value: a guard.
  it('a payload filter in append order reads the index in position order, unsorted', () => {
    const plans = reads(run({ where: [country('DE')], limit: 200 }));
    expect(plans.length).toBeGreaterThan(0);
    for (const p of plans) expect(p).not.toContain('TEMP B-TREE');
  });

  it('an event type, newest first: the time index, its total from type_counts', () => {
    const query = {
      where: [{ field: 'event_type', operator: 'eq' as const, value: 'PageViewed' }],
      orderBy: newest,
      limit: 200,
    };
    createQueryIndex(engine.db, pino(), [
      ['top', 'tno'],
      ['json', 'payload', '$."user"."country"'],
    ]);
    engine.db.exec('ANALYZE');
    const r = run(query);
    expect(r.counted).toBe(false); // type_counts
    for (const p of reads(r)) {
      expect(p).toContain(`INDEX ${ts()}`);
      expect(p).not.toContain('TEMP B-TREE');
    }
    expect(r.result.total).toBe(
      engine.query({
        from: { instance },
        where: [...query.where, { field: 'sequence_number', operator: 'gte', value: 1 }],
        limit: 0,
      }).total,
    );
  });

  // The planner keeps to the stream index here even with an index on (stream, path): a guard.
  it('a stream, newest first, with a payload filter: the stream index', () => {
    const stream = 'user-1000';
    createQueryIndex(engine.db, pino(), [
      ['top', 'sno'],
      ['json', 'payload', '$."user"."tier"'],
    ]);
    engine.db.exec('ANALYZE');
    const query = {
      where: [{ field: 'payload.user.tier', operator: 'eq' as const, value: 'pro' }],
      orderBy: { field: 'sequence_number', direction: 'desc' as const },
      limit: 100,
    };
    const r = run(query, { instance, stream });
    for (const p of reads(r)) {
      expect(p).toContain(`INDEX ev_${pino()}_stream`);
      expect(p).not.toContain('TEMP B-TREE');
    }
    expect(r.result.events!.length).toBe(100);
  });

  it('a time window and a type, in time order: the total from hour_counts, the page from the time index', () => {
    const r = run({
      where: [
        { field: 'event_type', operator: 'eq', value: 'PageViewed' },
        { field: 'timestamp', operator: 'between', value: [t0 + span * 0.45, t0 + span * 0.55] },
      ],
      orderBy: { field: 'timestamp' },
      limit: 100,
    });
    // Only events of the window's edge hours are counted (here the last ms: `between` is
    // inclusive), by the time index; its whole hours come from hour_counts.
    expect(r.counts.length).toBeGreaterThan(0);
    for (const c of r.counts) {
      expect(c.text).toMatch(
        /^SELECT count\(\*\) FROM ev_\d+ e\s+WHERE e\.ts >= \? AND e\.ts < \?/u,
      );
      const [from, to] = c.params as number[];
      expect(to! - from!).toBeLessThanOrEqual(3_600_000);
      expect(planOf(engine.db, c)).toMatch(
        new RegExp(`INDEX ${ts()} \\(ts>\\? AND ts<\\?\\)`, 'u'),
      );
    }
    for (const p of reads(r)) expect(p).not.toContain('TEMP B-TREE');
  });
});
