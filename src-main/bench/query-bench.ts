import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import os from 'node:os';
import type { Query } from '../../src-shared/contract/query';
import { Engine } from '../engine/engine';
import { dropQueryIndexes } from '../engine/query/hot-paths';
import { exportNdjson, shopMonth, shopMonthDatabase } from './bench-data';

/**
 * The query benchmark: each query of the set, median of 5 runs, on the 1,000,000-event
 * shop dataset, beside the same query run by DuckDB on the same rows in the same process.
 *
 *   npm run bench -- query            (EVENTLENS_BENCH_EVENTS=200000 for a quicker run)
 */
interface Case {
  name: string;
  target: string;
  /** Whether the measured pair meets the target. */
  meets: (ours: number, duck: number) => boolean;
  dsl: () => Query;
  duck: string;
}

const runs = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median and best of `runs` timed runs after one warm-up. */
async function timeDuck(
  conn: DuckDBConnection,
  text: string,
): Promise<{ median: number; best: number }> {
  await conn.runAndReadAll(text); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await conn.runAndReadAll(text);
    times.push(performance.now() - t);
  }
  return { median: median(times), best: Math.min(...times) };
}

/** The first run (which may build an index on demand), then median and best of `runs`. */
function timeOurs(engine: Engine, query: Query): { first: number; median: number; best: number } {
  const t0 = performance.now();
  engine.query(query);
  const first = performance.now() - t0;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    engine.query(query);
    times.push(performance.now() - t);
  }
  return { first, median: median(times), best: Math.min(...times) };
}

