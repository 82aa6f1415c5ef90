import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Engine } from '../engine';
import { requireBuild, repoRoot } from '../../test-support/built-cli';
import { fillShop } from '../../test-support/shop-db';
import { tempDir } from '../../test-support/temp-db';
import { createQueryRunner } from './create-query-runner';
import { WorkerQueryRunner } from './worker-query-runner';

/**
 * The query pool's quiet work on a real file: the payload indexes slow queries want and the
 * text index's catch-up, built only once no query has run for a while, on a worker of their
 * own, never while an import or export holds the pool. Needs the build (the pool's worker).
 */
const workerScript = path.join(repoRoot, 'out', 'main', 'query-worker.js');

let cleanup: () => void;
let file: string;
let engine: Engine;

beforeAll(() => {
  requireBuild();
  let dir: string;
  ({ dir, cleanup } = tempDir());
  file = path.join(dir, 'events.db');
  engine = Engine.open(file, { autoIndex: false });
  fillShop(engine, { instance: 'shop', count: 30_000, seed: 5, streams: 300 });
  // Caught up, so the pool's quiet work below is only the payload indexes these tests expect.
  engine.catchUpTextIndex('shop');
});
afterAll(() => {
  engine?.close();
  cleanup?.();
});

describe('indexes on demand', () => {
  const slow = {
    from: { instance: 'shop' },
    reduce: { type: 'max' as const, field: 'payload.durationMs', groupBy: ['payload.page'] },
  };
  const page = { from: { instance: 'shop' }, limit: 1 };
  /** One worker; every query over payload paths wants an index (minMs 0). */
  const indexingPool = (indexAfterQuietMs: number) =>
    new WorkerQueryRunner({
      file,
      workerScript,
      size: 1,
      autoIndex: { minEvents: 1_000, minMs: 0, max: 8 },
      indexAfterQuietMs,
    });
  const indexNames = () =>
    engine.db.prepare('SELECT name FROM query_indexes').pluck().all() as string[];

  it('the index a slow payload query wants is built once the pool is quiet, on a worker of its own', async () => {
    const runner = indexingPool(0);
    try {
      const before = indexNames();
      const indexed = new Promise<string>((resolve) => runner.onIndexed((n) => resolve(n.name)));
      const first = await runner.run(slow);
      // Not while queries come: a page sent right after the answer runs, and the build waits
      // for it (a page of the table waited 2.7 s behind a build that started at once).
      const next = runner.run(page);
      expect(runner.workerCounts()).toEqual({ idle: 0, running: 1, indexing: 0 });
      await next;
      expect(runner.workerCounts().indexing).toBe(0);
      expect(indexNames()).toEqual(before);
      // Quiet now: the build starts, and a query meanwhile goes to another worker. (Asked as
      // the build starts: polled for, a build of 30,000 events can end between two polls.)
      const started = await new Promise<{ during: ReturnType<typeof runner.run>; seen: unknown[] }>(
        (resolve) => {
          const off = runner.onBuildStarted((kind, instance) => {
            off();
            const atStart = runner.workerCounts();
            const during = runner.run(page);
            resolve({ during, seen: [kind, instance, atStart, runner.workerCounts()] });
          });
        },
      );
      expect(started.seen).toEqual([
        'index',
        'shop',
        { idle: 0, running: 0, indexing: 1 },
        { idle: 0, running: 1, indexing: 1 },
      ]);
      const during = started.during;
      expect((await during).events).toHaveLength(1);
      const name = await indexed; // the worker's signal that the index is ready
      expect(indexNames()).toEqual([...before, name]);
      await vi.waitFor(() => expect(runner.workerCounts().indexing).toBe(0), { timeout: 30_000 });
      expect(runner.workerCounts()).toEqual({ idle: 2, running: 0, indexing: 0 });
      // The index exists now: the same query wants nothing more.
      const second = await runner.run(slow);
      expect(second.aggregation).toEqual(first.aggregation);
      await new Promise((r) => setTimeout(r, 50));
      expect(runner.workerCounts()).toEqual({ idle: 2, running: 0, indexing: 0 });
      expect(indexNames()).toEqual([...before, name]);
      expect(name).toMatch(/^ev_\d+_q\d+$/u);
    } finally {
      await runner.close();
    }
  });

  it('catches the text index up when quiet, a step at a time, and searches stay exact meanwhile', async () => {
    engine.createInstance('bulk');
    const lines = Array.from({ length: 40_000 }, (_, i) => ({
      payload: { message: i % 1000 === 7 ? `rare Quokka ${i}` : `line ${i}` },
    }));
    for (let i = 0; i < lines.length; i += 10_000)
      engine.append('bulk', lines.slice(i, i + 10_000), false);
    const search = {
      from: { instance: 'bulk' },
      where: [{ field: '*', operator: 'icontains' as const, value: 'quokka' }],
      limit: 0,
    };
    const runner = new WorkerQueryRunner({ file, workerScript, size: 1, indexAfterQuietMs: 0 });
    try {
      const steps: number[] = [];
      const done = new Promise<void>((resolve) =>
        runner.onTextIndexed((n) => {
          steps.push(n.remaining);
          if (n.remaining === 0) resolve();
        }),
      );
      // All 40,000 in the tail: read directly, and exact.
      expect((await runner.run(search)).total).toBe(40);
      await done;
      expect(steps).toEqual([7_232, 0]); // 32,768 events a step
      expect((await runner.run(search)).total).toBe(40);
      const ino = engine.instances.require('bulk').ino;
      expect(
        engine.db.prepare('SELECT indexed_upto FROM text_marks WHERE ino = ?').pluck().get(ino),
      ).toBe(40_000);
    } finally {
      await runner.close();
    }
  });

  it('leaves the text index of a read-only database as it is, and searches it exactly', async () => {
    engine.createInstance('frozen');
    engine.append(
      'frozen',
      Array.from({ length: 5_000 }, (_, i) => ({ payload: { message: `line ${i} Wombat` } })),
      false,
    );
    const reader = Engine.open(file, { readonly: true });
    const runner = createQueryRunner(reader, { workerScript, size: 1, indexAfterQuietMs: 0 });
    const marks = () =>
      engine.db
        .prepare('SELECT indexed_upto FROM text_marks WHERE ino = ?')
        .pluck()
        .get(engine.instances.require('frozen').ino);
    try {
      const before = marks();
      const notices: unknown[] = [];
      if (runner instanceof WorkerQueryRunner) runner.onTextIndexed((n) => notices.push(n));
      else throw new Error('expected the worker pool');
      const search = {
        from: { instance: 'frozen' },
        where: [{ field: '*', operator: 'icontains' as const, value: 'wombat' }],
        limit: 0,
      };
      expect((await runner.run(search)).total).toBe(5_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(notices).toEqual([]);
      expect(marks()).toBe(before);
      expect(() => reader.catchUpTextIndex('frozen')).toThrow(
        expect.objectContaining({ code: 'STORAGE_ERROR' }),
      );
    } finally {
      await runner.close();
      reader.close();
    }
  });

  it('no build starts while an import or export holds the pool', async () => {
    const runner = indexingPool(0);
    try {
      const before = indexNames();
      const indexed = new Promise<string>((resolve) => runner.onIndexed((n) => resolve(n.name)));
      const release = runner.holdBuilds();
      const other = runner.holdBuilds();
      await runner.run({
        ...slow,
        reduce: { ...slow.reduce, field: 'payload.amount', groupBy: ['payload.user.country'] },
      });
      await new Promise((r) => setTimeout(r, 100));
      expect(runner.workerCounts().indexing).toBe(0);
      release();
      release(); // a second call does not end the other hold
      await new Promise((r) => setTimeout(r, 100));
      expect(runner.workerCounts().indexing).toBe(0);
      expect(indexNames()).toEqual(before);
      other();
      const name = await indexed;
      expect(indexNames()).toEqual([...before, name]);
    } finally {
      await runner.close();
    }
  });

  it('no build starts before the pool has been quiet for indexAfterQuietMs; closing drops it', async () => {
    const runner = indexingPool(60_000);
    const before = indexNames();
    let notices = 0;
    runner.onIndexed(() => notices++);
    const other = {
      ...slow,
      reduce: { ...slow.reduce, field: 'payload.amount', groupBy: ['payload.currency'] },
    };
    await runner.run(other);
    expect(runner.workerCounts()).toEqual({ idle: 1, running: 0, indexing: 0 });
    for (let i = 0; i < 5; i++) await runner.run(page);
    expect(runner.workerCounts().indexing).toBe(0);
    await runner.close();
    expect(notices).toBe(0);
    expect(indexNames()).toEqual(before);
  });
});
