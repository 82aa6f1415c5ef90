import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../engine/engine';
import { Mirror } from '../engine/mirror/mirror';
import { mirrorFileFor } from '../engine/mirror/mirror-files';
import { mirrorCandidate } from '../engine/mirror/mirror-routing';
import { readerScriptIn } from '../engine/mirror/slice-source';
import { EventLogService } from '../engine/service';
import { textTable } from '../engine/search/text-index';
import { inBatches } from './ingest-bench';
import { mib, rate, readOptions, summarize, table } from './measure';
import type { Query } from '../../src-shared/contract/query';
import type { EventRecord, QueryResult } from '../../src-shared/contract/records';
import { aroundQuery, showInStreamQuery, type EventAnchor } from '../../src-shared/search/around';
import { writeInstanceNdjson } from './bench-data';
import { settingsPart } from './text-index-settings';
import type { BenchSuite } from './suite';
import { commonWord, generateWebLogEvents, rareWord, type WebLogEvent } from './web-log-events';

/**
 * The search benchmark (`npm run bench -- search [--events N] [--ingest N] [--reps N]
 * [--part ingest|query|settings]`): what the text index costs an append, how big it is, and
 * how fast text search answers on generated web-log events, beside DuckDB scanning the same
 * rows. `settings` (text-index-settings.ts) runs only when asked.
 *
 * The queries are routed as a host routes them (mirror-routing.ts): the columnar mirror
 * (docs/mirror.md) is built or caught up before any timing, and what it takes (a regex on
 * one field) it answers; the rest SQLite does. Rows the mirror answers also show SQLite's time
 * alone for the same query.
 */
const batches = (count: number, size: number, seed: number): Generator<WebLogEvent[]> =>
  inBatches(generateWebLogEvents({ count, seed }), size);

type IngestMode = 'deferred' | 'inline';

/**
 * Appends `count` events through the service, in batches of 1,000: `deferred` as the engine
 * does by default (batches that large leave the text index to the catch-up), `inline` with
 * every batch indexed in its own transaction. Answers the append rate, the process's CPU time
 * per event in those calls (steadier than the rate when other work shares the cores), and for
 * `deferred` the rate at which the catch-up then indexes the same events.
 */
async function appendRun(
  file: string,
  count: number,
  mode: IngestMode,
): Promise<{
  append: number;
  cpuUs: number;
  catchUp?: number;
  size?: { index: number; file: number };
}> {
  const engine = Engine.open(file, {
    autoIndex: false,
    textIndexInline: mode === 'inline' ? Infinity : 0,
  });
  const service = new EventLogService(engine);
  engine.createInstance('web');
  let nanos = 0n;
  let cpu = 0;
  for (const batch of batches(count, 1_000, 1)) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const envelope = await service.api.appendEvents({ instanceId: 'web', events: batch });
    nanos += process.hrtime.bigint() - t0;
    const c = process.cpuUsage(c0);
    cpu += c.user + c.system;
    if (!envelope.success) throw new Error(`appendEvents failed: ${envelope.error}`);
  }
  const append = count / (Number(nanos) / 1e9);
  let catchUp: number | undefined;
  let size: { index: number; file: number } | undefined;
  if (mode === 'deferred') {
    const t0 = performance.now();
    engine.catchUpTextIndex('web');
    catchUp = count / ((performance.now() - t0) / 1000);
    size = textIndexBytes(engine, engine.instances.require('web').ino);
  }
  engine.close();
  return { append, cpuUs: cpu / count, ...(catchUp ? { catchUp } : {}), ...(size ? { size } : {}) };
}

/** Bytes of the database's pages that belong to the instance's text index, and of the file. */
export function textIndexBytes(engine: Engine, ino: number): { index: number; file: number } {
  const t = textTable(ino);
  const index = engine.db
    .prepare<[string], number>(
      `SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE ? ESCAPE '\\'`,
    )
    .pluck()
    .get(`${t.replace(/_/gu, '\\_')}%`)!;
  const file = engine.db
    .prepare<[], number>('SELECT page_count * page_size FROM pragma_page_count, pragma_page_size')
    .pluck()
    .get()!;
  return { index, file };
}

