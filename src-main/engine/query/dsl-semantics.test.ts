import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Query } from '../../../src-shared/contract/query';
import type {
  EventRecord,
  GroupedAggregation,
  PlainAggregation,
} from '../../../src-shared/contract/records';
import type { EventLogService } from '../service';
import { memoryService } from '../../test-support/temp-db';
import type { Engine } from '../engine';

/**
 * The typed semantics of docs/query-dsl.md, pinned by hand on small data (the differential
 * test covers the combinations; these say the rules out loud).
 */
let engine: Engine;
let service: EventLogService;
const t0 = Date.UTC(2026, 0, 1);

beforeAll(() => {
  ({ engine, service } = memoryService('s'));
  engine.append(
    's',
    [
      {
        stream_id: 'a',
        event_type: 'x',
        timestamp: t0,
        payload: { v: 5, tag: '50%', big: 2 ** 60 },
      },
      { stream_id: 'a', event_type: 'x', timestamp: t0 + 1000, payload: { v: '5', tag: '50_' } },
      { stream_id: 'b', event_type: 'y', timestamp: t0 + 2000, payload: { v: true, tag: 'a\\b' } },
      { stream_id: 'b', event_type: 'y', timestamp: t0 + 3000, payload: { v: 1, tag: 'Ärger' } },
      {
        stream_id: 'b',
        event_type: 'x',
        timestamp: t0 + 4000,
        payload: { v: null, 'id.orig_h': '10.0.0.1' },
      },
      { stream_id: 'c', event_type: 'y', timestamp: t0 + 5000, payload: { nested: { v: [1, 2] } } },
    ],
    false,
  );
});
afterAll(() => engine.close());

async function q(query: Omit<Query, 'from'> & { from?: Query['from'] }) {
  const res = await service.api.queryEvents({
    query: { from: { instance: 's' }, ...query },
  });
  if (!res.success) throw new Error(`${res.code}: ${res.error}`);
  return res.data.result;
}
async function fails(query: Record<string, unknown>) {
  const res = await service.api.queryEvents({
    query: { from: { instance: 's' }, ...query },
  });
  if (res.success) throw new Error('expected a failure');
  return res;
}
const vs = (events: unknown[] | undefined) =>
  (events ?? []).map((e) => (e as EventRecord).payload.tag ?? null);
const where = (field: string, operator: string, value?: unknown) =>
  q({ where: [{ field, operator, value } as never], orderBy: undefined });

describe('typed comparisons', () => {
  it('5, "5", true and 1 are four different values', async () => {
    expect(vs((await where('v', 'eq', 5)).events)).toEqual(['50%']);
    expect(vs((await where('v', 'eq', '5')).events)).toEqual(['50_']);
    expect(vs((await where('v', 'eq', true)).events)).toEqual(['a\\b']);
    expect(vs((await where('v', 'eq', 1)).events)).toEqual(['Ärger']);
    expect((await where('v', 'gt', 0)).total).toBe(2); // numbers only
    expect((await where('v', 'gte', '')).total).toBe(1); // strings only
  });

  it('eq null matches missing and null; neq and nin match missing', async () => {
    expect((await where('v', 'eq', null)).total).toBe(2);
    expect((await where('v', 'exists', false)).total).toBe(2);
    expect((await where('v', 'neq', 5)).total).toBe(5);
    expect((await where('v', 'nin', [5, '5'])).total).toBe(4);
    expect((await q({ where: [{ not: { field: 'v', operator: 'gt', value: 2 } }] })).total).toBe(5);
  });

  it('contains and startsWith take % _ \\ literally and are case-sensitive', async () => {
    expect(vs((await where('tag', 'contains', '%')).events)).toEqual(['50%']);
    expect(vs((await where('tag', 'contains', '_')).events)).toEqual(['50_']);
    expect(vs((await where('tag', 'contains', '\\')).events)).toEqual(['a\\b']);
    expect((await where('tag', 'contains', 'ä')).total).toBe(0);
    expect(vs((await where('tag', 'startsWith', 'Är')).events)).toEqual(['Ärger']);
    expect((await where('tag', 'startsWith', '5')).total).toBe(2);
  });

  it('integers beyond 2^53 compare as the double JavaScript holds; timestamps as instants', async () => {
    expect((await where('big', 'eq', 2 ** 60)).total).toBe(1);
    expect((await where('timestamp', 'eq', new Date(t0 + 1000).toISOString())).total).toBe(1);
    expect((await where('timestamp', 'between', [t0 + 1000, '2026-01-01T00:00:03Z'])).total).toBe(
      3,
    );
    expect((await where('payload["id.orig_h"]', 'startsWith', '10.0.')).total).toBe(1);
  });
});

