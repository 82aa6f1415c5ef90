import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Query } from '../../src-shared/contract/query';
import type { QueryResult } from '../../src-shared/contract/records';
import { Engine } from '../engine/engine';
import { Mirror } from '../engine/mirror/mirror';
import { mirrorFileFor, mirrorSizeBytes, removeMirrorFiles } from '../engine/mirror/mirror-files';
import { MirrorKeeper } from '../engine/mirror/mirror-keeper';
import { readerScriptIn } from '../engine/mirror/slice-source';
import { dropQueryIndexes } from '../engine/query/hot-paths';
import { exportNdjson, shopMonthDatabase } from './bench-data';
import { mib, readOptions, RssSampler, summarize, table } from './measure';

/**
 * The mirror benchmark: the issue's analysis queries answered by the columnar mirror, first
 * run and warm (median of `reps`), beside DuckDB itself on the same rows loaded from NDJSON as
 * typed STRUCT columns (read_json_auto) in the same run, and the SQLite engine once (no index).
 * Also: the mirror's build from nothing (its last 1,000,000 events stand for "a catch-up of 1M
 * new events"), its size beside the SQLite file, and peak memory. Every mirror answer is
 * checked against SQLite's.
 *
 * Two first runs of the mirror: **after its warm-up**, what a user of a host sees (the host's
 * MirrorKeeper, as its worker runs it, opens the mirror, catches up, reads every column in the
 * background: warm-up.ts; the bench waits for that, then runs each query), and on a **cold
 * open** (Mirror.open, then each query at once: the blocks come from the file). Both in one
 * process, so whichever runs second finds what the process pays once (the first percentile
 * query of the process) already paid: `--cold after` (default) measures the warmed-up host
 * first, as a fresh app would be; `--cold before` the cold open first, as this bench did before
 * the warm-up existed; `--cold skip` leaves it out.
 *
 *   npm run bench -- mirror [--events 1000000[,5000000]] [--reps 5] [--sqlite 1] [--part build]
 *                           [--first mirror|duckdb] [--cold after|before|skip]
 *
 * `--part build` stops after the build (its time, CPU, memory and size), skipping the queries.
 * `--first`: which side runs each query first (default the mirror, which then pays what the
 * process does once for a kind of query; `duckdb` measures the other order).
 *
 * The SQLite file is cached under .bench/ (shopMonthDatabase); the mirror is rebuilt every run.
 */
interface Case {
  name: string;
  dsl: Query;
  duck: string;
}

const from = { instance: 'shop' };
const cases: Case[] = [
  {
    name: 'count by payload.user.country',
    dsl: { from, reduce: { type: 'count', groupBy: ['payload.user.country'] } },
    duck: `SELECT payload.user.country, count(*) AS n FROM events GROUP BY 1 ORDER BY n DESC`,
  },
  {
    name: 'avg payload.durationMs by type',
    dsl: { from, reduce: { type: 'avg', field: 'payload.durationMs', groupBy: ['event_type'] } },
    duck: `SELECT event_type, avg(payload.durationMs) AS v FROM events GROUP BY 1 ORDER BY v DESC NULLS LAST`,
  },
  {
    name: 'distinct metadata.traceId (~all distinct)',
    dsl: { from, reduce: { type: 'count', field: 'metadata.traceId', distinct: true } },
    duck: `SELECT count(DISTINCT metadata.traceId) FROM events`,
  },
  {
    name: "contains 'timeout' on payload.message, 100 + total",
    dsl: { from, where: [{ field: 'payload.message', operator: 'contains', value: 'timeout' }] },
    duck: `SELECT *, count(*) OVER () AS total FROM events WHERE contains(payload.message, 'timeout') ORDER BY pos LIMIT 100`,
  },
  {
    name: 'count by payload.user.country, payload.user.tier',
    dsl: {
      from,
      reduce: { type: 'count', groupBy: ['payload.user.country', 'payload.user.tier'] },
    },
    duck: `SELECT payload.user.country, payload.user.tier, count(*) AS n FROM events GROUP BY 1, 2 ORDER BY n DESC`,
  },
  ...[0.5, 0.99].map((p): Case => ({
    name: `p${p * 100} of payload.durationMs by type`,
    dsl: {
      from,
      reduce: { type: 'percentile', field: 'payload.durationMs', p, groupBy: ['event_type'] },
    },
    duck: `SELECT event_type, quantile_disc(payload.durationMs, ${p}) AS v FROM events GROUP BY 1 ORDER BY v DESC NULLS LAST`,
  })),
  {
    name: '1h histogram stacked by payload.user.tier',
    dsl: {
      from,
      reduce: {
        type: 'count',
        groupBy: [{ field: 'timestamp', interval: '1h' }, 'payload.user.tier'],
      },
      limit: 10_000,
    },
    duck: `SELECT ts - ts % 3600000 AS h, payload.user.tier, count(*) FROM events GROUP BY 1, 2 ORDER BY 1, 2`,
  },
  {
    name: 'top 20 of metadata.traceId',
    dsl: { from, reduce: { type: 'count', groupBy: ['metadata.traceId'] }, limit: 20 },
    duck: `SELECT metadata.traceId, count(*) AS n FROM events GROUP BY 1 ORDER BY n DESC, 1 LIMIT 20`,
  },
];

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const secs = (x: number) => `${(x / 1000).toFixed(1)} s`;

