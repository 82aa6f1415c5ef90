import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ImportSpec } from '../../src-shared/contract/import-spec';
import { generateShopEvents } from '../../src-shared/demo/shop-events';
import { Engine } from '../engine/engine';
import { parserIn } from '../engine/import/parse-on-thread';
import { defaultBatchSize, runImport } from '../engine/import/run-import';
import { EventLogService } from '../engine/service';
import { baselineWriter, batches } from './ingest-bench';

/**
 * Import speed against the engine's own append rate. The baselines are what the ingest bench
 * measures: appendEvents through the service in batches of 1,000, and plain better-sqlite3
 * inserts of the same rows into an unindexed table (only the writing is timed). The import
 * reads the same events from an NDJSON file and is timed whole: reading, parsing, mapping,
 * appending. Targets: the import runs at >= 80% of appendEvents, appendEvents at >= 50% of
 * plain inserts; all three are measured in each round, so the ratios compare like with like.
 *
 * The import parses on a thread of its own beside the writer (`--parser thread`, as the CLI and
 * the app do); `--parser inline` parses on the writing thread, for comparison.
 *
 *   npm run bench -- import [--events 1000000] [--batch-size 5000] [--rounds 1] [--keep]
 *     [--parser thread|inline]
 */
export async function runImportBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: 'string', default: '1000000' },
      dir: { type: 'string', default: '.bench' },
      'batch-size': { type: 'string' },
      rounds: { type: 'string', default: '1' },
      keep: { type: 'boolean', default: false },
      parser: { type: 'string', default: 'thread' },
    },
  });
  if (values.parser !== 'thread' && values.parser !== 'inline') {
    throw new Error(`--parser: expected thread or inline, got "${values.parser}"`);
  }
  // The bench runs as out/main/bench.js, beside the built parser thread.
  const parser = values.parser === 'thread' ? parserIn(path.dirname(process.argv[1]!)) : undefined;
  if (values.parser === 'thread' && !parser) throw new Error('the parser thread is not built');
  const count = Number(values.events);
  const dir = path.resolve(values.dir);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `shop-${count}.ndjson`);
  const seed = 7;

  if (!fs.existsSync(file)) {
    const started = performance.now();
    const fd = fs.openSync(file + '.tmp', 'w');
    let buf = '';
    for (const e of generateShopEvents({ count, seed })) {
      buf += JSON.stringify({ ...e, timestamp: new Date(e.timestamp).toISOString() }) + '\n';
      if (buf.length > 1 << 20) {
        fs.writeSync(fd, buf);
        buf = '';
      }
    }
    fs.writeSync(fd, buf);
    fs.closeSync(fd);
    fs.renameSync(file + '.tmp', file);
    console.log(
      `wrote ${file} (${mib(fs.statSync(file).size)}) in ${secs(performance.now() - started)}`,
    );
  }
  console.log(
    `${count.toLocaleString('en')} shop events, ${mib(fs.statSync(file).size)} of NDJSON`,
  );

  const freshDb = (name: string) => {
    const db = path.join(dir, `${name}.db`);
    for (const f of [db, db + '-wal', db + '-shm']) fs.rmSync(f, { force: true });
    return db;
  };

  const rounds = Number(values.rounds);
  const ratios = { importToAppend: [] as number[], appendToPlain: [] as number[] };
  // Rounds alternate the three, so a busy machine slows them alike.
  for (let round = 1; round <= rounds; round++) {
    const plain = plainBaseline(freshDb('bench-plain'), count, seed);
    const baseline = await appendBaseline(freshDb('bench-append'), count, seed);
    const imported = await timedImport(
      freshDb('bench-import'),
      file,
      count,
      values['batch-size'],
      parser,
    );
    ratios.importToAppend.push(imported.rate / baseline.rate);
    ratios.appendToPlain.push(baseline.rate / plain.rate);
    console.log(
      `round ${round}: plain inserts (batches of 1,000) ${rate(plain.rate)} (${secs(plain.ms)}, ${cpuText(plain)}); ` +
        `appendEvents (service, batches of 1,000) ${rate(baseline.rate)} (${secs(baseline.ms)}, ${cpuText(baseline)}); ` +
        `import (batches of ${imported.batchSize}, parsing ${values.parser === 'thread' ? 'on a thread of its own' : 'inline'}) ${rate(imported.rate)} (${secs(imported.ms)}, ${cpuText(imported)} on all threads), ` +
        `peak RSS ${mib(imported.peakRss)}, heap ${mib(imported.peakHeap)}; ` +
        `import/appendEvents ${ratios.importToAppend.at(-1)!.toFixed(2)}, ` +
        `appendEvents/plain ${ratios.appendToPlain.at(-1)!.toFixed(2)}, ` +
        `import/plain ${(imported.rate / plain.rate).toFixed(2)}`,
    );
  }
  console.log(
    `ratio import / appendEvents: median ${median(ratios.importToAppend)} of ${rounds} round(s) (target >= 0.80)\n` +
      `ratio appendEvents / plain inserts: median ${median(ratios.appendToPlain)} (target >= 0.50)`,
  );
  if (!values.keep)
    for (const f of fs.readdirSync(dir)) if (f.startsWith('bench-')) fs.rmSync(path.join(dir, f));
}

