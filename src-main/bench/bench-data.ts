import fs from 'node:fs';
import path from 'node:path';
import { generateShopEvents, type GeneratorOptions } from '../../src-shared/demo/shop-events';
import { Engine } from '../engine/engine';

/** Bumped when the stored layout changes, so stale cached files are rebuilt. */
const layoutVersion = 1;

/** The month the benches' shop events span: from 2026-01-01, 30 days. */
export const shopMonth = { startMs: Date.UTC(2026, 0, 1), spanMs: 30 * 86_400_000 };

/** The benches' shop database: `count` events over 1,000 streams and `shopMonth`. */
export function shopMonthDatabase(count: number): string {
  return benchDatabase({ count, seed: 1, streams: 1_000, ...shopMonth });
}

/**
 * The benchmark database: the shop generator's events appended through Engine.append in
 * batches of 1,000, then ANALYZEd. Cached under .bench/, keyed by the generator parameters.
 */
export function benchDatabase(options: GeneratorOptions, dir = '.bench'): string {
  const key = `shop-n${options.count}-s${options.seed ?? 1}-st${options.streams ?? 1000}-v${layoutVersion}`;
  const file = path.resolve(dir, `${key}.db`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.building`;
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
  const engine = Engine.open(tmp);
  const started = performance.now();
  engine.createInstance('shop');
  let batch: Parameters<Engine['append']>[1][number][] = [];
  let done = 0;
  for (const e of generateShopEvents(options)) {
    batch.push(e);
    if (batch.length === 1_000) {
      engine.append('shop', batch, false);
      done += batch.length;
      batch = [];
      if (done % 100_000 === 0) process.stderr.write(`  generated ${done} events\r`);
    }
  }
  if (batch.length > 0) engine.append('shop', batch, false);
  engine.db.exec('ANALYZE');
  engine.db.pragma('wal_checkpoint(TRUNCATE)');
  engine.close();
  fs.renameSync(tmp, file);
  for (const f of [`${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
  console.error(`built ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return file;
}

/** The same rows as NDJSON (for DuckDB), exported from the SQLite file itself. */
export function exportNdjson(dbFile: string): string {
  const out = dbFile.replace(/\.db$/u, '.ndjson');
  if (fs.existsSync(out)) return out;
  const engine = Engine.open(dbFile, { integrityCheck: false });
  const fd = fs.openSync(`${out}.tmp`, 'w');
  try {
    writeInstanceNdjson(engine, 'shop', fd);
  } finally {
    fs.closeSync(fd);
    engine.close();
  }
  fs.renameSync(`${out}.tmp`, out);
  return out;
}

/** Writes an instance's events to `fd` as NDJSON rows (position, names, time, payload, metadata). */
export function writeInstanceNdjson(engine: Engine, instance: string, fd: number): void {
  const ino = engine.instances.require(instance).ino;
  const rows = engine.db
    .prepare(
      `SELECT e.pos AS pos, s.name AS stream_id, t.name AS event_type, e.ts AS ts, e.seq AS seq,
         json(e.payload) AS payload, json(e.metadata) AS metadata
       FROM ev_${ino} e JOIN streams s ON s.sno = e.sno JOIN event_types t ON t.tno = e.tno
       ORDER BY e.pos`,
    )
    .raw()
    .iterate() as IterableIterator<[number, string, string, number, number, string, string]>;
  let chunk = '';
  for (const [pos, stream, type, ts, seq, payload, metadata] of rows) {
    chunk += `{"pos":${pos},"stream_id":${JSON.stringify(stream)},"event_type":${JSON.stringify(type)},"ts":${ts},"seq":${seq},"payload":${payload},"metadata":${metadata}}\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, chunk);
      chunk = '';
    }
  }
  fs.writeSync(fd, chunk);
}