export async function runMirrorBench(args: string[]): Promise<void> {
  const options = readOptions(args, {
    events: '1000000',
    reps: 5,
    sqlite: 1,
    part: 'all',
    first: 'mirror',
    cold: 'after',
  });
  if (options.part !== 'all' && options.part !== 'build') {
    throw new Error(`--part is all or build, not "${options.part}"`);
  }
  if (options.first !== 'mirror' && options.first !== 'duckdb') {
    throw new Error(`--first is mirror or duckdb, not "${options.first}"`);
  }
  if (!['after', 'before', 'skip'].includes(String(options.cold))) {
    throw new Error(`--cold is after, before or skip, not "${options.cold}"`);
  }
  const counts = String(options.events).split(',').map(Number);
  const reps = Number(options.reps);
  const results = new Map<number, Map<string, { warm: number; first: number }>>();
  for (const count of counts) {
    results.set(
      count,
      await benchAt(
        count,
        reps,
        Number(options.sqlite) !== 0,
        options.part === 'build',
        options.first === 'duckdb',
        options.cold as Cold,
      ),
    );
  }
  if (counts.length > 1) {
    const [a, b] = [counts[0]!, counts[counts.length - 1]!];
    console.log(`\nGrowth from ${a.toLocaleString('en')} to ${b.toLocaleString('en')} events:`);
    const rows = [...results.get(a)!.keys()].map((name) => {
      const x = results.get(a)!.get(name)!;
      const y = results.get(b)!.get(name)!;
      return [name, `${(y.first / x.first).toFixed(2)}x`, `${(y.warm / x.warm).toFixed(2)}x`];
    });
    console.log(table(['figure', 'first run', 'warm'], rows));
  }
}

type Cold = 'after' | 'before' | 'skip';

/** What answers the mirror's queries in the bench: a Mirror, or a host's MirrorKeeper. */
interface Answers {
  query(query: Query): Promise<QueryResult | null>;
}

