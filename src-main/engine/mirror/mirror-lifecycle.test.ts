import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/contract/json-value';
import type { EventInput } from '../../../src-shared/contract/operations';
import type { Query } from '../../../src-shared/contract/query';
import type { QueryResult } from '../../../src-shared/contract/records';
import { tempDir } from '../../test-support/temp-db';
import { Engine } from '../engine';
import { Mirror } from './mirror';
import { checkMirror } from './mirror-check';
import { mirrorFileFor } from './mirror-files';

/**
 * The mirror's life: built, resumed, never trusted. Real SQLite and DuckDB files in a temp
 * folder; every answer the mirror gives is checked against SQLite's.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function database(name = 'events.db') {
  const { dir, cleanup } = tempDir();
  const file = path.join(dir, name);
  const engine = Engine.open(file, { autoIndex: false });
  cleanups.push(cleanup, () => engine.close());
  return { dir, file, engine };
}

async function openMirror(
  engine: Engine,
  config: Parameters<typeof Mirror.open>[0]['config'] = {},
) {
  const mirror = await Mirror.open({ db: engine.db, file: mirrorFileFor(engine.file), config });
  cleanups.push(() => mirror.close());
  return mirror;
}

const events = (n: number, payload: (i: number) => EventInput['payload']): EventInput[] =>
  Array.from({ length: n }, (_, i) => ({
    streamId: `s${i % 7}`,
    eventType: i % 3 === 0 ? 'A' : 'B',
    timestamp: Date.UTC(2026, 0, 1) + i * 1000,
    payload: payload(i),
  }));

const strip = ({ tookMs: _t, ...rest }: QueryResult) => rest;

/** The mirror's answer, which must be there and equal SQLite's. */
async function sameAsSqlite(mirror: Mirror, engine: Engine, q: Query): Promise<void> {
  const got = await mirror.query(q);
  expect(got, `the mirror declined ${JSON.stringify(q)}`).not.toBeNull();
  expect(strip(got!)).toEqual(strip(engine.query(q)));
}

const countBy = (field: string, instance = 'log'): Query => ({
  from: { instance },
  reduce: { type: 'count', groupBy: [field] },
});

describe('the mirror is never trusted', () => {
  it('rebuilds a file DuckDB cannot open', async () => {
    const { engine, file } = database();
    engine.createInstance('log');
    engine.append(
      'log',
      events(500, (i) => ({ level: i % 4 ? 'info' : 'error' })),
      false,
    );
    fs.writeFileSync(mirrorFileFor(file), Buffer.alloc(64 * 1024, 0x5a));
    const mirror = await openMirror(engine);
    await mirror.catchUpAll();
    await sameAsSqlite(mirror, engine, countBy('payload.level'));
  });

  it('starts over an instance whose events are not the log’s (a database restored from a backup)', async () => {
    const { engine, file, dir } = database();
    engine.createInstance('log');
    engine.append(
      'log',
      events(100, (i) => ({ n: i })),
      false,
    );
    const backup = path.join(dir, 'backup.db');
    engine.db.exec(`VACUUM INTO '${backup}'`);
    engine.append(
      'log',
      events(200, (i) => ({ n: -i })),
      false,
    );
    const first = await openMirror(engine);
    await first.catchUpAll();
    await first.close();
    engine.close();
    fs.copyFileSync(backup, file);
    const restored = Engine.open(file, { autoIndex: false });
    cleanups.push(() => restored.close());
    const mirrorFile = mirrorFileFor(file);
    expect((await checkMirror(restored.db, mirrorFile)).instances[0]!.problem).toMatch(/ahead/u);
    // New writes after the restore: as many events as the mirror holds, but other ones.
    restored.append(
      'log',
      events(200, (i) => ({ n: 1_000 + i, other: true })),
      false,
    );
    expect((await checkMirror(restored.db, mirrorFile)).instances[0]!.problem).toMatch(
      /not the log/u,
    );
    const mirror = await openMirror(restored);
    await mirror.catchUpAll();
    await sameAsSqlite(mirror, restored, countBy('payload.other'));
    await sameAsSqlite(mirror, restored, {
      from: { instance: 'log' },
      reduce: { type: 'max', field: 'payload.n' },
    });
  });

  it('drops the mirror of an instance deleted meanwhile, and never answers for its successor', async () => {
    const { engine } = database();
    engine.createInstance('old');
    engine.append(
      'old',
      events(200, () => ({ k: 'old' })),
      false,
    );
    const mirror = await openMirror(engine);
    await mirror.catchUpAll();
    await mirror.close();
    // While no process holds the mirror: the instance goes, another takes its number.
    engine.deleteInstance('old');
    engine.createInstance('new');
    engine.append(
      'new',
      events(50, () => ({ k: 'new' })),
      false,
    );
    expect(engine.instances.require('new').ino).toBe(1);
    const again = await openMirror(engine);
    await again.catchUpAll();
    await sameAsSqlite(again, engine, countBy('payload.k', 'new'));
    expect(again.progress()).toMatchObject({ mirrored: 50, events: 50 });
  });
});