export async function runQueryBench(): Promise<void> {
  const count = Number(process.env.EVENTLENS_BENCH_EVENTS ?? 1_000_000);
  const { startMs: t0, spanMs: span } = shopMonth;
  const file = shopMonthDatabase(count);
  const engine = Engine.open(file, { integrityCheck: false });
  // Start cold: indexes made on demand by an earlier run are dropped, so the first run of each
  // query shows what building its index costs.
  dropQueryIndexes(engine.db, engine.instances.require('shop').ino);
  const duckdb = await DuckDBInstance.create(':memory:');
  const conn = await duckdb.connect();
  const loadStarted = performance.now();
  const ndjson = exportNdjson(file);
  await conn.run(
    `CREATE TABLE events AS SELECT * FROM read_json_auto('${ndjson.replace(/'/gu, "''")}', sample_size = -1, format = 'newline_delimited')`,
  );
  console.error(
    `DuckDB loaded ${count} rows in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`,
  );

  const from = { instance: 'shop' };
  const lo = t0 + Math.round(span * 0.45);
  const hi = t0 + Math.round(span * 0.55);
  // The row before page 5,000 (100 per page), for both sides' keyset.
  const pageRows = 100;
  const skip = Math.min(4_999 * pageRows, count - pageRows);
  const before = engine.query({
    from,
    orderBy: { field: 'timestamp' },
    limit: 1,
    offset: skip - 1,
  });
  const cursorPage: Query = { from, orderBy: { field: 'timestamp' }, limit: pageRows };
  const prior = engine.query({ ...cursorPage, offset: skip - pageRows });
  const cursor = prior.nextCursor!;
  const lastRow = (
    await conn.runAndReadAll(
      `SELECT ts, pos FROM events ORDER BY ts, pos LIMIT 1 OFFSET ${skip - 1}`,
    )
  ).getRows()[0]!;
  const [lastTs, lastPos] = lastRow.map(Number) as [number, number];
  if (Date.parse((before.events![0] as { timestamp: string }).timestamp) !== lastTs) {
    throw new Error('the two databases disagree on the row before page 5,000');
  }

  const page = (ours: number, duck: number) => ours <= 5 && ours < duck;
  const within = (k: number) => (ours: number, duck: number) => ours <= k * duck;
  const cases: Case[] = [
    {
      name: 'last 100 of a stream',
      target: '<= 5 ms, < DuckDB',
      meets: page,
      dsl: () => ({
        from: { ...from, stream: 'user-1000' },
        orderBy: { field: 'sequence_number', direction: 'desc' },
        limit: 100,
      }),
      duck: `SELECT *, count(*) OVER () AS total FROM events WHERE stream_id = 'user-1000' ORDER BY seq DESC LIMIT 100`,
    },
    {
      name: '10% time window, one type, first 100',
      target: '<= 5 ms, < DuckDB',
      meets: page,
      dsl: () => ({
        from,
        where: [
          { field: 'event_type', operator: 'eq', value: 'PageViewed' },
          { field: 'timestamp', operator: 'between', value: [lo, hi] },
        ],
        orderBy: { field: 'timestamp' },
        limit: 100,
      }),
      duck: `SELECT *, count(*) OVER () AS total FROM events WHERE event_type = 'PageViewed' AND ts BETWEEN ${lo} AND ${hi} ORDER BY ts, pos LIMIT 100`,
    },
    {
      name: 'page 5,000 by cursor',
      target: '<= 5 ms, < DuckDB',
      meets: page,
      dsl: () => ({ ...cursorPage, cursor }),
      duck: `SELECT * FROM events WHERE ts > ${lastTs} OR (ts = ${lastTs} AND pos > ${lastPos}) ORDER BY ts, pos LIMIT 100`,
    },
    {
      name: 'count by event type',
      target: '<= 50 ms',
      meets: (ours) => ours <= 50,
      dsl: () => ({ from, reduce: { type: 'count', groupBy: ['event_type'] } }),
      duck: `SELECT event_type, count(*) AS n FROM events GROUP BY 1 ORDER BY n DESC`,
    },
    {
      name: 'count by payload.user.country',
      target: '<= 5x DuckDB',
      meets: within(5),
      dsl: () => ({ from, reduce: { type: 'count', groupBy: ['payload.user.country'] } }),
      duck: `SELECT payload.user.country AS k, count(*) AS n FROM events GROUP BY 1 ORDER BY n DESC`,
    },
    ...(['avg', 'min', 'max'] as const).map((type): Case => ({
      name: `${type} payload.amount by type`,
      target: '<= 5x DuckDB',
      meets: within(5),
      dsl: () => ({ from, reduce: { type, field: 'payload.amount', groupBy: ['event_type'] } }),
      duck: `SELECT event_type, ${type}(payload.amount) AS v, count(*) FROM events GROUP BY 1 ORDER BY v DESC NULLS LAST`,
    })),
    {
      name: 'sum amount, 2 types (in), by currency',
      target: '<= 5x DuckDB',
      meets: within(5),
      dsl: () => ({
        from,
        where: [
          { field: 'event_type', operator: 'in', value: ['OrderPlaced', 'PaymentAuthorized'] },
        ],
        reduce: { type: 'sum', field: 'payload.amount', groupBy: ['payload.currency'] },
      }),
      duck: `SELECT payload.currency AS k, sum(payload.amount) AS v, count(*) FROM events WHERE event_type IN ('OrderPlaced', 'PaymentAuthorized') GROUP BY 1 ORDER BY v DESC`,
    },
    {
      name: 'contains on payload.message',
      target: '<= 3x DuckDB',
      meets: within(3),
      dsl: () => ({
        from,
        where: [{ field: 'payload.message', operator: 'contains', value: 'from JP on /checkout' }],
        limit: 100,
      }),
      duck: `SELECT *, count(*) OVER () AS total FROM events WHERE contains(payload.message, 'from JP on /checkout') ORDER BY pos LIMIT 100`,
    },
    {
      name: 'collect distinct country by type',
      target: '<= 5x DuckDB',
      meets: within(5),
      dsl: () => ({
        from,
        reduce: {
          type: 'collect',
          field: 'payload.user.country',
          distinct: true,
          groupBy: ['event_type'],
        },
      }),
      duck: `SELECT event_type, list(DISTINCT payload.user.country) AS v, count(*) FROM events GROUP BY 1`,
    },
  ];

  const rows: string[][] = [
    [
      'query',
      'eventlens ms',
      'DuckDB ms',
      'ratio',
      'target',
      'met',
      'first run ms',
      'best of 5 (ours / DuckDB)',
    ],
  ];
  for (const c of cases) {
    const { first, median: ours, best } = timeOurs(engine, c.dsl());
    const { median: duck, best: duckBest } = await timeDuck(conn, c.duck);
    rows.push([
      c.name,
      ours.toFixed(2),
      duck.toFixed(2),
      `${(ours / duck).toFixed(2)}x`,
      c.target,
      c.meets(ours, duck) ? 'yes' : 'NO',
      first.toFixed(0),
      `${best.toFixed(2)} / ${duckBest.toFixed(2)}`,
    ]);
    console.error(`  ${c.name}: ${ours.toFixed(2)} ms vs ${duck.toFixed(2)} ms`);
  }
  const built = engine.db
    .prepare('SELECT name, columns, build_ms FROM query_indexes ORDER BY created_at')
    .all() as { name: string; columns: string; build_ms: number }[];
  conn.closeSync();
  duckdb.closeSync();
  engine.close();
  printTable(
    `Query bench: ${count.toLocaleString('en-US')} events, median of ${runs} ` +
      `(machine load average ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores)`,
    rows,
  );
  console.log(
    '\nIndexes made on demand during this run (the first run of a query builds its index):',
  );
  for (const b of built) console.log(`  ${b.name} ${b.columns} built in ${b.build_ms} ms`);
}

function printTable(title: string, rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\n${title}\n`);
  console.log(line(rows[0]!));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) console.log(line(r));
}
