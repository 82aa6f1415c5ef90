import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MirrorStatus } from '../../../src-shared/contract/mirror-status';
import type { EventInput } from '../../../src-shared/contract/operations';
import type { Query } from '../../../src-shared/contract/query';
import type { QueryResult } from '../../../src-shared/contract/records';
import { generateShopEvents } from '../../../src-shared/demo/shop-events';
import { tempDir } from '../../test-support/temp-db';
import { Engine } from '../engine';
import { Mirror } from './mirror';
import type { MirrorConfig } from './mirror-config';
import { mirrorFileFor } from './mirror-files';
import { MirrorKeeper } from './mirror-keeper';
import { runWarmUp, type WarmPiece } from './warm-up';

/**
 * The mirror's warm-up (warm-up.ts): after the first caught-up round it reads every column
 * into DuckDB's buffer pool, in pieces that give way to every query, and close stops it. Real
 * SQLite and DuckDB files; answers are checked against SQLite's.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A shop log of `count` events (nested payloads, numbers, strings, arrays). */
function database(count = 6_000) {
  const { dir, cleanup } = tempDir();
  const engine = Engine.open(path.join(dir, 'events.db'), { autoIndex: false });
  cleanups.push(cleanup, () => engine.close());
  engine.createInstance('shop');
  const all = [...generateShopEvents({ count, seed: 7 })];
  for (let i = 0; i < all.length; i += 2_000) engine.append('shop', all.slice(i, i + 2_000), false);
  return engine;
}

function keeperOf(engine: Engine, config: Partial<MirrorConfig> = {}) {
  const statuses: MirrorStatus[] = [];
  const keeper = new MirrorKeeper({
    db: engine.db,
    mirrorFile: mirrorFileFor(engine.file),
    config: { warmUpRows: 1_000, ...config },
    onStatus: (status) => statuses.push(status),
  });
  let closed = false;
  cleanups.push(() => (closed ? undefined : keeper.close()));
  return { keeper, statuses, close: () => ((closed = true), keeper.close()) };
}

/** The real warmPiece, to call from a spy on it (which replaces it on the prototype). */
const original = (
  Object.getOwnPropertyDescriptor(Mirror.prototype, 'warmPiece') as {
    value: Mirror['warmPiece'];
  }
).value;

const strip = ({ tookMs: _t, ...rest }: QueryResult) => rest;
const p50: Query = {
  from: { instance: 'shop' },
  reduce: { type: 'percentile', field: 'payload.durationMs', p: 0.5, groupBy: ['event_type'] },
};

