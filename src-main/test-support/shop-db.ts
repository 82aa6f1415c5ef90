import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateShopEvents, type GeneratedEvent } from '../../src-shared/demo/shop-events';
import { migrations } from '../engine/db/migrations';
import { Engine } from '../engine/engine';

export interface ShopDbSpec {
  /** Instance name. */
  instance: string;
  count: number;
  seed?: number;
  streams?: number;
}

/** Appends generated shop events to a new instance of an open engine, in batches of 10,000. */
export function fillShop(engine: Engine, spec: ShopDbSpec): void {
  engine.createInstance(spec.instance);
  const batch: GeneratedEvent[] = [];
  const flush = () => {
    engine.append(spec.instance, batch, false);
    batch.length = 0;
  };
  for (const event of generateShopEvents({
    count: spec.count,
    seed: spec.seed ?? 1,
    streams: spec.streams ?? 1_000,
  })) {
    batch.push(event);
    if (batch.length === 10_000) flush();
  }
  if (batch.length > 0) flush();
}

/**
 * A query over a shop instance that keeps a worker busy for a while (a substring filter and a
 * distinct collect per user, on every event): for tests of cancelling and closing.
 */
export function slowShopQuery(instance: string) {
  return {
    from: { instance },
    where: [{ field: 'payload.message', operator: 'contains' as const, value: 'o' }],
    reduce: {
      type: 'collect' as const,
      field: 'payload.message',
      distinct: true,
      groupBy: ['payload.user.id'],
    },
  };
}

/** One event in each of `streams` streams named stream-000001…, for the stream-tree tests. */
export function fillManyStreams(engine: Engine, instance: string, streams: number): void {
  engine.createInstance(instance);
  const width = String(streams).length;
  for (let start = 0; start < streams; start += 10_000) {
    const events = [];
    for (let i = start; i < Math.min(streams, start + 10_000); i++) {
      events.push({
        stream_id: `stream-${String(i + 1).padStart(width, '0')}`,
        event_type: 'Touched',
        timestamp: Date.UTC(2026, 0, 1) + i * 1000,
        payload: { i },
      });
    }
    engine.append(instance, events, false);
  }
}

/** Where cached databases live: keyed by what built them, kept across runs. */
export function cacheDir(): string {
  return process.env.EVENTLENS_CACHE_DIR ?? path.join(os.tmpdir(), 'eventlens-cache');
}

/**
 * A database built once and reused: `build` runs only when no file for `key` exists. The file
 * is built under a temporary name and renamed, so an interrupted build never leaves a half
 * database behind under the real name. Callers must not write to it.
 */
export function cachedDb(key: string, build: (engine: Engine) => void): string {
  const dir = cacheDir();
  fs.mkdirSync(dir, { recursive: true });
  // Keyed by every migration version: a database missing one (e.g. a number that landed
  // later) is rebuilt, never reused with a gap.
  const schema = migrations.map((m) => m.version).join('.');
  const file = path.join(dir, `${key}-schema${schema}.db`);
  if (fs.existsSync(file)) return file;
  const tmp = `${file}.${process.pid}.building`;
  const engine = Engine.open(tmp);
  try {
    build(engine);
    engine.db.exec('ANALYZE');
    engine.db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    engine.close();
  }
  for (const suffix of ['-wal', '-shm']) fs.rmSync(tmp + suffix, { force: true });
  fs.renameSync(tmp, file);
  return file;
}

/** A copy of a cached database that a test may change; removed by the returned cleanup. */
export function copyOfCachedDb(file: string): { file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-copy-'));
  const copy = path.join(dir, path.basename(file));
  fs.copyFileSync(file, copy);
  return { file: copy, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
