import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventInput } from '../../../src-shared/contract/operations';
import type { Query } from '../../../src-shared/contract/query';
import type { EventRecord, QueryResult } from '../../../src-shared/contract/records';
import { failed, ok } from '../../test-support/envelopes';
import { Engine } from '../engine';
import { EventLogService } from '../service';

/**
 * startAt through the service: a view opened at an event by its id, in the view's order, with
 * the rows before it reached by prevCursor and the rows after by nextCursor.
 */
let engine: Engine;
let service: EventLogService;
/** Every event, in append order. */
let all: EventRecord[];
const t0 = Date.UTC(2026, 0, 1);

beforeAll(() => {
  engine = Engine.open(':memory:', { autoIndex: false });
  service = new EventLogService(engine);
  engine.createInstance('web');
  engine.createInstance('other');
  // 60 events over three streams; every timestamp is shared by three events (ties in time),
  // and a few carry ids of their callers.
  const events: EventInput[] = Array.from({ length: 60 }, (_, i) => ({
    stream_id: `s${i % 3}`,
    event_type: i % 4 === 0 ? 'error' : 'request',
    timestamp: t0 + Math.floor(i / 3) * 1_000,
    payload: { n: i },
    ...(i % 10 === 7 ? { id: `given-${i}` } : {}),
  }));
  all = engine.append('web', events, false).events;
  engine.append('other', [{ stream_id: 's0' }], false);
});
afterAll(() => engine.close());

async function query(q: Query): Promise<QueryResult> {
  return ok(await service.api.queryEvents({ query: q })).result;
}

const ns = (r: QueryResult) => (r.events as EventRecord[]).map((e) => e.payload.n as number);

/** The whole result of `q` by walking back from `page` and on from it. */
async function walkAround(q: Query, page: QueryResult): Promise<number[]> {
  const before: number[] = [];
  for (let c = page.prevCursor; c;) {
    const p = await query({ ...q, cursor: c });
    before.unshift(...ns(p));
    expect(p.total).toBe(page.total);
    c = p.prevCursor;
  }
  const after: number[] = [];
  for (let c = page.nextCursor; c;) {
    const p = await query({ ...q, cursor: c });
    after.push(...ns(p));
    c = p.nextCursor;
  }
  return [...before, ...ns(page), ...after];
}

