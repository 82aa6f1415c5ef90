import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateShopEvents } from '../../src-shared/demo/shop-events';
import { Engine } from '../engine/engine';
import { cancelled, type QueryRunner } from '../engine/query/query-runner';
import { EventLogService } from '../engine/service';
import { repoRoot } from '../test-support/built-cli';
import { openTempService } from '../test-support/temp-db';
import { serveTempDatabase, type TempServe } from '../test-support/temp-serve';
import type { QueryResult } from '../../src-shared/contract/records';
import { startServer } from './http-server';

/**
 * Cancelling a query over browser mode's HTTP API, against a real `eventlens serve` (queries on
 * worker threads): by the `cancel` [ext] operation, by dropping the connection, and before the
 * query arrives. Needs the build (npm test builds first).
 */
let server: TempServe;
beforeAll(async () => {
  server = await serveTempDatabase('cancel.db', (file) => {
    const engine = Engine.open(file, { autoIndex: false });
    engine.createInstance('shop');
    const events = [...generateShopEvents({ count: 40_000, seed: 7, streams: 400 })];
    for (let i = 0; i < events.length; i += 5_000)
      engine.append('shop', events.slice(i, i + 5_000), false);
    engine.close();
  });
});
afterAll(() => server?.close());

/** Seconds of work on 40,000 events: a substring scan feeding a distinct collect per user. */
const heavy = {
  from: { instance: 'shop' },
  where: [{ field: 'payload.message', operator: 'contains', value: 'o' }],
  reduce: {
    type: 'collect',
    field: 'payload.message',
    distinct: true,
    groupBy: ['payload.user.id'],
  },
};

async function post(op: string, params: unknown, requestId: string, signal?: AbortSignal) {
  const res = await fetch(`${server.origin}/api/${op}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ params, requestId }),
    ...(signal ? { signal } : {}),
  });
  return (await res.json()) as {
    success: boolean;
    code?: string;
    data?: unknown;
    requestId: string;
  };
}

describe('cancel over HTTP', () => {
  it('cancels a running query by requestId; the server keeps answering meanwhile', async () => {
    const running = post('queryEvents', { query: heavy }, 'heavy-1');
    // Answered while the heavy query occupies a worker: the server's own thread is free.
    const listed = await post('listInstances', {}, 'list-1');
    expect(listed.success).toBe(true);
    let cancel = await post('cancel', { requestId: 'heavy-1' }, 'c-1');
    // The query may still be on its way to the worker queue: then the cancel waits for it.
    expect(cancel).toMatchObject({ success: true });
    const answer = await running;
    expect(answer).toMatchObject({ success: false, code: 'CANCELLED', requestId: 'heavy-1' });
    cancel = await post('cancel', { requestId: 'heavy-1' }, 'c-2');
    expect(cancel).toMatchObject({ success: true, data: { cancelled: false } });
  });

  it('a cancel that overtakes its query still cancels it', async () => {
    const early = await post('cancel', { requestId: 'heavy-3' }, 'c-3');
    expect(early).toMatchObject({ success: true, data: { cancelled: false } });
    const answer = await post('queryEvents', { query: heavy }, 'heavy-3');
    expect(answer).toMatchObject({ success: false, code: 'CANCELLED' });
    // Only once: the same requestId later runs normally.
    const again = await post(
      'queryEvents',
      { query: { from: { instance: 'shop' }, limit: 0 } },
      'heavy-3',
    );
    expect(again).toMatchObject({ success: true });
  });

  it('validates its parameters', async () => {
    expect(await post('cancel', { requestId: '' }, 'c-4')).toMatchObject({
      success: false,
      code: 'VALIDATION_ERROR',
    });
    expect(await post('cancel', { requestId: 'x'.repeat(201) }, 'c-5')).toMatchObject({
      success: false,
      code: 'VALIDATION_ERROR',
    });
  });
});

describe('a dropped connection', () => {
  it('cancels its query (in-process server, a runner that waits to be cancelled)', async () => {
    const ctx = openTempService();
    const pending = new Map<string, () => void>();
    let onStart: (requestId: string) => void = () => {};
    let onCancel: (requestId: string) => void = () => {};
    const started = new Promise<string>((resolve) => (onStart = resolve));
    const cancelledId = new Promise<string>((resolve) => (onCancel = resolve));
    // Runs "forever": only a cancel ends the query.
    const runner: QueryRunner = {
      run: (_query, options) =>
        new Promise<QueryResult>((_resolve, reject) => {
          pending.set(options?.requestId ?? '', () => reject(cancelled()));
          onStart(options?.requestId ?? '');
        }),
      cancel: (requestId) => {
        onCancel(requestId);
        const stop = pending.get(requestId);
        stop?.();
        return stop !== undefined;
      },
      holdBuilds: () => () => {},
      close: () => Promise.resolve(),
    };
    const local = await startServer({
      service: new EventLogService(ctx.engine, { queryRunner: runner }),
      feed: { subscribe: () => () => {} },
      rendererDir: path.join(repoRoot, 'out', 'renderer'),
      token: 'secret',
    });
    try {
      const abort = new AbortController();
      const call = fetch(`${local.origin}/api/queryEvents`, {
        method: 'POST',
        headers: { authorization: 'Bearer secret', 'content-type': 'application/json' },
        body: JSON.stringify({
          params: { query: { from: { instance: 'x' } } },
          requestId: 'gone-1',
        }),
        signal: abort.signal,
      });
      expect(await started).toBe('gone-1');
      abort.abort();
      await expect(call).rejects.toThrow();
      // Without the server's cancel on close this never settles (and the test times out).
      expect(await cancelledId).toBe('gone-1');
    } finally {
      await local.close();
      ctx.close();
    }
  });
});
