import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyPragmas } from '../engine/db/connection';
import { generateShopEvents, type GeneratedEvent } from '../../src-shared/demo/shop-events';
import { Engine } from '../engine/engine';
import { mirrorFileFor, removeMirrorFiles } from '../engine/mirror/mirror-files';
import { MirrorHost } from '../engine/mirror/mirror-host';
import { EventLogService } from '../engine/service';
import { mib, rate, readOptions, RssSampler, summarize, table } from './measure';
import type { BenchSuite } from './suite';

/**
 * Ingest: `appendEvents` (the real service path: validation, limits, sequence numbers, indexes,
 * rollups, envelopes) against a baseline of plain better-sqlite3 inserts of the same rows into a
 * table without secondary indexes, with the same pragmas, in the same batches and process; and
 * `appendEvents` again with the columnar mirror following the file as a host runs it (its
 * worker thread, told of every append, catching up while the appends go on: issue 21 wants it
 * to cost the append path at most 5%). Runs alternate (baseline, engine, engine + mirror, ...)
 * so that a noisy machine hits all alike (`--mirror 0` leaves the third out). The events are
 * generated before the runs, so the mirror gets no time between batches that the appends do
 * not also get; only the writing is timed.
 */
interface RunResult {
  seconds: number;
  eventsPerSecond: number;
  /** Process CPU (user + system) per event while writing, in microseconds. */
  cpuMicros: number;
  rss: RssSampler;
  fileBytes: number;
  /** What ran beside the appends (the mirror's lag), when anything did. */
  beside: string;
}

