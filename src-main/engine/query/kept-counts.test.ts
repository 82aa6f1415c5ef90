import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventInput } from '../../../src-shared/contract/operations';
import { querySchema, type GroupKey, type WhereNode } from '../../../src-shared/contract/query';
import { generateShopEvents } from '../../../src-shared/demo/shop-events';
import { Engine } from '../engine';
import { captureSql } from '../../test-support/sql-capture';
import { tempDir } from '../../test-support/temp-db';
import { countsKept } from './kept-total';

/**
 * Grouped counts of a whole instance read from what append keeps (type_counts, streams,
 * hour_counts) must equal the same counts over the events: each query runs twice, once as
 * is and once with a filter every event matches, which makes the engine group the events.
 */
let engine: Engine;
let file: string;
let cleanup: () => void;
const hour = 3_600_000;
const t0 = Date.UTC(2026, 0, 1);

/**
 * Events on both sides of 1970 and of hour, day and (Monday) week boundaries, and on and
 * beside every bound of the time ranges below (a bound one ms off shows).
 */
function awkwardEvents(): EventInput[] {
  const at = [
    -1,
    0,
    1,
    -hour,
    -hour - 1,
    hour - 1,
    hour,
    -7 * 86_400_000 - 5,
    4 * 86_400_000 - 1,
    4 * 86_400_000,
    t0 - 1,
    t0,
    t0 + 90 * 60_000,
    ...[
      t0 + 5.5 * hour + 123,
      t0 + 3 * 86_400_000 + 17 * 60_000,
      t0 + 3 * 86_400_000,
      t0 + 2 * hour,
      t0 + 30 * hour,
      t0 + 1001,
      t0 + 50 * hour,
      t0 + 10 * 86_400_000,
      t0 + 10 * 86_400_000 + 1,
      -2 * hour - 5,
      2 * hour + 7,
    ].flatMap((t) => [t - 1, t, t + 1]),
  ];
  return at.map((ts, i) => ({
    stream_id: `edge-${i % 3}`,
    event_type: i % 2 ? 'Odd' : 'Even',
    timestamp: new Date(ts).toISOString(),
  }));
}

beforeAll(() => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  file = `${tmp.dir}/kept.db`;
  engine = Engine.open(file, { autoIndex: false });
  engine.createInstance('shop');
  engine.createInstance('other');
  const shop = [
    ...generateShopEvents({
      count: 6_000,
      seed: 5,
      streams: 120,
      startMs: t0,
      spanMs: 20 * 86_400_000,
    }),
  ];
  // Every other event first, then the rest, in batches: most (hour, type) counts are then
  // added to by several appends.
  const halves = [shop.filter((_, i) => i % 2 === 0), shop.filter((_, i) => i % 2 === 1)];
  for (const half of halves)
    for (let i = 0; i < half.length; i += 700) engine.append('shop', half.slice(i, i + 700), false);
  engine.append('shop', awkwardEvents(), false);
  engine.append('other', awkwardEvents().slice(0, 4), false);
});
afterAll(() => {
  engine.close();
  cleanup();
});

const everything = { field: 'timestamp', operator: 'gte', value: '1900-01-01T00:00:00Z' } as const;

function grouped(groupBy: GroupKey[], filtered: boolean) {
  const q = querySchema.parse({
    from: { instance: 'shop' },
    ...(filtered ? { where: [everything] } : {}),
    reduce: { type: 'count', groupBy },
    limit: 10_000,
  });
  const { result, statements } = captureSql(engine.db, () => engine.query(q));
  const readEvents = statements.some((s) => /FROM ev_\d+ e\b/u.test(s.text));
  return { result: { aggregation: result.aggregation, total: result.total }, readEvents };
}