describe('order, select, paging', () => {
  it('orders missing/null first, numbers before strings, ties by append order', async () => {
    const r = await q({ orderBy: { field: 'v' } });
    expect(
      r.events!.map((e) =>
        'v' in (e as EventRecord).payload ? (e as EventRecord).payload.v : 'missing',
      ),
    ).toEqual([null, 'missing', 1, 5, '5', true]);
    const d = await q({ orderBy: { field: 'v', direction: 'desc' } });
    expect(
      d.events!.map((e) =>
        'v' in (e as EventRecord).payload ? (e as EventRecord).payload.v : 'missing',
      ),
    ).toEqual([true, '5', 5, 1, 'missing', null]);
  });

  it('select nests paths, leaves out missing ones and keeps ancestors whole', async () => {
    const r = await q({
      select: ['eventType', 'payload.nested.v[1]', 'payload.tag'],
      where: [{ field: 'stream_id', operator: 'eq', value: 'c' }],
    });
    expect(r.events).toEqual([{ event_type: 'y', payload: { nested: { v: [null, 2] } } }]);
    const w = await q({
      select: ['payload.nested.v', 'payload.nested'],
      where: [{ field: 'stream_id', operator: 'eq', value: 'c' }],
    });
    expect(w.events).toEqual([{ payload: { nested: { v: [1, 2] } } }]);
  });

  it('pages by cursor with an exact total; cursors of other queries are refused', async () => {
    const first = await q({ limit: 4 });
    expect(first.total).toBe(6);
    const second = await q({ limit: 4, cursor: first.nextCursor! });
    expect(second.events).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const skipping = await q({ limit: 1, offset: 1, cursor: first.nextCursor! });
    expect(skipping.events).toEqual(second.events!.slice(1));
    const other = await fails({
      where: [{ field: 'v', operator: 'exists', value: true }],
      cursor: first.nextCursor,
    });
    expect(other).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(other.error).toMatch(/^query\.cursor: .*another query/u);
    const forged = first.nextCursor!.replace(/^./u, (c) => (c === 'e' ? 'f' : 'e'));
    expect(await fails({ limit: 4, cursor: forged })).toMatchObject({ code: 'VALIDATION_ERROR' });
  });
});

describe('aggregation', () => {
  it('sums numbers only; avg/min/max null without numbers; count of a field skips null', async () => {
    expect(
      ((await q({ reduce: { type: 'sum', field: 'v' } })).aggregation as PlainAggregation).value,
    ).toBe(6);
    expect(
      ((await q({ reduce: { type: 'avg', field: 'tag' } })).aggregation as PlainAggregation).value,
    ).toBeNull();
    expect(
      ((await q({ reduce: { type: 'count', field: 'v' } })).aggregation as PlainAggregation).value,
    ).toBe(4);
    const c = (await q({ reduce: { type: 'collect', field: 'v' }, limit: 2 }))
      .aggregation as PlainAggregation;
    expect(c).toEqual({ type: 'collect', field: 'v', value: [5, '5'], valueCount: 4 });
  });

  it('groups by several keys and time buckets, pages groups, counts them exactly', async () => {
    const g = (
      await q({ reduce: { type: 'count', groupBy: ['stream_id', 'event_type'] }, limit: 2 })
    ).aggregation as GroupedAggregation;
    expect(g.groupCount).toBe(4);
    expect(g.groups).toEqual([
      { key: { stream_id: 'a', event_type: 'x' }, value: 2, count: 2 },
      { key: { stream_id: 'b', event_type: 'y' }, value: 2, count: 2 },
    ]);
    const t = (
      await q({ reduce: { type: 'count', groupBy: [{ field: 'timestamp', interval: '2s' }] } })
    ).aggregation as GroupedAggregation;
    expect(t.groups.map((x) => [x.key.timestamp, x.count])).toEqual([
      ['2026-01-01T00:00:00.000Z', 2],
      ['2026-01-01T00:00:02.000Z', 2],
      ['2026-01-01T00:00:04.000Z', 2],
    ]);
  });
});

describe('validation', () => {
  it('names the offending input by path', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        {
          where: [
            { field: 'a', operator: 'exists', value: true },
            { or: [] },
            { field: 'a', operator: 'like', value: 1 },
          ],
        },
        /^query\.where\[2\]\.operator: unknown operator "like"/u,
      ],
      [{ limit: 10_001 }, /^query\.limit: must be at most 10,000/u],
      [
        { where: [{ field: 'timestamp', operator: 'contains', value: '2026' }] },
        /^query\.where\[0\]\.operator: "contains" does not apply to timestamp/u,
      ],
      [
        { reduce: { type: 'count', groupBy: [{ field: 'payload.t', interval: '1h' }] } },
        /^query\.reduce\.groupBy\[0\]\.field: time buckets apply to the timestamp field only/u,
      ],
      [
        { reduce: { type: 'sum', field: 'v', distinct: true } },
        /^query\.reduce\.distinct: "distinct" applies to count and collect/u,
      ],
      [
        { reduce: { type: 'count' }, select: ['v'] },
        /^query\.select: select does not apply to an aggregation/u,
      ],
      [
        { where: [{ field: 'payload.a..b', operator: 'exists', value: true }] },
        /^query\.where\[0\]\.field: empty key/u,
      ],
      [
        { orderBy: { field: 'timestamp.x' } },
        /^query\.orderBy\.field: "timestamp" is a top-level field/u,
      ],
    ];
    for (const [query, message] of cases) {
      const res = await fails(query);
      expect(res.code).toBe('VALIDATION_ERROR');
      expect(res.error).toMatch(message);
    }
  });
});
