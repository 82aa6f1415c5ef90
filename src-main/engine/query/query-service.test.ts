import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { querySchema, type Query } from '../../../src-shared/contract/query';
import type { GroupedAggregation } from '../../../src-shared/contract/records';
import { generateShopEvents } from '../../../src-shared/demo/shop-events';
import { Engine } from '../engine';
import { EventLogService } from '../service';
import { slowShopQuery } from '../../test-support/shop-db';
import { captureSql } from '../../test-support/sql-capture';
import { tempDir } from '../../test-support/temp-db';
import { WorkerQueryRunner } from './worker-query-runner';

/**
 * The DSL through the service (inline and on worker threads, with cancellation) and through
 * the built CLI. Needs the build: run `npm run build` first (npm test does).
 */
const repo = path.resolve(import.meta.dirname, '..', '..', '..');
const workerScript = path.join(repo, 'out', 'main', 'query-worker.js');
const bin = path.join(repo, 'bin', 'eventlens.js');
const run = promisify(execFile);

let dir: string;
let cleanup: () => void;
let file: string;
let engine: Engine;

beforeAll(() => {
  if (!fs.existsSync(workerScript) || !fs.existsSync(path.join(repo, 'out', 'main', 'cli.js'))) {
    throw new Error(`${workerScript} is missing: run "npm run build" first`);
  }
  ({ dir, cleanup } = tempDir());
  file = path.join(dir, 'events.db');
  engine = Engine.open(file, { autoIndex: false });
  engine.createInstance('shop');
  const events = [...generateShopEvents({ count: 30_000, seed: 5, streams: 300 })];
  for (let i = 0; i < events.length; i += 1_000)
    engine.append('shop', events.slice(i, i + 1_000), false);
  // Caught up, so the pool's quiet work below is only the payload indexes these tests expect.
  engine.catchUpTextIndex('shop');
});
afterAll(() => {
  engine?.close();
  cleanup?.();
});

const heavy = slowShopQuery('shop');

/** Runs `test` with a pool of `size` query workers on the shop's file, and closes the pool after it. */
async function withPool(size: number, test: (runner: WorkerQueryRunner) => Promise<void>) {
  const runner = new WorkerQueryRunner({ file, workerScript, size, autoIndex: false });
  try {
    await test(runner);
  } finally {
    await runner.close();
  }
}