describe('the mirror follows the log', () => {
  it('resumes a catch-up that stopped half-way from the last committed batch', async () => {
    const { engine } = database();
    engine.createInstance('log');
    engine.append(
      'log',
      events(5_000, (i) => ({ n: i % 10 })),
      false,
    );
    const mirror = await openMirror(engine, { buildBatch: 1_000, tailBatch: 1_000 });
    let batches = 0;
    await mirror.catchUpAll({ stop: () => batches >= 2, onBatch: () => batches++ });
    expect(mirror.progress().mirrored).toBe(2_000);
    await mirror.close();
    const resumed = await openMirror(engine, { buildBatch: 1_000, tailBatch: 1_000 });
    expect(resumed.progress().mirrored).toBe(2_000);
    await resumed.catchUpAll();
    await sameAsSqlite(resumed, engine, {
      from: { instance: 'log' },
      reduce: { type: 'sum', field: 'payload.n', groupBy: ['event_type'] },
    });
  });

  it('adds columns for paths and types that appear later, and keeps objects at mixed paths', async () => {
    const { engine } = database();
    engine.createInstance('log');
    engine.append(
      'log',
      events(100, (i) => ({ a: { b: i } })),
      false,
    );
    const mirror = await openMirror(engine);
    await mirror.catchUpAll();
    // `a` held only objects so far (not mirrored whole); now it is also a string and a
    // number, and a new path appears. The earlier objects are filled into its new column.
    engine.append(
      'log',
      events(100, (i): JsonObject => (i % 2 ? { a: 'x', c: true } : { a: i })),
      false,
    );
    for (const q of [
      countBy('payload.a'),
      countBy('payload.c'),
      { from: { instance: 'log' }, reduce: { type: 'count' as const, field: 'payload.a' } },
      { from: { instance: 'log' }, orderBy: { field: 'payload.a' }, limit: 5, offset: 98 },
    ]) {
      await sameAsSqlite(mirror, engine, q);
    }
  });

  it('declines paths past the column cap, and SQLite answers them', async () => {
    const { engine } = database();
    engine.createInstance('log');
    engine.append(
      'log',
      events(40, (i) => ({ [`k${i}`]: i, common: i % 2 })),
      false,
    );
    const mirror = await openMirror(engine, { maxColumns: 10 });
    await mirror.catchUpAll();
    await sameAsSqlite(mirror, engine, countBy('payload.common'));
    expect(await mirror.query(countBy('payload.k39'))).toBeNull();
    const unknown = await mirror.query(countBy('payload.never'));
    expect(unknown && strip(unknown)).toEqual(strip(engine.query(countBy('payload.never'))));
  });

  it('sums exactly where the numbers allow, and leaves cancelling sums to SQLite', async () => {
    const { engine } = database();
    engine.createInstance('log');
    engine.append(
      'log',
      events(3, (i) => ({ x: [173.94, 59.32, 250.66][i]! })),
      false,
    );
    engine.createInstance('huge');
    engine.append(
      'huge',
      events(4, (i) => ({ x: [1, 2 ** 60, -(2 ** 60), 1e-7][i]! })),
      false,
    );
    const mirror = await openMirror(engine);
    await mirror.catchUpAll();
    const sum = (instance: string): Query => ({
      from: { instance },
      reduce: { type: 'sum', field: 'payload.x' },
    });
    // 483.92, as SQLite's compensated sum (DuckDB's fsum says 483.91999999999996).
    await sameAsSqlite(mirror, engine, sum('log'));
    expect(engine.query(sum('log')).aggregation).toMatchObject({ value: 483.92 });
    // 1 + 2^60 - 2^60 + 1e-7 spans too many binary orders to add exactly: SQLite answers.
    expect(await mirror.query(sum('huge'))).toBeNull();
  });
});
