import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Query, WhereNode } from '../../../src-shared/contract/query';
import { querySchema } from '../../../src-shared/contract/query';
import { generateShopEvents } from '../demo/shop-events';
import { Engine } from '../engine';
import { captureSql, planOf } from '../../test-support/sql-capture';
import { tempDir } from '../../test-support/temp-db';
import type { JsonValue } from '../../../src-shared/contract/json-value';
import type { EventRecord } from '../../../src-shared/contract/records';
import { createQueryIndex } from './hot-paths';
import { maxInlineValues } from './where-compiler';

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

/** The plan of the statement that selects the page (or the aggregate), by its SQL shape. */
function plans(query: Omit<Query, 'from'>): string[] {
  const q = querySchema.parse({ from: { instance: 'shop' }, ...query });
  const { statements } = captureSql(engine.db, () => engine.query(q));
  return statements
    .filter(
      (s) =>
        s.text.includes('FROM ev_') &&
        s.text.includes('WHERE') &&
        // Not the fetch of the page's rows by position (select.ts).
        !/WHERE e\.pos IN \(SELECT value FROM json_each/u.test(s.text),
    )
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
    const page = statements.find((s) => s.text.includes('ORDER BY'))!;
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
      expect(long.length, field).toBe(2); // the count and the page
      for (const [i, plan] of long.entries()) {
        expect(plan, field).toMatch(/^SEARCH e /u);
        expect(plan, field).toMatch(index);
        expect(access(plan), field).toBe(access(short[i]!));
      }
    }
  });
});