/** appendEvents through the service in batches of 1,000; only the calls are timed. */
async function appendBaseline(db: string, count: number, seed: number) {
  const engine = Engine.open(db);
  const service = new EventLogService(engine);
  let ms = 0;
  let cpu = 0;
  let batch: unknown[] = [];
  const flush = async () => {
    const t = performance.now();
    const c = process.cpuUsage();
    const r = await service.call('appendEvents', {
      instanceId: 'shop',
      events: batch,
      autoCreateInstance: true,
    });
    ms += performance.now() - t;
    cpu += cpuSince(c);
    if (!r.success) throw new Error(r.error);
    batch = [];
  };
  for (const e of generateShopEvents({ count, seed })) {
    batch.push(e);
    if (batch.length === 1_000) await flush();
  }
  if (batch.length > 0) await flush();
  engine.close();
  return { ms, rate: (count * 1000) / ms, cpuPerEvent: cpu / count };
}

/** Plain inserts of the same rows in batches of 1,000; only the writes are timed. */
function plainBaseline(db: string, count: number, seed: number) {
  const writer = baselineWriter(db);
  let ms = 0;
  let cpu = 0;
  for (const batch of batches(count, 1_000, seed)) {
    const t = performance.now();
    const c = process.cpuUsage();
    void writer.write(batch);
    ms += performance.now() - t;
    cpu += cpuSince(c);
  }
  void writer.close(); // the plain writer closes at once
  return { ms, rate: (count * 1000) / ms, cpuPerEvent: cpu / count };
}

/** The import, timed whole (read, parse, map, append), with the process's peak memory. */
async function timedImport(
  db: string,
  file: string,
  count: number,
  batchSize: string | undefined,
  parser: { file: string } | undefined,
) {
  const engine = Engine.open(db);
  const spec: ImportSpec = {
    instance: 'shop',
    format: 'ndjson',
    mapping: {
      stream: { field: 'stream_id' },
      type: { field: 'event_type' },
      time: { source: { field: 'timestamp' }, format: 'iso' },
      payload: { from: 'field', field: 'payload' },
      metadata: { from: 'metadata', source: true },
    },
  };
  if (batchSize) spec.batchSize = Number(batchSize);
  let peakRss = 0;
  let peakHeap = 0;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const report = await runImport(engine, spec, [file], {
    ...(parser ? { parser } : {}),
    progressIntervalMs: 500,
    onProgress: () => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    },
  });
  const ms = performance.now() - started;
  const cpuPerEvent = cpuSince(cpu0) / count;
  engine.close();
  if (report.status !== 'completed' || report.events !== count) {
    throw new Error(`import: ${report.status}, ${report.events} events, ${report.bad} bad`);
  }
  return {
    ms,
    rate: (count * 1000) / ms,
    cpuPerEvent,
    peakRss,
    peakHeap,
    batchSize: spec.batchSize ?? defaultBatchSize,
  };
}

/** Process CPU (user + system, every thread) since `start`, in microseconds. */
const cpuSince = (start: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(start);
  return c.user + c.system;
};
const cpuText = (r: { cpuPerEvent: number }) => `${r.cpuPerEvent.toFixed(1)} µs CPU/event`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!.toFixed(2);
const mib = (n: number) => `${(n / 1048576).toFixed(0)} MiB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rate = (perSec: number) => `${Math.round(perSec).toLocaleString('en')} events/s`;
