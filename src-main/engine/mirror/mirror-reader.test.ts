import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/contract/json-value';
import type { QueryResult } from '../../../src-shared/contract/records';
import type { EventInput } from '../../../src-shared/contract/operations';
import { repoRoot, requireBuild } from '../../test-support/built-cli';
import { dataset } from '../../test-support/query-arbitraries';
import { tempDir } from '../../test-support/temp-db';
import { Engine } from '../engine';
import { catchUp } from './catch-up';
import { rows } from './duck';
import { Mirror } from './mirror';
import { createInstance, ensureSchema } from './mirror-schema';
import { ThreadSlices, type SliceSource } from './slice-source';
import { SourceReader } from './source-reader';

/**
 * The build's reader thread (mirror-reader.ts, the built out/main/mirror-reader.js): what it
 * hands over makes the very mirror the inline catch-up makes, and a rolled-back transaction
 * on the mirror's thread leaves nothing behind in the reader that could make the next one
 * differ (the path catalog lives with the mirror's transactions; flat-slice.ts).
 */
const readerScript = path.join(repoRoot, 'out', 'main', 'mirror-reader.js');
beforeAll(() => requireBuild());

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function database() {
  const { dir, cleanup } = tempDir();
  const engine = Engine.open(path.join(dir, 'events.db'), { autoIndex: false });
  cleanups.push(cleanup, () => engine.close());
  return { dir, engine };
}

/** Random events of every shape the differential test uses, many datasets' worth. */
function adversarialEvents(count: number, seed: number): EventInput[] {
  const out: EventInput[] = [];
  for (const set of fc.sample(dataset, { seed, numRuns: 1_000 })) {
    for (const { id: _id, ...e } of set) out.push(e);
    if (out.length >= count) break;
  }
  return out.slice(0, count);
}

/** Everything a mirror file holds, in a fixed order. */
async function dump(file: string): Promise<unknown[][][]> {
  const duck = await DuckDBInstance.create(file);
  const conn = await duck.connect();
  try {
    return [
      await rows(conn, 'SELECT * FROM mirror_instances ORDER BY ino'),
      await rows(conn, 'SELECT * FROM mirror_paths ORDER BY ino, col, kind, root, segments'),
      await rows(conn, 'SELECT * FROM ev_1 ORDER BY pos'),
    ];
  } finally {
    conn.closeSync();
    duck.closeSync();
  }
}

const strip = ({ tookMs: _t, ...rest }: QueryResult) => rest;

