import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MirrorStatus } from '../../../src-shared/contract/mirror-status';
import type { Query } from '../../../src-shared/contract/query';
import type { GroupedAggregation, QueryResult } from '../../../src-shared/contract/records';
import { repoRoot, requireBuild } from '../../test-support/built-cli';
import { sameAnswer } from '../../test-support/same-answer';
import { tempDir } from '../../test-support/temp-db';
import { ChangeFeed } from '../change-feed';
import { generateShopEvents } from '../../../src-shared/demo/shop-events';
import { Engine } from '../engine';
import { createQueryIndex } from '../query/hot-paths';
import { EventLogService } from '../service';
import { mirrorFileFor } from './mirror-files';
import type { MirrorHost } from './mirror-host';
import { createMirroredQueryRunner } from './mirrored-query-runner';

/**
 * The mirror as a host runs it: its own worker thread, fed by the change feed, in front of
 * the query worker pool. Answers say which engine gave them and equal SQLite's.
 */
const workerScript = path.join(repoRoot, 'out', 'main', 'query-worker.js');
const mirrorWorkerScript = path.join(repoRoot, 'out', 'main', 'mirror-worker.js');

beforeAll(() => {
  requireBuild();
  if (!fs.existsSync(mirrorWorkerScript)) throw new Error('run "npm run build" first');
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function open(events = 3_000) {
  const { dir, cleanup } = tempDir();
  const file = path.join(dir, 'events.db');
  const engine = Engine.open(file);
  engine.createInstance('shop');
  const all = [...generateShopEvents({ count: events, seed: 5 })];
  for (let i = 0; i < all.length; i += 1_000) engine.append('shop', all.slice(i, i + 1_000), false);
  const { queryRunner, mirror } = createMirroredQueryRunner(engine, {
    workerScript,
    mirrorWorkerScript,
    size: 1,
  });
  const service = new EventLogService(engine, {
    queryRunner,
    mirrorStatus: () => mirror!.status(),
  });
  const feed = new ChangeFeed(service, { intervalMs: 50 }).start();
  mirror!.follow(feed);
  cleanups.push(
    cleanup,
    () => engine.close(),
    () => queryRunner.close(),
    () => feed.stop(),
  );
  return { file, engine, service, mirror: mirror!, feed };
}

function until(mirror: MirrorHost, test: (s: MirrorStatus) => boolean): Promise<MirrorStatus> {
  return new Promise((resolve) => {
    if (test(mirror.status())) return resolve(mirror.status());
    const stop = mirror.onStatus((s) => {
      if (test(s)) {
        stop();
        resolve(s);
      }
    });
  });
}

async function query(service: EventLogService, q: Query): Promise<QueryResult> {
  const envelope = await service.api.queryEvents({ query: q });
  if (!envelope.success) throw new Error(envelope.error);
  return envelope.data.result;
}

const from = { instance: 'shop' };
const byCountry: Query = { from, reduce: { type: 'count', groupBy: ['payload.user.country'] } };

describe('the mirror in a host', () => {
  it('is built on open, answers payload aggregations, and follows appends', async () => {
    const { engine, service, mirror, file } = open();
    const ready = await until(mirror, (s) => s.state === 'ready' && s.mirrored === 3_000);
    expect(ready).toMatchObject({ mirrored: 3_000, events: 3_000, file: mirrorFileFor(file) });
    expect(ready.sizeBytes).toBeGreaterThan(0);

    const got = await query(service, byCountry);
    expect(got.engine).toBe('mirror');
    const { tookMs: _a, engine: _e, ...answer } = got;
    const { tookMs: _b, ...want } = engine.query(byCountry);
    expect(sameAnswer(answer, want)).toBe(true);

    // Pages, counts the rollups keep, and lookups stay on SQLite.
    expect((await query(service, { from, limit: 5 })).engine).toBe('sqlite');
    expect(
      (await query(service, { from, reduce: { type: 'count', groupBy: ['event_type'] } })).engine,
    ).toBe('sqlite');

    // An append acknowledged before the query is in its answer (folded in if need be).
    await service.api.appendEvents({
      instanceId: 'shop',
      events: [{ streamId: 'x', eventType: 'T', payload: { user: { country: 'ZZ' } } }],
    });
    const after = await query(service, byCountry);
    expect(after.engine).toBe('mirror');
    const groups = (after.aggregation as GroupedAggregation).groups;
    expect(groups).toContainEqual({ key: { 'payload.user.country': 'ZZ' }, value: 1, count: 1 });
    await until(mirror, (s) => s.mirrored === 3_001);

    const stats = await service.api.getInstanceStats({ instanceId: 'shop' });
    expect(stats.success && stats.data.mirrorSizeBytes).toBeGreaterThan(0);
    // What the status bar shows: this instance's part of the mirror's progress.
    expect(stats.success && stats.data.mirror).toEqual({
      state: 'ready',
      mirrored: 3_001,
      events: 3_001,
    });
  });

  it('answers a regex on one field in the mirror worker; SQLite what it declines or refuses', async () => {
    const { engine, service, mirror } = open(1_000);
    await until(mirror, (s) => s.state === 'ready' && s.mirrored === 1_000);
    const count = (operator: 'matches' | 'imatches', value: string): Query => ({
      from,
      where: [{ field: 'payload.message', operator, value }],
      reduce: { type: 'count' },
    });
    // Without literals the text index could narrow (those with rare ones are SQLite's).
    for (const q of [
      count('matches', '^\\w+:\\s[A-Z]+-\\d'),
      count('imatches', ':\\s[a-z]+-\\d'),
    ]) {
      const got = await query(service, q);
      expect(got.engine).toBe('mirror');
      expect(got.aggregation).toEqual(engine.query(q).aggregation);
      expect((got.aggregation as { value: number }).value).toBeGreaterThan(0);
    }
    // Unicode properties: the two RE2 builds' tables differ (mirror-regex.ts).
    expect((await query(service, count('matches', '\\pL'))).engine).toBe('sqlite');
    // Valid syntax RE2 will not compile: the engine's error, whichever store was asked.
    const refused = await service.api.queryEvents({ query: count('matches', '(a{100}){11}') });
    expect(refused).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
  });

  it('holds background catch-ups while an import holds the runner; queries still fold in', async () => {
    const { engine, service, mirror } = open(1_000);
    await until(mirror, (s) => s.state === 'ready' && s.mirrored === 1_000);
    const release = service.queryRunner.holdBuilds();
    await service.api.appendEvents({
      instanceId: 'shop',
      events: [...generateShopEvents({ count: 500, seed: 9 })].map((e) => ({ ...e })),
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(mirror.status().mirrored).toBe(1_000);
    const got = await query(service, byCountry);
    expect(got.engine).toBe('mirror');
    expect(got.total).toBe(1_500);
    expect(got.total).toBe(engine.query(byCountry).total);
    release();
    await until(mirror, (s) => s.mirrored === 1_500);
  });

  it('cancels a query on its way to the mirror', async () => {
    const { service, mirror } = open(1_000);
    await until(mirror, (s) => s.state === 'ready' && s.mirrored === 1_000);
    const call = service.call('queryEvents', { query: byCountry }, 'to-cancel');
    expect(service.cancel('to-cancel')).toBe(true);
    expect(await call).toMatchObject({ success: false, code: 'CANCELLED' });
    expect((await query(service, byCountry)).engine).toBe('mirror');
  });

  it('drops the mirror of a deleted instance', async () => {
    const { service, mirror } = open(500);
    await until(mirror, (s) => s.state === 'ready' && s.mirrored === 500);
    await service.api.deleteInstance({ instanceId: 'shop' });
    const after = await until(mirror, (s) => s.instances.length === 0);
    expect(after.events).toBe(0);
  });

  it('retires the on-demand indexes of instances it answers for', async () => {
    const { engine, mirror } = open(500);
    const ino = engine.instances.require('shop').ino;
    createQueryIndex(engine.db, ino, [['json', 'payload', '$."amount"']]);
    await until(mirror, (s) => s.state === 'ready' && s.mirrored === 500);
    await expect
      .poll(() => engine.db.prepare('SELECT count(*) FROM query_indexes').pluck().get(), {
        timeout: 30_000,
      })
      .toBe(0);
  });

  it('answers from SQLite where another host holds the mirror', async () => {
    const first = open(200);
    await until(first.mirror, (s) => s.state === 'ready');
    const { queryRunner, mirror } = createMirroredQueryRunner(first.engine, {
      workerScript,
      mirrorWorkerScript,
      size: 1,
    });
    cleanups.push(() => queryRunner.close());
    expect(mirror!.status()).toMatchObject({ state: 'unavailable' });
    expect((await queryRunner.run(byCountry)).engine).toBe('sqlite');
  });
});
