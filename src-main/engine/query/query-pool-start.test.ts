import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Query } from '../../../src-shared/contract/query';
import type { QueryResult } from '../../../src-shared/contract/records';
import { Engine } from '../engine';
import { requireBuild, repoRoot } from '../../test-support/built-cli';
import { fillShop } from '../../test-support/shop-db';
import { tempDir } from '../../test-support/temp-db';
import { startPage, WorkerQueryRunner } from './worker-query-runner';

/**
 * The pool's first moments: its workers load their code beside the host's other threads, and
 * at launch the window's first page waited 0.3-1 s for one (`npm run bench -- start`). Until
 * a worker is ready, plain pages are read on the caller's thread; everything else waits.
 */
const workerScript = path.join(repoRoot, 'out', 'main', 'query-worker.js');

let dir: string;
let cleanup: () => void;
let file: string;
let engine: Engine;
/** A worker that loads and never says it is ready: a worker still starting, held there. */
let neverReady: string;

beforeAll(() => {
  requireBuild();
  ({ dir, cleanup } = tempDir());
  file = path.join(dir, 'events.db');
  engine = Engine.open(file, { autoIndex: false });
  fillShop(engine, { instance: 'shop', count: 5_000, seed: 3, streams: 50 });
  neverReady = path.join(dir, 'starting-worker.mjs');
  fs.writeFileSync(neverReady, 'setInterval(() => {}, 60_000);\n');
});
afterAll(() => {
  engine?.close();
  cleanup?.();
});

const strip = ({ tookMs: _t, ...rest }: QueryResult) => rest;
const newest: Query = {
  from: { instance: 'shop' },
  orderBy: { field: 'timestamp', direction: 'desc' },
  limit: 200,
  total: false,
};

/** A pool whose first pages are read on this thread by `engine`, counted. */
function pool(script: string) {
  const read: Query[] = [];
  const runner = new WorkerQueryRunner({
    file,
    workerScript: script,
    size: 1,
    autoIndex: false,
    startPages: (query) => {
      read.push(query);
      return engine.query(query);
    },
  });
  return { runner, read };
}

/** Whether `promise` is still pending after `ms`. */
async function pendingAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const later = Symbol('pending');
  const first = await Promise.race([
    promise.then(
      () => 'settled',
      () => 'settled',
    ),
    new Promise((resolve) => setTimeout(() => resolve(later), ms)),
  ]);
  return first === later;
}

describe('the query pool as it starts', () => {
  it('reads a plain page on the caller thread while no worker is ready; the rest waits', async () => {
    const { runner, read } = pool(neverReady);
    const aggregation = runner.run({
      from: { instance: 'shop' },
      reduce: { type: 'count', groupBy: ['event_type'] },
    });
    const filtered = runner.run({
      from: { instance: 'shop' },
      where: [{ field: 'payload.page', operator: 'eq', value: '/' }],
      limit: 50,
      total: false,
    });
    try {
      // The same page the engine gives, newest first, no total; and a kept-count total.
      expect(strip(await runner.run(newest))).toEqual(strip(engine.query(newest)));
      const total = await runner.run({ from: { instance: 'shop' }, limit: 0 });
      expect(total.total).toBe(5_000);
      expect(read).toHaveLength(2);
      // What may scan waits for a worker: still pending (none is ever ready here).
      expect(await pendingAfter(aggregation, 300)).toBe(true);
      expect(await pendingAfter(filtered, 0)).toBe(true);
      expect(read).toHaveLength(2);
    } finally {
      await runner.close();
    }
    await expect(aggregation).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(filtered).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('sends every query to the workers once one is ready', async () => {
    const { runner, read } = pool(workerScript);
    try {
      // A worker answered this, so it had said it was ready (its notice comes first).
      await runner.run({ from: { instance: 'shop' }, reduce: { type: 'count' } });
      expect(strip(await runner.run(newest))).toEqual(strip(engine.query(newest)));
      expect(read).toEqual([]);
    } finally {
      await runner.close();
    }
  });

  it('takes only pages with no condition, of at most 1,000 events, without their total', () => {
    const from = { instance: 'shop' };
    expect(startPage(newest)).toBe(true);
    expect(startPage({ from: { instance: 'shop', stream: 's1' }, limit: 100, total: false })).toBe(
      true,
    );
    expect(startPage({ from, limit: 0 })).toBe(true);
    expect(startPage({ from, limit: 200 })).toBe(false); // the total may scan
    expect(startPage({ from, limit: 5_000, total: false })).toBe(false);
    expect(startPage({ from, total: false })).toBe(false);
    expect(startPage({ from, limit: 10, total: false, reduce: { type: 'count' } })).toBe(false);
    expect(
      startPage({
        from,
        limit: 10,
        total: false,
        where: [{ field: 'event_type', operator: 'eq', value: 'x' }],
      }),
    ).toBe(false);
  });
});