describe('the mirror reader thread', () => {
  it('builds the same mirror as the catch-up on the mirror’s own thread', async () => {
    const { dir, engine } = database();
    engine.createInstance('log');
    const events = adversarialEvents(12_000, 7);
    for (let i = 0; i < events.length; i += 2_000) {
      engine.append('log', events.slice(i, i + 2_000), false);
    }
    // Batches of 10,000 events: slices of 8,192 and 1,808, and a last batch of 2,000. The
    // random keys make thousands of paths: the cap refuses most (the same ones both ways).
    const config = { buildBatch: 10_000, tailBatch: 100, maxColumns: 100 };
    const files = {
      inline: path.join(dir, 'inline.duckdb'),
      thread: path.join(dir, 'thread.duckdb'),
    };
    const inline = await Mirror.open({ db: engine.db, file: files.inline, config });
    await inline.catchUpAll();
    await inline.close();
    const threaded = await Mirror.open({ db: engine.db, file: files.thread, config, readerScript });
    let batches = 0;
    await threaded.catchUpAll({ onBatch: () => batches++ });
    expect(batches).toBe(2);
    await threaded.close();
    const [a, b] = [await dump(files.inline), await dump(files.thread)];
    expect(a[2]).toHaveLength(12_000);
    expect(a[1]!.filter((p) => p[3] === 'x').length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  }, 120_000);

  it('after a rolled-back batch, and with a fresh reader, stores every object at a mixed path', async () => {
    const { dir, engine } = database();
    const instance = engine.createInstance('log');
    const append = (n: number, payload: (i: number) => JsonObject) => {
      for (let from = 0; from < n; from += 5_000) {
        engine.append(
          'log',
          Array.from({ length: Math.min(5_000, n - from) }, (_, k) => ({
            streamId: `s${k % 5}`,
            eventType: 'E',
            timestamp: Date.UTC(2026, 0, 1) + from + k,
            payload: payload(from + k),
          })),
          false,
        );
      }
    };
    // 1..10,000: `a` only ever an object (no column: not mirrored whole).
    append(10_000, (i) => ({ a: { k: i % 7 } }));
    // 10,001..30,000: `a` is sometimes a string, so its objects are stored as JSON text.
    append(20_000, (i) => (i % 3 ? { a: { k: i % 7 } } : { a: `v${i % 4}` }));
    // 30,001..40,000: objects again, at a path that now has columns.
    append(10_000, (i) => ({ a: { k: i % 5 } }));

    const duck = await DuckDBInstance.create(path.join(dir, 'm.duckdb'));
    const conn = await duck.connect();
    await ensureSchema(conn);
    const mirrored = await createInstance(conn, instance.ino, instance.id, instance.salt);
    const reader = new SourceReader(engine.db);
    const setup = { dbFile: engine.file };
    const threaded = new ThreadSlices(readerScript, setup);
    const fresh = new ThreadSlices(readerScript, setup);
    cleanups.push(async () => {
      await threaded.close();
      await fresh.close();
      conn.closeSync();
      duck.closeSync();
    });
    const options = { batch: 20_000, maxColumns: 100 };
    await catchUp(conn, threaded, reader, mirrored, 10_000, options);

    // The next batch fails after its first slice gave `a` its columns (and the backfill of
    // the objects before), with slices read ahead on their way: the transaction rolls back
    // and the tree is reloaded from the mirror, without those columns.
    const failing: SliceSource = {
      open: (range) => {
        const stream = threaded.open(range);
        let taken = 0;
        return {
          next: () => (++taken === 2 ? Promise.reject(new Error('disk full')) : stream.next()),
          close: () => stream.close(),
        };
      },
      release: () => threaded.release(),
      close: () => threaded.close(),
    };
    await expect(catchUp(conn, failing, reader, mirrored, 30_000, options)).rejects.toThrow(
      'disk full',
    );
    expect(mirrored.mirroredTo).toBe(10_000);
    expect(mirrored.tree.find('payload', '$."a"')?.cols).toEqual({});

    // The same reader thread goes on with the next range, whose flattener starts from the
    // committed catalog again; then a fresh thread, which knows of `a`'s column only from that
    // catalog: the objects of 30,001..40,000 are at a path with a column.
    await catchUp(conn, threaded, reader, mirrored, 30_000, options);
    await catchUp(conn, fresh, reader, mirrored, 40_000, options);
    expect(mirrored.mirroredTo).toBe(40_000);

    // The mirror's `a` columns hold exactly what SQLite has at `a`, object or not.
    const cols = mirrored.tree.find('payload', '$."a"')!.cols;
    const got = await rows(
      conn,
      `SELECT pos, coalesce(c${cols.s}, c${cols.j}) FROM ev_${mirrored.ino} ORDER BY pos`,
    );
    const want = engine.db
      .prepare(`SELECT pos, json_extract(payload, '$.a') FROM ev_${instance.ino} ORDER BY pos`)
      .raw()
      .all() as [number, string][];
    expect(got).toHaveLength(40_000);
    expect(got.map(([pos, v]) => [Number(pos), v])).toEqual(want);
  }, 120_000);

  it('fills in the objects of earlier slices of the same batch when their path gains a column', async () => {
    const { dir, engine } = database();
    engine.createInstance('log');
    // One batch of 20,000 events in three slices: `a` is an object in the first 9,000 events
    // (the whole first slice, which is in the batch's appender, not yet in the table) and a
    // string after, so its objects are filled in from the log partway through the batch.
    for (let from = 0; from < 20_000; from += 5_000) {
      engine.append(
        'log',
        Array.from({ length: 5_000 }, (_, k) => ({
          streamId: 's',
          eventType: 'E',
          timestamp: Date.UTC(2026, 0, 1) + from + k,
          payload: from + k < 9_000 ? { a: { k: (from + k) % 3 } } : { a: `v${k % 2}` },
        })),
        false,
      );
    }
    const config = { buildBatch: 20_000, tailBatch: 100 };
    const mirror = await Mirror.open({
      db: engine.db,
      file: path.join(dir, 'm.duckdb'),
      config,
      readerScript,
    });
    cleanups.push(() => mirror.close());
    await mirror.catchUpAll();
    for (const query of [
      { from: { instance: 'log' }, reduce: { type: 'count' as const, groupBy: ['payload.a'] } },
      {
        from: { instance: 'log' },
        where: [{ field: 'payload.a', operator: 'eq' as const, value: 'v1' }],
      },
    ]) {
      const got = await mirror.query(query);
      expect(got, 'the mirror declined').not.toBeNull();
      expect(strip(got!)).toEqual(strip(engine.query(query)));
    }
  }, 60_000);
});