type Writer = {
  /** Resolves when it is ready to take the first batch (the mirror opened). */
  ready?(): Promise<void>;
  write(batch: GeneratedEvent[]): void | Promise<void>;
  /** Called after the last batch, before close: what happened beside the appends. */
  finish?(written: number): Promise<string>;
  close(): void | Promise<void>;
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
    close: () => {
      db.close();
    },
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

/** The mirror's worker, built beside the bench's entry (out/main/), or null (run from source). */
function mirrorWorkerScript(): string | null {
  const script = path.join(path.dirname(process.argv[1] ?? ''), 'mirror-worker.js');
  return fs.existsSync(script) ? script : null;
}

/**
 * `appendEvents` with the mirror running beside it as in a host (createMirroredQueryRunner):
 * its worker thread opens the mirror next to the file and is told of every append, so it
 * catches up while the appends go on. `finish` reports how far behind it was at the last
 * append and how long it then took to catch up.
 */
function mirroredWriter(workerScript: string) {
  return (file: string): Writer => {
    const inner = engineWriter(file);
    const mirrorFile = mirrorFileFor(file);
    const mirror = new MirrorHost({ workerScript, dbFile: file, mirrorFile });
    let mirrored = 0;
    const waiters = new Set<() => void>();
    mirror.onStatus((status) => {
      mirrored = status.mirrored;
      for (const wake of waiters) wake();
    });
    let batches = 0;
    return {
      // A host opens its mirror when it starts, before anyone appends: not timed here.
      ready: () =>
        new Promise<void>((resolve) => {
          if (mirror.status().state !== 'starting') return resolve();
          const off = mirror.onStatus((status) => {
            if (status.state === 'starting') return;
            off();
            resolve();
          });
        }),
      write: async (batch) => {
        await inner.write(batch);
        batches++;
        mirror.changed(); // what the host's change feed does for every append of its own
      },
      finish: async (written) => {
        // The appends never yielded to the event loop: take the statuses posted meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 50));
        const behind = written - mirrored;
        const t = performance.now();
        const deadline = t + 120_000;
        while (mirrored < written && performance.now() < deadline) {
          await new Promise<void>((resolve) => {
            const wake = () => (waiters.delete(wake), resolve());
            waiters.add(wake);
            setTimeout(wake, 100);
          });
          mirror.changed();
        }
        const state = mirror.status().state;
        return (
          `mirror (${state}) ${behind.toLocaleString('en-US')} events behind (±250 ms of its progress) at the last of ${batches} ` +
          `appends, caught up ${((performance.now() - t) / 1000).toFixed(1)} s after` +
          (mirrored < written ? ` (NOT caught up: ${mirrored} of ${written})` : '')
        );
      },
      close: async () => {
        await mirror.close();
        await inner.close();
        removeMirrorFiles(mirrorFile);
      },
    };
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
  events: readonly GeneratedEvent[][],
): Promise<RunResult> {
  const file = path.join(dir, `${label}.db`);
  const writer = open(file);
  await writer.ready?.();
  const rss = new RssSampler();
  let nanos = 0n;
  let cpu = 0;
  let written = 0;
  let sinceSample = 0;
  for (const batch of events) {
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
  const beside = (await writer.finish?.(written)) ?? '';
  await writer.close();
  rss.sample();
  const fileBytes = fileSize(file);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  const seconds = Number(nanos) / 1e9;
  return {
    seconds,
    eventsPerSecond: written / seconds,
    cpuMicros: cpu / written,
    rss,
    fileBytes,
    beside,
  };
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
      mirror: 1,
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
    const mirrorScript = Number(o.mirror) !== 0 ? mirrorWorkerScript() : null;
    if (Number(o.mirror) !== 0 && !mirrorScript) {
      console.log('(no built mirror worker beside this script: "npm run bench" builds it)');
    }
    const writers = [
      ['baseline', 'plain inserts, no index', baselineWriter],
      ['engine', 'appendEvents', engineWriter],
      ...(mirrorScript
        ? [['mirror', 'appendEvents, mirror beside', mirroredWriter(mirrorScript)] as const]
        : []),
    ] as const;
    // The same rows for every run, made before any is timed.
    const events = [...batches(count, batchSize, seed)];
    const results: Record<string, RunResult[]> = { baseline: [], engine: [], mirror: [] };
    try {
      for (let rep = 1; rep <= reps; rep++) {
        for (const [label, , open] of writers) {
          if (o.only && o.only !== label) continue; // --only engine: for profiling one side
          const r = await runOnce(open, dir, label, events);
          results[label]!.push(r);
          console.log(
            `  run ${rep} ${label.padEnd(8)} ${rate(r.eventsPerSecond).padStart(10)}  ` +
              `${r.seconds.toFixed(1)} s  cpu ${r.cpuMicros.toFixed(1)} us/event  rss ${mib(r.rss.start)} -> peak ${mib(r.rss.peak)} -> ` +
              `${mib(r.rss.end)}  file ${mib(r.fileBytes)}  load ${os.loadavg()[0]!.toFixed(1)}` +
              (r.beside ? `\n      ${r.beside}` : ''),
          );
        }
      }
    } finally {
      if (!o.dir) fs.rmSync(dir, { recursive: true, force: true });
    }
    if (o.only) return;
    const rows = writers.map(([label, name]) => {
      const s = summarize(results[label]!.map((r) => r.eventsPerSecond));
      const peak = Math.max(...results[label]!.map((r) => r.rss.peak));
      const cpu = summarize(results[label]!.map((r) => r.cpuMicros)).median;
      return [name, rate(s.min), rate(s.median), rate(s.max), `${cpu.toFixed(1)} us`, mib(peak)];
    });
    console.log('\n' + table(['events/s', 'min', 'median', 'max', 'cpu/event', 'peak rss'], rows));
    // Ratios of runs made one after the other (a rep's), then their median: a noisy machine
    // moves neighbouring runs alike more than it moves the medians of all.
    const ratio = (a: string, b: string) =>
      summarize(results[a]!.map((r, i) => r.eventsPerSecond / results[b]![i]!.eventsPerSecond))
        .median;
    const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
    console.log(
      `\nappendEvents / baseline (median of the repetitions' ratios): ${pct(ratio('engine', 'baseline'))} (target: at least 50%)`,
    );
    if (mirrorScript) {
      console.log(
        `appendEvents with the mirror beside / baseline: ${pct(ratio('mirror', 'baseline'))} (target: at least 50%)\n` +
          `appendEvents with the mirror beside / without: ${pct(ratio('mirror', 'engine'))} (target: at least 95%)`,
      );
    }
  },
};