describe('the warm-up', () => {
  it('reads every column of every instance into the buffer pool', async () => {
    // Columns of several row groups and many blocks each (a few thousand events fit in the
    // blocks that opening the mirror reads anyway to check it against the log).
    const { dir, cleanup } = tempDir();
    const engine = Engine.open(path.join(dir, 'events.db'), { autoIndex: false });
    cleanups.push(cleanup, () => engine.close());
    for (const [instance, count] of [
      ['big', 130_000],
      ['small', 20_000],
    ] as const) {
      engine.createInstance(instance);
      for (let at = 0; at < count; at += 10_000) {
        const part: EventInput[] = Array.from({ length: 10_000 }, (_, k) => {
          const i = at + k;
          return {
            streamId: `s${i % 97}`,
            eventType: `T${i % 5}`,
            timestamp: Date.UTC(2026, 0, 1) + i * 1_000,
            payload: { n: (i * 7919) % 100_003, s: `v${i % 1_000}`, u: `id-${i}`, b: i % 3 === 0 },
            metadata: { f: i / 7 },
          };
        });
        engine.append(instance, part, false);
      }
    }
    const file = mirrorFileFor(engine.file);
    const building = await Mirror.open({ db: engine.db, file });
    await building.catchUpAll();
    await building.close();

    // Opened again, as a host's next session: little of the tables is in the pool yet. One
    // piece per column (the default rows per piece): a piece that covers a whole table must
    // read it too, though DuckDB answers min/max/count of one from its statistics.
    const mirror = await Mirror.open({ db: engine.db, file });
    cleanups.push(() => mirror.close());
    const cold = await mirror.pooledTableBytes();
    const outcome = await runWarmUp(mirror, { pause: () => false, stop: () => false });
    expect(outcome).toMatchObject({ state: 'done', failed: 0, pieces: 2 * (5 + 5) });
    expect(outcome.read).toBe(outcome.pieces);
    const warm = await mirror.pooledTableBytes();
    expect(warm).toBeGreaterThan(cold);

    // Charts of every field read nothing more from the file, and answer as SQLite does.
    const on = (instance: string, reduce: Query['reduce']): Query => ({
      from: { instance },
      reduce: reduce!,
      limit: 10_000,
    });
    for (const instance of ['big', 'small']) {
      for (const q of [
        on(instance, { type: 'count', groupBy: ['payload.s', 'payload.b'] }),
        on(instance, { type: 'sum', field: 'payload.n', groupBy: ['stream_id'] }),
        on(instance, { type: 'count', field: 'payload.u', distinct: true }),
        on(instance, { type: 'percentile', field: 'metadata.f', p: 0.5, groupBy: ['event_type'] }),
        on(instance, {
          type: 'count',
          groupBy: [{ field: 'timestamp', interval: '1h' }, 'payload.s'],
        }),
      ]) {
        const got = await mirror.query(q);
        expect(got, JSON.stringify(q)).not.toBeNull();
        expect(strip(got!)).toEqual(strip(engine.query(q)));
      }
    }
    expect(await mirror.pooledTableBytes()).toBe(warm);
  }, 60_000);

  it('starts once the first round has caught up, and close stops it between pieces', async () => {
    const engine = database();
    const { keeper, close } = keeperOf(engine);
    const pieces: { piece: WarmPiece; mirrored: number; afterClose: boolean }[] = [];
    let closing: Promise<void> | undefined;
    vi.spyOn(Mirror.prototype, 'warmPiece').mockImplementation(function (
      this: Mirror,
      piece: WarmPiece,
    ) {
      pieces.push({ piece, mirrored: keeper.status().mirrored, afterClose: !!closing });
      const reading = original.call(this, piece);
      if (pieces.length === 5) closing = close(); // while the fifth piece is read
      return reading;
    });
    await keeper.start();
    const outcome = await keeper.warmUpDone();
    await closing;
    expect(keeper.status().state).toBe('closed');
    expect(outcome.state).toBe('stopped');
    // It began after the build: every event was in the mirror before the first piece.
    expect(pieces[0]!.mirrored).toBe(6_000);
    expect(pieces[0]!.piece).toMatchObject({ column: 'pos', from: 0, to: 1_000 });
    // No piece started once close was called; the fifth, in flight, was interrupted or ended.
    expect(pieces.filter((p) => p.afterClose)).toEqual([]);
    expect(outcome.read).toBeLessThanOrEqual(5);
    expect(outcome.pieces).toBeGreaterThan(100); // (5 + payload columns) × 6 pieces
  }, 30_000);

  it('gives way to a query: it is answered before any further piece, and the same as SQLite', async () => {
    const engine = database();
    const { keeper } = keeperOf(engine);
    let calls = 0;
    let answer: Promise<{ result: QueryResult | null; calls: number }> | undefined;
    vi.spyOn(Mirror.prototype, 'warmPiece').mockImplementation(function (
      this: Mirror,
      piece: WarmPiece,
    ) {
      calls++;
      const reading = original.call(this, piece);
      // While the third piece is read: the query interrupts it, and the warm-up waits.
      if (calls === 3) answer = keeper.query(p50).then((result) => ({ result, calls }));
      return reading;
    });
    await keeper.start();
    const outcome = await keeper.warmUpDone();
    const { result, calls: callsWhenAnswered } = await answer!;
    expect(callsWhenAnswered).toBe(3);
    expect(result).not.toBeNull();
    expect(strip(result!)).toEqual(strip(engine.query(p50)));
    // The piece it interrupted was read again later: every piece read, none failed.
    expect(outcome).toMatchObject({ state: 'done', failed: 0 });
    expect(outcome.read).toBe(outcome.pieces);
  }, 30_000);

  it('waits while catch-ups are held (an import runs), and goes on after', async () => {
    const engine = database(2_000);
    const { keeper } = keeperOf(engine);
    let calls = 0;
    let callsWhenReleased: number | undefined;
    vi.spyOn(Mirror.prototype, 'warmPiece').mockImplementation(function (
      this: Mirror,
      piece: WarmPiece,
    ) {
      if (++calls === 2) {
        keeper.hold(true);
        // Released a little later: no piece may start meanwhile.
        setTimeout(() => {
          callsWhenReleased = calls;
          keeper.hold(false);
        }, 100);
      }
      return original.call(this, piece);
    });
    await keeper.start();
    const outcome = await keeper.warmUpDone();
    expect(callsWhenReleased).toBe(2);
    expect(outcome).toMatchObject({ state: 'done', failed: 0 });
    expect(outcome.read).toBe(outcome.pieces);
  }, 30_000);

  it('is skipped when the mirror is larger than its share of the memory limit, or off', async () => {
    const engine = database(2_000);
    const big = keeperOf(engine, { warmUpShare: 1e-9 });
    await big.keeper.start();
    const skipped = await big.keeper.warmUpDone();
    expect(skipped).toMatchObject({ state: 'skipped', read: 0 });
    expect(skipped.reason).toMatch(/larger than 1e-9 of DuckDB's memory limit/u);
    // The status says so, and why.
    expect(big.keeper.status().warmUp).toMatchObject({ state: 'skipped', read: 0 });
    expect(big.keeper.status().warmUp?.reason).toBe(skipped.reason);
    await big.close();

    const off = keeperOf(engine, { warmUp: false });
    await off.keeper.start();
    expect(await off.keeper.warmUpDone()).toMatchObject({ state: 'off', read: 0 });
    expect(off.keeper.status().warmUp).toMatchObject({ state: 'off' });
  }, 30_000);

  it('reports its start and its end in the status: the memory it takes has settled after', async () => {
    const engine = database(2_000);
    const { keeper, statuses } = keeperOf(engine);
    await keeper.start();
    const outcome = await keeper.warmUpDone();
    const seen = statuses.flatMap((s) => (s.warmUp ? [s.warmUp.state] : []));
    expect(seen[0]).toBe('running');
    expect(seen.at(-1)).toBe('done');
    // It started once every event was mirrored, in a status that says 'ready'.
    const first = statuses.find((s) => s.warmUp)!;
    expect(first).toMatchObject({ state: 'ready', mirrored: 2_000, events: 2_000 });
    expect(statuses.at(-1)!.warmUp).toEqual({
      state: 'done',
      read: outcome.pieces,
      pieces: outcome.pieces,
      ms: outcome.ms,
    });
    expect(keeper.status().warmUp).toEqual(statuses.at(-1)!.warmUp);
  }, 30_000);
});
