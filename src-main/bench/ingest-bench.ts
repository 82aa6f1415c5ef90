import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyPragmas } from '../engine/db/connection';
import { generateShopEvents, type GeneratedEvent } from '../../src-shared/demo/shop-events';
import { Engine } from '../engine/engine';
import { EventLogService } from '../engine/service';
import { mib, rate, readOptions, RssSampler, summarize, table } from './measure';
import type { BenchSuite } from './suite';

/**
 * Ingest: `appendEvents` (the real service path: validation, limits, sequence numbers, indexes,
 * rollups, envelopes) against a baseline of plain better-sqlite3 inserts of the same rows into a
 * table without secondary indexes, with the same pragmas, in the same batches and process.
 * Runs alternate (baseline, engine, baseline, ...) so that a noisy machine hits both alike.
 * Events are generated batch by batch; only the writing is timed.
 */
interface RunResult {
  seconds: number;
  eventsPerSecond: number;
  /** Process CPU (user + system) per event while writing, in microseconds. */
  cpuMicros: number;
  rss: RssSampler;
  fileBytes: number;
}

type Writer = {
  write(batch: GeneratedEvent[]): void | Promise<void>;
  close(): void;
};

/** `events` in arrays of `size` (the last one shorter), as a writer appends them. */
export function* inBatches<T>(events: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const event of events) {
    batch.push(event);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** The generated shop's events, in batches. */
export const batches = (count: number, size: number, seed: number): Generator<GeneratedEvent[]> =>
  inBatches(generateShopEvents({ count, seed }), size);

/** Plain better-sqlite3 inserts into a table without secondary indexes: the floor to compare with. */
export function baselineWriter(file: string): Writer {
  const db = new Database(file);
  applyPragmas(db, 15_000);
  db.exec(`CREATE TABLE events (
    pos INTEGER PRIMARY KEY, stream TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL,
    ts INTEGER NOT NULL, payload TEXT NOT NULL, metadata TEXT NOT NULL) STRICT`);
  const insert = db.prepare<[string, number, string, number, string, string]>(
    'INSERT INTO events (stream, seq, type, ts, payload, metadata) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const seqs = new Map<string, number>();
  const writeBatch = db.transaction((batch: GeneratedEvent[]) => {
    for (const e of batch) {
      const seq = (seqs.get(e.stream_id) ?? 0) + 1;
      seqs.set(e.stream_id, seq);
      insert.run(
        e.stream_id,
        seq,
        e.event_type,
        e.timestamp,
        JSON.stringify(e.payload),
        JSON.stringify(e.metadata),
      );
    }
  });
  return {
    write: (batch) => writeBatch.immediate(batch),
    close: () => db.close(),
  };
}

function engineWriter(file: string): Writer {
  const engine = Engine.open(file);
  const service = new EventLogService(engine);
  const instanceId = 'shop';
  engine.createInstance(instanceId);
  return {
    write: async (batch) => {
      // The service's own entry point, as the CLI, the server and the window call it.
      const envelope = await service.api.appendEvents({ instanceId, events: batch });
      if (!envelope.success) throw new Error(`appendEvents failed: ${envelope.error}`);
    },
    close: () => engine.close(),
  };
}

function fileSize(file: string): number {
  let size = 0;
  for (const suffix of ['', '-wal']) {
    try {
      size += fs.statSync(file + suffix).size;
    } catch {
      // no WAL
    }
  }
  return size;
}

async function runOnce(
  open: (file: string) => Writer,
  dir: string,
  label: string,
  count: number,
  batchSize: number,
  seed: number,
): Promise<RunResult> {
  const file = path.join(dir, `${label}.db`);
  const writer = open(file);
  const rss = new RssSampler();
  let nanos = 0n;
  let cpu = 0;
  let written = 0;
  let sinceSample = 0;
  for (const batch of batches(count, batchSize, seed)) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await writer.write(batch);
    nanos += process.hrtime.bigint() - t0;
    const c = process.cpuUsage(c0);
    cpu += c.user + c.system;
    written += batch.length;
    sinceSample += batch.length;
    if (sinceSample >= 20_000) {
      rss.sample();
      sinceSample = 0;
    }
  }
  writer.close();
  rss.sample();
  const fileBytes = fileSize(file);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  const seconds = Number(nanos) / 1e9;
  return { seconds, eventsPerSecond: written / seconds, cpuMicros: cpu / written, rss, fileBytes };
}

export const ingestSuite: BenchSuite = {
  name: 'ingest',
  summary: 'appendEvents vs plain inserts into an unindexed table (1M events, batches of 1,000)',
  async run(args) {
    const o = readOptions(args, {
      events: 1_000_000,
      batch: 1_000,
      reps: 3,
      seed: 1,
      dir: '',
      only: '',
    });
    const count = Number(o.events);
    const batchSize = Number(o.batch);
    const reps = Number(o.reps);
    const seed = Number(o.seed);
    const dir = String(o.dir) || fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-bench-'));
    fs.mkdirSync(dir, { recursive: true });
    console.log(
      `${count.toLocaleString('en-US')} generated shop events (seed ${seed}), batches of ` +
        `${batchSize.toLocaleString('en-US')}, ${reps} alternating repetitions, files in ${dir}`,
    );
    const results = { baseline: [] as RunResult[], engine: [] as RunResult[] };
    try {
      for (let rep = 1; rep <= reps; rep++) {
        for (const [label, open] of [
          ['baseline', baselineWriter],
          ['engine', engineWriter],
        ] as const) {
          if (o.only && o.only !== label) continue; // --only engine: for profiling one side
          const r = await runOnce(open, dir, label, count, batchSize, seed);
          results[label].push(r);
          console.log(
            `  run ${rep} ${label.padEnd(8)} ${rate(r.eventsPerSecond).padStart(10)}  ` +
              `${r.seconds.toFixed(1)} s  cpu ${r.cpuMicros.toFixed(1)} us/event  rss ${mib(r.rss.start)} -> peak ${mib(r.rss.peak)} -> ` +
              `${mib(r.rss.end)}  file ${mib(r.fileBytes)}`,
          );
        }
      }
    } finally {
      if (!o.dir) fs.rmSync(dir, { recursive: true, force: true });
    }
    if (o.only) return;
    const rows = (['baseline', 'engine'] as const).map((label) => {
      const s = summarize(results[label].map((r) => r.eventsPerSecond));
      const peak = Math.max(...results[label].map((r) => r.rss.peak));
      const cpu = summarize(results[label].map((r) => r.cpuMicros)).median;
      return [
        label === 'baseline' ? 'plain inserts, no index' : 'appendEvents',
        rate(s.min),
        rate(s.median),
        rate(s.max),
        `${cpu.toFixed(1)} us`,
        mib(peak),
      ];
    });
    console.log('\n' + table(['events/s', 'min', 'median', 'max', 'cpu/event', 'peak rss'], rows));
    const ratio =
      summarize(results.engine.map((r) => r.eventsPerSecond)).median /
      summarize(results.baseline.map((r) => r.eventsPerSecond)).median;
    console.log(
      `\nappendEvents / baseline (medians): ${(ratio * 100).toFixed(0)}% (target: at least 50%)`,
    );
  },
};