describe('startAt', () => {
  const instanceView: Query = {
    from: { instance: 'web' },
    orderBy: { field: 'timestamp', direction: 'desc' },
    limit: 4,
  };

  it('opens an instance view (newest first) at an event, ties in time in their order', async () => {
    const everything = ns(await query({ ...instanceView, limit: 100 }));
    // Newest first, ties latest-appended first: 59 58 57 56 55 54 …
    expect(everything.slice(0, 6)).toEqual([59, 58, 57, 56, 55, 54]);
    for (const n of [31, 30, 32, 59, 0]) {
      // 30, 31 and 32 share a timestamp: each starts its page at its own place among them.
      const page = await query({ ...instanceView, startAt: all[n]!.id });
      const i = everything.indexOf(n);
      expect(ns(page)).toEqual(everything.slice(i, i + 4));
      expect(page.total).toBe(60);
      expect(page.prevCursor === null, `prevCursor at ${n}`).toBe(n === 59);
      expect(page.nextCursor === null, `nextCursor at ${n}`).toBe(i + 4 >= 60);
      expect(await walkAround(instanceView, page)).toEqual(everything);
    }
    // The page before 31: the rows up to it, nearest last (in the view's order).
    const at31 = await query({ ...instanceView, startAt: all[31]!.id });
    const back = await query({ ...instanceView, cursor: at31.prevCursor! });
    expect(ns(back)).toEqual([35, 34, 33, 32]);
    expect(ns(await query({ ...instanceView, cursor: back.nextCursor! }))).toEqual(ns(at31));
  });

  it('opens a stream view (sequence order, either way) at an event by a generated or a given id', async () => {
    for (const direction of ['asc', 'desc'] as const) {
      const view: Query = {
        from: { instance: 'web', stream: 's1' },
        orderBy: { field: 'sequence_number', direction },
        limit: 3,
      };
      const everything = ns(await query({ ...view, limit: 100 }));
      expect(everything).toHaveLength(20);
      for (const n of [1, 37, 28, 58]) {
        expect(all[n]!.stream_id).toBe('s1');
        const page = await query({ ...view, startAt: all[n]!.id });
        const i = everything.indexOf(n);
        expect(ns(page)[0]).toBe(n);
        expect(page.prevCursor === null).toBe(i === 0);
        expect(await walkAround(view, page)).toEqual(everything);
      }
    }
    expect(all[37]!.id).toBe('given-37');
    // Without orderBy a stream is in append order too.
    const plain: Query = { from: { instance: 'web', stream: 's1' }, limit: 2 };
    const page = await query({ ...plain, startAt: all[37]!.id });
    expect(ns(page)).toEqual([37, 40]);
    expect(await walkAround(plain, page)).toEqual(ns(await query({ ...plain, limit: 100 })));
  });

  it('holds with filters, and refuses an event the query leaves out with NOT_FOUND', async () => {
    const errors: Query = {
      ...instanceView,
      where: [{ field: 'event_type', operator: 'eq', value: 'error' }],
    };
    const everything = ns(await query({ ...errors, limit: 100 }));
    expect(everything).toEqual([56, 52, 48, 44, 40, 36, 32, 28, 24, 20, 16, 12, 8, 4, 0]);
    const page = await query({ ...errors, startAt: all[28]!.id });
    expect(ns(page)).toEqual([28, 24, 20, 16]);
    expect(page.total).toBe(15);
    expect(await walkAround(errors, page)).toEqual(everything);

    // 29 is a request, not an error: there is no place for it in this result.
    const out = await service.api.queryEvents({ query: { ...errors, startAt: all[29]!.id } });
    expect(failed(out, 'NOT_FOUND')).toBe(
      `query.startAt: event "${all[29]!.id}" is not among this query's events (its stream or a condition leaves it out)`,
    );
    expect(out).toMatchObject({ details: { startAt: all[29]!.id, excluded: true } });
    // Another stream than the view's.
    const inS0 = { from: { instance: 'web', stream: 's0' }, startAt: all[1]!.id };
    failed(await service.api.queryEvents({ query: inS0 }), 'NOT_FOUND');
    // No such event: an unknown id, or a generated id of another instance.
    const other = ok(await service.api.queryEvents({ query: { from: { instance: 'other' } } }));
    const foreign = (other.result.events as EventRecord[])[0]!.id;
    for (const id of ['nope', foreign, all[0]!.id.replace(/[0-9a-f]{12}$/u, '000000001000')]) {
      const missing = await service.api.queryEvents({ query: { ...errors, startAt: id } });
      expect(failed(missing, 'NOT_FOUND')).toBe(
        `query.startAt: instance "web" has no event "${id}"`,
      );
      expect(missing).toMatchObject({ details: { startAt: id } });
    }
  });

  it('with offset skips rows from the event; its cursors serve the query without startAt', async () => {
    const everything = ns(await query({ ...instanceView, limit: 100 }));
    const i = everything.indexOf(40);
    const page = await query({ ...instanceView, startAt: all[40]!.id, offset: 2 });
    expect(ns(page)).toEqual(everything.slice(i + 2, i + 6));
    // The rows skipped come before the page.
    const back = await query({ ...instanceView, cursor: page.prevCursor!, limit: 2 });
    expect(ns(back)).toEqual(everything.slice(i, i + 2));
    // limit 0: the total, no rows, no cursors.
    const none = await query({ ...instanceView, startAt: all[40]!.id, limit: 0 });
    expect(none).toMatchObject({ events: [], total: 60, nextCursor: null, prevCursor: null });
    // A page from the top has no prevCursor at all; one after a cursor has one.
    const top = await query(instanceView);
    expect(top).not.toHaveProperty('prevCursor');
    const second = await query({ ...instanceView, cursor: top.nextCursor! });
    expect(ns(await query({ ...instanceView, cursor: second.prevCursor! }))).toEqual(ns(top));
  });

  it('an export of a query opened at an event holds the whole result, each event once', async () => {
    const everything = ns(await query({ ...instanceView, limit: 100 }));
    const pages = [...engine.iterateEvents({ ...instanceView, startAt: all[40]!.id }, 7)];
    expect(pages.flat().map((e) => (e as EventRecord).payload.n)).toEqual(everything);
  });

  it('refuses startAt with a cursor or an aggregation, and an over-long id', async () => {
    const top = await query(instanceView);
    const both = { ...instanceView, startAt: all[3]!.id, cursor: top.nextCursor! };
    expect(failed(await service.api.queryEvents({ query: both }), 'VALIDATION_ERROR')).toContain(
      'leave out startAt or cursor',
    );
    const reduce = { from: { instance: 'web' }, startAt: all[3]!.id, reduce: { type: 'count' } };
    expect(
      failed(await service.api.queryEvents({ query: reduce as Query }), 'VALIDATION_ERROR'),
    ).toContain('startAt pages events, not aggregations');
    const long = { from: { instance: 'web' }, startAt: 'x'.repeat(201) };
    failed(await service.api.queryEvents({ query: long }), 'VALIDATION_ERROR');
  });
});