describe('queryEvents through the service', () => {
  it('answers the same on worker threads as inline', async () => {
    await withPool(2, async (runner) => {
      const pooled = new EventLogService(engine, { queryRunner: runner });
      const inline = new EventLogService(engine);
      const queries = [
        {
          from: { instance: 'shop', stream: 'user-1000' },
          orderBy: { field: 'sequence_number', direction: 'desc' as const },
          limit: 5,
        },
        {
          from: { instance: 'shop' },
          reduce: { type: 'avg' as const, field: 'payload.amount', groupBy: ['event_type'] },
        },
        {
          from: { instance: 'shop' },
          where: [{ field: 'payload.user.country', operator: 'in' as const, value: ['DE', 'JP'] }],
          select: ['payload.user'],
          limit: 3,
        },
        // At the DSL's limits: as many conditions as a query may hold, and long lists (four of
        // 10,000 values once failed with "too many SQL variables").
        {
          from: { instance: 'shop' },
          where: Array.from({ length: 1_000 }, (_, i) => ({
            field: 'sequence_number',
            operator: 'neq' as const,
            value: i,
          })),
          limit: 3,
        },
        {
          from: { instance: 'shop' },
          where: Array.from({ length: 10 }, (_, i) => ({
            field: i % 2 === 0 ? 'stream_id' : 'payload.amount',
            operator: 'in' as const,
            value: Array.from({ length: 10_000 }, (_, j) => (i % 2 === 0 ? `user-${1000 + j}` : j)),
          })),
          reduce: { type: 'count' as const, groupBy: ['event_type'] },
        },
      ];
      for (const query of queries) {
        const [a, b] = await Promise.all([
          pooled.api.queryEvents({ query }),
          inline.api.queryEvents({ query }),
        ]);
        expect(a.success && b.success).toBe(true);
        if (a.success && b.success) {
          const { tookMs: _a, ...ra } = a.data.result;
          const { tookMs: _b, ...rb } = b.data.result;
          expect(ra).toEqual(rb);
        }
      }
      const bad = await pooled.api.queryEvents({ query: { from: { instance: 'nope' } } });
      expect(bad).toMatchObject({ success: false, code: 'NOT_FOUND' });
    });
  });

  it('the page first, the total after: `total: false` answers the rows, `limit: 0` the exact total', async () => {
    await withPool(2, async (runner) => {
      const service = new EventLogService(engine, { queryRunner: runner });
      const query = {
        from: { instance: 'shop' },
        where: [{ field: 'payload.user.tier', operator: 'eq' as const, value: 'pro' }],
        orderBy: { field: 'timestamp', direction: 'desc' as const },
        limit: 50,
      };
      const result = async (q: Query) => {
        const envelope = await service.api.queryEvents({ query: q });
        if (!envelope.success) throw new Error(envelope.error);
        return envelope.data.result;
      };
      // Existing callers: the same envelope, the total counted.
      const whole = await result(query);
      expect(whole.total).toBeGreaterThan(50);
      // The page alone: the same rows, no total, and no count over the events to get there.
      const page = await result({ ...query, total: false });
      expect(page.total).toBeNull();
      expect(page.events).toEqual(whole.events);
      const counts = (q: Query) =>
        captureSql(engine.db, () => engine.query(querySchema.parse(q))).statements.filter((s) =>
          s.text.startsWith('SELECT count(*)'),
        ).length;
      expect(counts({ ...query, total: false })).toBe(0);
      expect(counts(query)).toBe(1);
      // The total on its own, exact (an aggregation over the same filter agrees).
      const total = await result({ ...query, limit: 0 });
      expect(total).toMatchObject({ total: whole.total, events: [], nextCursor: null });
      const counted = await result({ ...query, reduce: { type: 'count' } });
      expect(counted.aggregation).toEqual({ type: 'count', value: whole.total });
      // The next page by the page's cursor, with or without its total.
      const next = await result({ ...query, cursor: page.nextCursor!, total: false });
      const nextCounted = await result({ ...query, cursor: page.nextCursor! });
      expect(next.events).toEqual(nextCounted.events);
      expect(nextCounted.total).toBe(whole.total);
      // A total the kept counts hold comes anyway: a choice of types, a whole instance.
      const types = await result({
        from: { instance: 'shop' },
        where: [{ field: 'event_type', operator: 'in', value: ['PageViewed', 'OrderPlaced'] }],
        total: false,
      });
      expect(types.total).toBe(
        (
          await result({
            from: { instance: 'shop' },
            where: [
              { field: 'event_type', operator: 'in', value: ['PageViewed', 'OrderPlaced'] },
              { field: 'sequence_number', operator: 'gte', value: 1 },
            ],
            limit: 0,
          })
        ).total,
      );
      expect((await result({ from: { instance: 'shop' }, total: false })).total).toBe(30_000);
      const bad = await service.call('queryEvents', { query: { ...query, total: 'no' } });
      expect(bad).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
      expect((bad as { error: string }).error).toContain('query.total');
    });
  });

  it('cancels a running and a queued query by requestId; the pool goes on', async () => {
    await withPool(1, async (runner) => {
      const service = new EventLogService(engine, { queryRunner: runner });
      const running = service.call('queryEvents', { query: heavy }, 'r-running');
      const queued = service.call('queryEvents', { query: heavy }, 'r-queued');
      expect(service.cancel('r-queued')).toBe(true);
      expect(service.cancel('r-running')).toBe(true);
      expect(service.cancel('r-unknown')).toBe(false);
      for (const envelope of await Promise.all([running, queued])) {
        expect(envelope).toMatchObject({ success: false, code: 'CANCELLED' });
      }
      const after = await service.api.queryEvents({
        query: { from: { instance: 'shop' }, limit: 0 },
      });
      expect(after.success && after.data.result.total).toBe(30_000);
    });
  });

  it('keeps a worker started: before the first query, and again after a cancel ends one', async () => {
    await withPool(1, async (runner) => {
      expect(runner.workerCounts()).toEqual({ idle: 1, running: 0, indexing: 0 });
      const running = runner.run(heavy, { requestId: 'warm-1' });
      expect(runner.workerCounts()).toEqual({ idle: 0, running: 1, indexing: 0 });
      expect(runner.cancel('warm-1')).toBe(true);
      await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
      // The cancelled query's worker was terminated; a fresh one already waits.
      expect(runner.workerCounts()).toEqual({ idle: 1, running: 0, indexing: 0 });
      const page = await runner.run({ from: { instance: 'shop' }, limit: 1 });
      expect(page.events).toHaveLength(1);
    });
  });

  // Seconds of work: every event's message against hundreds of substrings, then grouped.
  const slowAggregation = {
    from: { instance: 'shop' },
    where: [
      {
        or: Array.from({ length: 120 }, (_, i) => ({
          field: 'payload.message',
          operator: 'contains' as const,
          value: `no such text ${i}`,
        })),
      },
    ],
    reduce: { type: 'count' as const, groupBy: ['event_type'] },
  };

  it('a read of events does not wait behind aggregations: they queue, it has a lane', async () => {
    await withPool(1, async (runner) => {
      const slow = slowAggregation;
      const order: string[] = [];
      const track = (name: string, p: Promise<unknown>) => p.then(() => order.push(name));
      const done = Promise.all([
        track('aggregation 1', runner.run(slow)),
        track('aggregation 2', runner.run(slow)),
        track('page', runner.run({ from: { instance: 'shop', stream: 'user-1000' }, limit: 5 })),
      ]);
      await done;
      expect(order[0]).toBe('page');
    });
  });

  it('a count the kept counts answer does not wait behind aggregations either', async () => {
    await withPool(1, async (runner) => {
      const order: string[] = [];
      const track = (name: string, p: Promise<unknown>) => p.then(() => order.push(name));
      const ofType = [{ field: 'event_type', operator: 'eq' as const, value: 'PageViewed' }];
      await Promise.all([
        track('aggregation 1', runner.run(slowAggregation)),
        track('aggregation 2', runner.run(slowAggregation)),
        // An export dialog's "Writes N events": the whole instance, then one type.
        track('instance count', runner.run({ from: { instance: 'shop' }, limit: 0 })),
        track('type count', runner.run({ from: { instance: 'shop' }, where: ofType, limit: 0 })),
      ]);
      expect(order.slice(0, 2).sort()).toEqual(['instance count', 'type count']);
    });
  });

  it('does not block the calling thread while a worker runs a heavy query', async () => {
    await withPool(1, async (runner) => {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 1);
      const started = performance.now();
      const result = await runner.run(heavy);
      clearInterval(timer);
      const elapsed = performance.now() - started;
      expect((result.aggregation as GroupedAggregation).groupCount).toBeGreaterThan(0);
      // The event loop kept turning during the query (ratio, not a timed assertion).
      expect(ticks).toBeGreaterThan(Math.min(5, elapsed / 20));
    });
  });
});