async function benchAt(
  count: number,
  reps: number,
  withSqlite: boolean,
  buildOnly: boolean,
  duckFirst: boolean,
  cold: Cold,
): Promise<Map<string, { warm: number; first: number }>> {
  const figures = new Map<string, { warm: number; first: number }>();
  const file = shopMonthDatabase(count);
  const engine = Engine.open(file, { integrityCheck: false, autoIndex: false });
  dropQueryIndexes(engine.db, engine.instances.require('shop').ino);
  const mirrorFile = mirrorFileFor(file);
  removeMirrorFiles(mirrorFile);

  // The build, from nothing.
  const rss = new RssSampler();
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  let lastMillionAt = count <= 1_000_000 ? started : 0;
  // Beside the bench's entry (out/main/bench.js); this module is bundled in a chunk below it.
  const readerScript = readerScriptIn(path.dirname(process.argv[1]!));
  const building = await Mirror.open({
    db: engine.db,
    file: mirrorFile,
    ...(readerScript ? { readerScript } : {}),
  });
  await building.catchUpAll({
    onBatch: () => {
      rss.sample();
      if (!lastMillionAt && building.progress().mirrored >= count - 1_000_000) {
        lastMillionAt = performance.now();
      }
    },
  });
  const built = performance.now();
  const cpu = process.cpuUsage(cpu0);
  await building.close();
  const sqliteBytes = fs.statSync(file).size;
  const mirrorBytes = mirrorSizeBytes(mirrorFile);
  const lastMillion = Math.min(count, 1_000_000);
  figures.set('build', { first: built - started, warm: built - started });
  figures.set('catch-up 1M', { first: built - lastMillionAt, warm: built - lastMillionAt });
  console.log(
    `\n${count.toLocaleString('en')} shop events (machine load ${os.loadavg()[0]!.toFixed(1)} ` +
      `on ${os.availableParallelism()} cores)`,
  );
  console.log(
    `mirror built in ${secs(built - started)} (${Math.round((count / (built - started)) * 1000).toLocaleString('en')} events/s, ` +
      `CPU ${secs((cpu.user + cpu.system) / 1000)}); its last ${lastMillion.toLocaleString('en')} events ` +
      `in ${secs(built - lastMillionAt)} (target <= 10 s for 1M); peak RSS ${mib(rss.peak)}`,
  );
  console.log(
    `mirror ${mib(mirrorBytes)} beside a ${mib(sqliteBytes)} SQLite file: ` +
      `${(mirrorBytes / sqliteBytes).toFixed(2)}x (target <= 0.30x)`,
  );
  if (buildOnly) {
    engine.close();
    return figures;
  }

  // The same rows as DuckDB loads them itself: typed STRUCT columns.
  const duck = await DuckDBInstance.create(':memory:');
  const conn = await duck.connect();
  const ndjson = exportNdjson(file);
  const loadStarted = performance.now();
  await conn.run(
    `CREATE TABLE events AS SELECT * FROM read_json_auto('${ndjson.replace(/'/gu, "''")}', sample_size = -1, format = 'newline_delimited')`,
  );
  console.log(
    `DuckDB loaded the NDJSON as STRUCT columns in ${secs(performance.now() - loadStarted)}`,
  );

  // A cold open: the first run of each query on a mirror just opened (nothing of it in
  // DuckDB's buffer pool), one run each.
  const coldFirsts = async (): Promise<Map<string, number>> => {
    const opened = await Mirror.open({ db: engine.db, file: mirrorFile });
    const firsts = new Map<string, number>();
    for (const c of cases) {
      const t = performance.now();
      if (!(await opened.query(c.dsl))) throw new Error(`the mirror declined "${c.name}"`);
      firsts.set(c.name, performance.now() - t);
    }
    await opened.close();
    return firsts;
  };
  const coldBefore = cold === 'before' ? await coldFirsts() : undefined;

  // What a host's user sees: its keeper opens the mirror, catches up (nothing to copy here),
  // and warms it up in the background; the first chart comes once that has ended.
  const keeper = new MirrorKeeper({ db: engine.db, mirrorFile });
  const opened = performance.now();
  await keeper.start();
  await keeper.idle();
  const warmUp = await keeper.warmUpDone();
  console.log(
    `warm-up: ${warmUp.state}${warmUp.reason ? ` (${warmUp.reason})` : ''}, ${warmUp.read} of ` +
      `${warmUp.pieces} pieces (${mib(warmUp.bytes)} file) in ${ms(warmUp.ms)} ms; ` +
      `${ms(performance.now() - opened)} ms from the open (load ${os.loadavg()[0]!.toFixed(1)})`,
  );
  const found: { c: Case; ours: Timed; theirs: { first: number; warm: number }; sqlite: string }[] =
    [];
  const strip = ({ tookMs: _t, ...rest }: QueryResult) => rest;
  for (const c of cases) {
    // Who runs a query first pays what the process does once for it (the first percentile
    // in the process took ~100 ms more whichever side ran it: performance.md).
    const theirsFirst = duckFirst ? await timeDuck(conn, c.duck, reps) : null;
    const ours = await timeMirror(keeper, c.dsl, reps);
    const theirs = theirsFirst ?? (await timeDuck(conn, c.duck, reps));
    let sqlite = '-';
    if (withSqlite) {
      const t = performance.now();
      const want = engine.query(c.dsl);
      sqlite = ms(performance.now() - t);
      if (!isDeepStrictEqual(strip(want), strip(ours.answer))) {
        throw new Error(`the mirror and SQLite disagree on "${c.name}"`);
      }
    }
    found.push({ c, ours, theirs, sqlite });
    console.error(`  ${c.name}: ${ms(ours.warm)} ms warm vs DuckDB ${ms(theirs.warm)} ms`);
  }
  await keeper.close();
  const coldAfter = cold === 'after' ? await coldFirsts() : undefined;
  const coldFirst = coldBefore ?? coldAfter;

  const limit = count >= 5_000_000 ? 1_000 : Infinity;
  const rows = found.map(({ c, ours, theirs, sqlite }) => {
    figures.set(c.name, { first: ours.first, warm: ours.warm });
    const met =
      ours.warm <= 2 * theirs.warm && ours.first <= 2 * theirs.first && ours.first <= limit;
    const coldMs = coldFirst?.get(c.name);
    return [
      c.name,
      ms(ours.first),
      coldMs === undefined ? '-' : ms(coldMs),
      ms(ours.warm),
      ms(theirs.first),
      ms(theirs.warm),
      `${(ours.first / theirs.first).toFixed(2)}x`,
      coldMs === undefined ? '-' : `${(coldMs / theirs.first).toFixed(2)}x`,
      `${(ours.warm / theirs.warm).toFixed(2)}x`,
      sqlite,
      met ? 'yes' : 'NO',
    ];
  });
  conn.closeSync();
  duck.closeSync();
  engine.close();
  const coldLabel = {
    after: 'cold: a freshly opened mirror, measured after the host in the same process',
    before: 'cold: a freshly opened mirror, measured first in the process',
    skip: 'cold: not measured',
  }[cold];
  console.log(
    `\nQueries, ms. first, warmed up: a host's mirror after its warm-up (${coldLabel}); ` +
      `${duckFirst ? 'DuckDB' : 'the mirror'} ran each query first; warm: median of ${reps}. ` +
      `SQLite: one run, no index\n`,
  );
  console.log(
    table(
      [
        'query',
        'first, warmed up',
        'first, cold open',
        'mirror warm',
        'DuckDB first',
        'DuckDB warm',
        'ratio warmed up',
        'ratio cold',
        'ratio warm',
        'SQLite',
        '<= 2x DuckDB' + (count >= 5_000_000 ? ', < 1 s' : ''),
      ],
      rows,
    ),
  );
  return figures;
}

interface Timed {
  first: number;
  warm: number;
  answer: QueryResult;
}

async function timeMirror(mirror: Answers, query: Query, reps: number): Promise<Timed> {
  let t = performance.now();
  const answer = await mirror.query(query);
  const first = performance.now() - t;
  if (!answer) throw new Error(`the mirror declined ${JSON.stringify(query)}`);
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    t = performance.now();
    await mirror.query(query);
    times.push(performance.now() - t);
  }
  return { first, warm: summarize(times).median, answer };
}

async function timeDuck(
  conn: DuckDBConnection,
  text: string,
  reps: number,
): Promise<{ first: number; warm: number }> {
  let t = performance.now();
  await conn.runAndReadAll(text);
  const first = performance.now() - t;
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    t = performance.now();
    await conn.runAndReadAll(text);
    times.push(performance.now() - t);
  }
  return { first, warm: summarize(times).median };
}