describe('counts kept on append', () => {
  const kept: [string, GroupKey[]][] = [
    ['1h buckets', [{ field: 'timestamp', interval: '1h' }]],
    ['6h buckets by type', [{ field: 'timestamp', interval: '6h' }, 'event_type']],
    ['type, then 1d buckets', ['event_type', { field: 'timestamp', interval: '1d' }]],
    ['1w buckets (from Mondays)', [{ field: 'timestamp', interval: '1w' }]],
    ['3h buckets', [{ field: 'timestamp', interval: '3h' }]],
    ['2d buckets by type', [{ field: 'timestamp', interval: '2d' }, 'event_type']],
    ['event type', ['event_type']],
    ['stream', ['stream_id']],
  ];
  it.each(kept)('%s: read without the events, equal to grouping the events', (_, groupBy) => {
    const fast = grouped(groupBy, false);
    const scanned = grouped(groupBy, true);
    expect(fast.readEvents).toBe(false);
    expect(scanned.readEvents).toBe(true);
    expect(fast.result).toEqual(scanned.result);
    expect(fast.result.total).toBe(6_000 + awkwardEvents().length);
  });

  const scannedOnly: [string, GroupKey[]][] = [
    ['30m buckets', [{ field: 'timestamp', interval: '30m' }]],
    ['90m buckets', [{ field: 'timestamp', interval: '90m' }]],
    ['1h buckets by stream', [{ field: 'timestamp', interval: '1h' }, 'stream_id']],
  ];
  it.each(scannedOnly)('%s: not kept, so the events are grouped', (_, groupBy) => {
    const answer = grouped(groupBy, false);
    expect(answer.readEvents).toBe(true);
    expect(answer.result).toEqual(grouped(groupBy, true).result);
  });

  /** The query under `where`, then with a condition every event meets that is not on time. */
  function underTime(groupBy: GroupKey[], where: WhereNode[]) {
    const run = (w: WhereNode[]) => {
      const q = querySchema.parse({
        from: { instance: 'shop' },
        where: w,
        reduce: { type: 'count', groupBy },
        limit: 10_000,
      });
      const { result, statements } = captureSql(engine.db, () => engine.query(q));
      return {
        result: { aggregation: result.aggregation, total: result.total },
        hours: statements.some((s) => s.text.includes('FROM hour_counts')),
      };
    };
    const notTime = { field: 'event_type', operator: 'neq', value: 'NoSuchType' } as const;
    return { kept: run(where), scanned: run([...where, notTime]) };
  }

  const hour6ByType: GroupKey[] = [{ field: 'timestamp', interval: '6h' }, 'event_type'];
  const iso = (ms: number) => new Date(ms).toISOString();
  const spans: [string, GroupKey[], WhereNode[], boolean][] = [
    [
      'a range with ragged edges',
      hour6ByType,
      [
        {
          field: 'timestamp',
          operator: 'between',
          value: [t0 + 5.5 * hour + 123, t0 + 3 * 86_400_000 + 17 * 60_000],
        },
      ],
      true,
    ],
    [
      'whole-hour bounds, as ISO text',
      [{ field: 'timestamp', interval: '1h' }],
      [
        { field: 'timestamp', operator: 'gte', value: iso(t0 + 2 * hour) },
        { field: 'timestamp', operator: 'lt', value: iso(t0 + 30 * hour) },
      ],
      true,
    ],
    [
      'fractional gt and lte',
      ['event_type', { field: 'timestamp', interval: '1d' }],
      [
        { field: 'timestamp', operator: 'gt', value: t0 + 1000.5 },
        { field: 'timestamp', operator: 'lte', value: t0 + 50 * hour + 0.25 },
      ],
      true,
    ],
    [
      'integer gt and fractional lt',
      [{ field: 'timestamp', interval: '1h' }],
      [
        { field: 'timestamp', operator: 'gt', value: t0 + 2 * hour },
        { field: 'timestamp', operator: 'lt', value: t0 + 30 * hour + 0.5 },
      ],
      true,
    ],
    [
      'across 1970',
      [{ field: 'timestamp', interval: '1h' }, 'event_type'],
      [{ field: 'timestamp', operator: 'between', value: [-2 * hour - 5, 2 * hour + 7] }],
      true,
    ],
    [
      'an open start',
      hour6ByType,
      [{ field: 'timestamp', operator: 'lt', value: t0 + 10 * 86_400_000 + 1 }],
      true,
    ],
    [
      'an open end',
      [{ field: 'timestamp', interval: '1w' }],
      [{ field: 'timestamp', operator: 'gte', value: -hour - 1 }],
      true,
    ],
    [
      'within one hour: the events',
      [{ field: 'timestamp', interval: '1h' }],
      [{ field: 'timestamp', operator: 'between', value: [t0 + 10 * 60_000, t0 + 50 * 60_000] }],
      false,
    ],
    [
      'bounds the wrong way round: nothing',
      hour6ByType,
      [{ field: 'timestamp', operator: 'between', value: [t0 + 9 * hour, t0 + 2 * hour] }],
      false,
    ],
  ];
  it.each(spans)(
    'under a time range, %s: equal to grouping the events',
    (_, groupBy, where, hours) => {
      const { kept, scanned } = underTime(groupBy, where);
      expect(kept.hours).toBe(hours);
      expect(scanned.hours).toBe(false);
      expect(kept.result).toEqual(scanned.result);
    },
  );

  it('a time range with another condition, or 30m buckets, groups the events', () => {
    const range: WhereNode = { field: 'timestamp', operator: 'gte', value: t0 };
    expect(underTime([{ field: 'timestamp', interval: '30m' }], [range]).kept.hours).toBe(false);
    const or: WhereNode = { or: [range, { field: 'event_type', operator: 'eq', value: 'Odd' }] };
    const either = underTime(hour6ByType, [or]);
    expect(either.kept.hours).toBe(false);
    expect(either.kept.result).toEqual(either.scanned.result);
  });

  /** A page's total under `where`, then with a condition every event meets that is not kept. */
  function pageTotals(where: WhereNode[]) {
    const run = (w: WhereNode[]) => {
      const q = querySchema.parse({ from: { instance: 'shop' }, where: w, limit: 0 });
      const { result, statements } = captureSql(engine.db, () => engine.query(q));
      const scanned = statements.filter((s) => /FROM ev_\d+ e\b/u.test(s.text));
      return { total: result.total, scanned };
    };
    const notKept = { field: 'sequence_number', operator: 'gte', value: 1 } as const;
    return { kept: run(where), scanned: run([...where, notKept]) };
  }

  const typeChoices: [string, WhereNode[]][] = [
    ['no type', []],
    ['one type', [{ field: 'event_type', operator: 'eq', value: 'Odd' }]],
    ['two types', [{ field: 'event_type', operator: 'in', value: ['Even', 'PageViewed', 7] }]],
    [
      'two choices that meet in one type',
      [
        { field: 'event_type', operator: 'in', value: ['Even', 'PageViewed'] },
        { field: 'event_type', operator: 'in', value: ['PageViewed', 'Odd'] },
      ],
    ],
    ['an unknown type', [{ field: 'event_type', operator: 'eq', value: 'NoSuchType' }]],
    ['eq null', [{ field: 'event_type', operator: 'eq', value: null }]],
  ];
  it.each(typeChoices)(
    "a page's total of %s under every time range: from the kept counts, exact",
    (_, types) => {
      for (const [, , range] of [...spans, ['no range', [], [], false] as const]) {
        const where = [...types, ...range];
        if (where.length === 0) continue;
        const { kept, scanned } = pageTotals(where);
        expect(kept.total, JSON.stringify(where)).toBe(scanned.total);
        // The events read at most the edge hours of a range (by the time index), never all.
        for (const s of kept.scanned) {
          expect(s.text).toMatch(/WHERE e\.ts >= \? AND e\.ts < \?/u);
          const [from, to] = s.params as number[];
          expect(to! - from!).toBeLessThanOrEqual(2 * hour);
        }
        expect(scanned.scanned.length).toBeGreaterThan(0);
      }
    },
  );

  it('a time range with a condition that is not a type counts the events', () => {
    const { kept } = pageTotals([
      { field: 'timestamp', operator: 'gte', value: t0 },
      { field: 'payload.amount', operator: 'gt', value: 5 },
    ]);
    expect(kept.scanned.some((s) => s.text.includes('payload'))).toBe(true);
  });

  it('a migrated file counts the events it already holds, and deleting an instance drops them', () => {
    const rows = () =>
      engine.db.prepare('SELECT ino, tno, hour, n FROM hour_counts ORDER BY 1, 2, 3').all();
    const before = rows();
    expect(before.length).toBeGreaterThan(480);
    engine.close();
    // As a file of schema version 3 would be: no hour_counts at all (nor text indexes, nor
    // live sources, nor stream sort keys, nor opened files).
    const raw = new Database(file);
    raw.exec(
      'DROP TABLE hour_counts; DROP TABLE text_marks; DROP TABLE text_unindexed; ' +
        'DROP TABLE follow_files; DROP TABLE follow_sources; DROP TABLE opened_files; ' +
        'DROP INDEX streams_by_sort_key; ALTER TABLE streams DROP COLUMN sort_key',
    );
    for (const t of raw
      .prepare<[], string>(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name GLOB 'tx_[0-9]*' AND sql LIKE 'CREATE VIRTUAL%'",
      )
      .pluck()
      .all())
      raw.exec(`DROP TABLE ${t}`);
    raw.pragma('user_version = 3');
    raw.close();
    engine = Engine.open(file, { autoIndex: false });
    expect(rows()).toEqual(before);

    const other = engine.instances.require('other').ino;
    engine.deleteInstance('other');
    expect(rows()).toEqual(before.filter((r) => (r as { ino: number }).ino !== other));
  });
});