async function ingestPart(count: number, reps: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-search-bench-'));
  const rates = { deferred: [] as number[], inline: [] as number[], catchUp: [] as number[] };
  const cpu = { deferred: [] as number[], inline: [] as number[] };
  let size = { index: 0, file: 0 };
  try {
    for (let rep = 1; rep <= reps; rep++) {
      for (const mode of ['deferred', 'inline'] as const) {
        const file = path.join(dir, `${mode}-${rep}.db`);
        const r = await appendRun(file, count, mode);
        rates[mode].push(r.append);
        cpu[mode].push(r.cpuUs);
        if (r.catchUp) rates.catchUp.push(r.catchUp);
        if (r.size) size = r.size;
        console.log(
          `  run ${rep} ${mode.padEnd(8)} append ${rate(r.append)} (CPU ${r.cpuUs.toFixed(1)} us an event)` +
            (r.catchUp ? `, then the catch-up indexes ${rate(r.catchUp)}` : ''),
        );
        for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const row = (label: string, xs: number[]) => {
    const s = summarize(xs);
    return [label, rate(s.min), rate(s.median), rate(s.max)];
  };
  console.log(
    '\n' +
      table(
        ['events/s, batches of 1,000', 'min', 'median', 'max'],
        [
          row('appendEvents, index caught up later (default)', rates.deferred),
          row('appendEvents, every batch indexed inline', rates.inline),
          row('catch-up: indexing stored events', rates.catchUp),
        ],
      ),
  );
  const d = summarize(rates.deferred).median;
  const i = summarize(rates.inline).median;
  const c = summarize(rates.catchUp).median;
  // The deferred append does not touch the index: it runs as appends without one would. What
  // the index costs is the catch-up after it; both together, per event, against the append.
  const sustained = 1 / d / (1 / d + 1 / c);
  const cpuRatio = summarize(cpu.deferred).median / summarize(cpu.inline).median;
  console.log(
    `\ninline / deferred appends (medians): ${(i / d).toFixed(2)}x` +
      ` (by CPU time per event: ${cpuRatio.toFixed(2)}x)` +
      `\nwith the index caught up (append + catch-up) / the append alone: ${sustained.toFixed(2)}x` +
      `\ntext index: ${mib(size.index)} of a ${mib(size.file)} database ` +
      `(${((100 * size.index) / size.file).toFixed(0)}%), ${(size.index / count).toFixed(0)} bytes per event`,
  );
}

/**
 * The web-log database for the query part: `count` events appended through the engine in
 * batches of 1,000, the text index caught up, ANALYZEd; cached under .bench/.
 */
function webLogDatabase(count: number): string {
  const file = path.resolve('.bench', `weblog-n${count}-v1.db`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.building`;
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
  const engine = Engine.open(tmp, { autoIndex: false });
  engine.createInstance('web');
  let t0 = performance.now();
  let done = 0;
  for (const batch of batches(count, 1_000, 1)) {
    engine.append('web', batch, false);
    done += batch.length;
    if (done % 100_000 === 0) process.stderr.write(`  appended ${done} events\r`);
  }
  console.error(`appended ${count} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  t0 = performance.now();
  engine.catchUpTextIndex('web', {
    onProgress: (n, of) => process.stderr.write(`  indexed ${n} of ${of} events\r`),
  });
  console.error(`text index caught up in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  engine.db.exec('ANALYZE');
  engine.db.pragma('wal_checkpoint(TRUNCATE)');
  engine.close();
  fs.renameSync(tmp, file);
  for (const f of [`${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
  return file;
}

/** The same rows for DuckDB: typed columns, and every string of the event in one text column. */
async function loadDuck(engine: Engine, conn: DuckDBConnection, file: string): Promise<void> {
  const ndjson = file.replace(/\.db$/u, '.ndjson');
  if (!fs.existsSync(ndjson)) {
    const fd = fs.openSync(`${ndjson}.tmp`, 'w');
    writeInstanceNdjson(engine, 'web', fd);
    fs.closeSync(fd);
    fs.renameSync(`${ndjson}.tmp`, ndjson);
  }
  await conn.run(
    `CREATE TABLE events AS SELECT *, concat_ws(' ', stream_id, event_type, payload::VARCHAR, metadata::VARCHAR) AS alltext
     FROM read_json_auto('${ndjson.replace(/'/gu, "''")}', sample_size = -1, format = 'newline_delimited')`,
  );
}

const runs = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timeAsync(f: () => unknown): Promise<number> {
  await f(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  return median(times);
}

interface SearchCase {
  name: string;
  target: string;
  dsl: Query;
  duck?: string;
  meets: (ours: number, duck: number | null, total: number) => boolean;
}

/**
 * The mirror of the bench's database, next to it (`.db.mirror.duckdb`), built on the first run
 * (the reader thread beside the build, as in a host) and caught up on later ones, before any
 * query is timed: a host's mirror follows its log the same way.
 */
async function caughtUpMirror(engine: Engine, file: string): Promise<Mirror> {
  const readerScript = readerScriptIn(path.dirname(process.argv[1]!));
  const started = performance.now();
  const mirror = await Mirror.open({
    db: engine.db,
    file: mirrorFileFor(file),
    ...(readerScript ? { readerScript } : {}),
  });
  const before = mirror.progress().mirrored;
  await mirror.catchUpAll();
  const copied = mirror.progress().mirrored - before;
  console.error(
    `mirror caught up in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
      `(${copied.toLocaleString('en-US')} events copied)`,
  );
  return mirror;
}

/** A query as a host routes it: the mirror first for its shapes, SQLite for the rest. */
async function routed(
  engine: Engine,
  mirror: Mirror,
  query: Query,
): Promise<QueryResult & { engine: 'sqlite' | 'mirror' }> {
  const answer = mirrorCandidate(query) ? await mirror.query(query) : null;
  return answer ? { ...answer, engine: 'mirror' } : { ...engine.query(query), engine: 'sqlite' };
}

async function queryPart(count: number): Promise<void> {
  const file = webLogDatabase(count);
  const engine = Engine.open(file, { integrityCheck: false, autoIndex: false });
  const from = { instance: 'web' };
  const any = (operator: 'icontains' | 'contains', value: string) =>
    ({ field: '*', operator, value }) as const;
  const newest = { field: 'timestamp', direction: 'desc' } as const;
  // "Around this event" and "Show in stream" as the app builds them (src-shared/search/around.ts).
  const middle = engine.query({ from, limit: 1, offset: Math.floor(count / 2) })
    .events![0] as EventRecord;
  const anchor: EventAnchor = { instance: from.instance, ...middle };
  const cases: SearchCase[] = [
    {
      name: `rare word "${rareWord}" anywhere: count + first page`,
      target: '<= 50 ms, >= 20x faster than DuckDB ILIKE',
      dsl: { from, where: [any('icontains', rareWord)], orderBy: newest, limit: 100 },
      duck: `SELECT *, count(*) OVER () AS total FROM events WHERE alltext ILIKE '%${rareWord}%' ORDER BY ts DESC LIMIT 100`,
      meets: (ours, duck) => ours <= 50 && duck !== null && duck / ours >= 20,
    },
    {
      // As the app asks for a page (total: false): the rows show, then the exact total follows
      // from a second request, the next case.
      name: `common word "${commonWord}" anywhere: first page`,
      target: '<= 50 ms',
      dsl: {
        from,
        where: [any('icontains', commonWord)],
        orderBy: newest,
        limit: 100,
        total: false,
      },
      duck: `SELECT * FROM events WHERE alltext ILIKE '%${commonWord}%' ORDER BY ts DESC LIMIT 100`,
      meets: (ours) => ours <= 50,
    },
    {
      name: `common word "${commonWord}" anywhere: first page with its exact total`,
      target: '(reported)',
      dsl: { from, where: [any('icontains', commonWord)], orderBy: newest, limit: 100 },
      duck: `SELECT *, count(*) OVER () AS total FROM events WHERE alltext ILIKE '%${commonWord}%' ORDER BY ts DESC LIMIT 100`,
      meets: () => true,
    },
    {
      name: `common word "${commonWord}" anywhere: exact count`,
      target: '<= 1 s',
      dsl: { from, where: [any('icontains', commonWord)], limit: 0 },
      duck: `SELECT count(*) FROM events WHERE alltext ILIKE '%${commonWord}%'`,
      meets: (ours) => ours <= 1000,
    },
    {
      name: 'regex on payload.userAgent: count + first page',
      target: '<= 3x DuckDB regexp_matches',
      dsl: {
        from,
        where: [{ field: 'payload.userAgent', operator: 'matches', value: 'Googlebot/\\d\\.\\d' }],
        limit: 100,
      },
      duck: `SELECT *, count(*) OVER () AS total FROM events WHERE regexp_matches(payload.userAgent, 'Googlebot/\\d\\.\\d') ORDER BY pos LIMIT 100`,
      meets: (ours, duck) => duck !== null && ours <= 3 * duck,
    },
    {
      name: 'around an event: ±10 in its stream, ±5 s across',
      target: '<= 50 ms',
      dsl: aroundQuery(anchor, { events: 10, seconds: 5, limit: 200 }),
      meets: (ours) => ours <= 50,
    },
    {
      name: 'show in stream: its stream opened at it',
      target: '<= 50 ms',
      dsl: showInStreamQuery(anchor),
      meets: (ours) => ours <= 50,
    },
    {
      // Its literal, /product/, is in most events' text: the text index barely narrows it.
      name: 'regex ^/product/\\d{5}$ on payload.path: count',
      target: '<= 3x DuckDB regexp_matches',
      dsl: {
        from,
        where: [{ field: 'payload.path', operator: 'matches', value: '^/product/\\d{5}$' }],
        limit: 0,
      },
      duck: `SELECT count(*) FROM events WHERE regexp_matches(payload.path, '^/product/\\d{5}$')`,
      meets: (ours, duck) => duck !== null && ours <= 3 * duck,
    },
    {
      // A rare literal: the text index finds it in a few events, so the mirror, having
      // counted the index's hits, leaves it to SQLite (text-index-first.ts).
      name: `regex with a rare literal on payload.message: count + first page`,
      target: '(reported)',
      dsl: {
        from,
        where: [{ field: 'payload.message', operator: 'matches', value: `${rareWord} \\w+ set` }],
        limit: 100,
      },
      duck: `SELECT *, count(*) OVER () AS total FROM events WHERE regexp_matches(payload.message, '${rareWord} \\w+ set') ORDER BY pos LIMIT 100`,
      meets: () => true,
    },
  ];
  const duckdb = await DuckDBInstance.create(':memory:');
  const conn = await duckdb.connect();
  const loaded = performance.now();
  await loadDuck(engine, conn, file);
  console.error(`DuckDB loaded in ${((performance.now() - loaded) / 1000).toFixed(1)} s`);
  const mirror = await caughtUpMirror(engine, file);
  const rows: string[][] = [];
  for (const c of cases) {
    // The matches, counted by the same query asked with its total (a page asked with
    // `total: false` carries none).
    const counted = await routed(engine, mirror, { ...c.dsl, total: true });
    const total = counted.total;
    if (total === null) throw new Error(`"${c.name}" answered without its total`);
    const ours = await timeAsync(() => routed(engine, mirror, c.dsl));
    const duck = c.duck ? await timeAsync(() => conn.runAndReadAll(c.duck!)) : null;
    let sqlite = '-';
    if (counted.engine === 'mirror') {
      const alone = engine.query({ ...c.dsl, total: true });
      if (alone.total !== total) throw new Error(`the mirror and SQLite disagree on "${c.name}"`);
      sqlite = (await timeAsync(() => engine.query(c.dsl))).toFixed(1);
    }
    rows.push([
      c.name,
      total.toLocaleString('en-US'),
      counted.engine,
      ours.toFixed(1),
      sqlite,
      duck === null ? '-' : duck.toFixed(1),
      duck === null ? '-' : `${(duck / ours).toFixed(1)}x`,
      c.target,
      c.meets(ours, duck, total) ? 'yes' : 'NO',
    ]);
    console.error(
      `  ${c.name}: ${ours.toFixed(1)} ms by ${counted.engine} (SQLite alone ${sqlite} ms, ` +
        `DuckDB ${duck?.toFixed(1) ?? '-'} ms)`,
    );
  }
  await mirror.close();
  conn.closeSync();
  duckdb.closeSync();
  engine.close();
  console.log(
    `\nSearch: ${count.toLocaleString('en-US')} web-log events, median of ${runs} ` +
      `(load average ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores)\n`,
  );
  console.log(
    table(
      [
        'query',
        'matches',
        'answered by',
        'eventlens ms',
        'SQLite alone ms',
        'DuckDB ms',
        'DuckDB / ours',
        'target',
        'met',
      ],
      rows,
    ),
  );
}

export const searchSuite: BenchSuite = {
  name: 'search',
  summary: 'text search over every field: index cost and size, searches beside DuckDB',
  async run(args) {
    const o = readOptions(args, { events: 1_000_000, ingest: 200_000, reps: 3, part: 'all' });
    if (o.part === 'all' || o.part === 'ingest') {
      console.log(
        `\nIngest: ${Number(o.ingest).toLocaleString('en-US')} web-log events, ${o.reps} ` +
          'alternating repetitions without and with the text index',
      );
      await ingestPart(Number(o.ingest), Number(o.reps));
    }
    if (o.part === 'settings') settingsPart(Number(o.ingest));
    if (o.part === 'all' || o.part === 'query') await queryPart(Number(o.events));
  },
};