describe('queryEvents through the CLI', () => {
  it('prints the envelope of a query, and a path-named error for a bad one', async () => {
    const query = {
      query: {
        from: { instance: 'shop' },
        where: [
          { field: 'eventType', operator: 'in', value: ['OrderPlaced', 'PaymentAuthorized'] },
        ],
        reduce: { type: 'sum', field: 'payload.amount', groupBy: ['payload.currency'] },
      },
    };
    const { stdout } = await run('node', [
      bin,
      'queryEvents',
      JSON.stringify(query),
      '--db',
      file,
      '--compact',
    ]);
    const envelope = JSON.parse(stdout) as {
      success: boolean;
      data: { result: { aggregation: GroupedAggregation } };
    };
    expect(envelope.success).toBe(true);
    const inline = engine.query(query.query as never).aggregation as GroupedAggregation;
    expect(envelope.data.result.aggregation.groups).toEqual(inline.groups);

    const bad = {
      query: { from: { instance: 'shop' }, where: [{ field: 'a', operator: 'like', value: 1 }] },
    };
    const failed = await run('node', [
      bin,
      'queryEvents',
      JSON.stringify(bad),
      '--db',
      file,
      '--compact',
    ]).catch((err: { code: number; stdout: string }) => err);
    expect((failed as { code: number }).code).toBe(1);
    const env = JSON.parse((failed as { stdout: string }).stdout) as {
      code: string;
      error: string;
    };
    expect(env.code).toBe('VALIDATION_ERROR');
    expect(env.error).toContain('query.where[0].operator: unknown operator "like"');
  });
});