describe('countsKept: which totals the query pool may count in the lane of reads', () => {
  const shop = { instance: 'shop' };
  const type = { field: 'event_type', operator: 'eq', value: 'PageViewed' } as const;
  const since = { field: 'timestamp', operator: 'gte', value: '2026-01-02T00:00:00Z' } as const;
  const payload = { field: 'payload.amount', operator: 'gt', value: 5 } as const;

  it('a whole instance or stream, types and time bounds: from the kept counts', () => {
    expect(countsKept({ from: shop, limit: 0 })).toBe(true);
    expect(countsKept({ from: { ...shop, stream: 'user-1' }, limit: 0 })).toBe(true);
    expect(countsKept({ from: shop, where: [type, since], limit: 0 })).toBe(true);
  });

  it('a payload condition, a stream with a filter, or an aggregation: counted over events', () => {
    expect(countsKept({ from: shop, where: [type, payload], limit: 0 })).toBe(false);
    expect(countsKept({ from: { ...shop, stream: 'user-1' }, where: [type], limit: 0 })).toBe(
      false,
    );
    expect(countsKept({ from: shop, reduce: { type: 'count' }, limit: 0 })).toBe(false);
    expect(countsKept({ from: shop, where: [{ or: [type, since] }], limit: 0 })).toBe(false);
  });
});
