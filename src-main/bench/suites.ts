import type { BenchSuite } from './suite';

/**
 * Keeps the options a suite with its own strict parser knows (`--flag value`, or `--flag` for
 * booleans): a bare `npm run bench` gives every suite the same options.
 */
function onlyOptions(args: readonly string[], known: string[], booleans: string[] = []) {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i]!.replace(/^--/u, '');
    const takesValue = !booleans.includes(name);
    if (known.includes(name) || booleans.includes(name)) {
      out.push(args[i]!);
      if (takesValue && args[i + 1] !== undefined) out.push(args[++i]!);
    } else if (args[i + 1] !== undefined && !args[i + 1]!.startsWith('--')) i++;
  }
  return out;
}

/**
 * Every registered suite, run in this order by a bare `npm run bench`. Add new suites here;
 * each module is loaded only when its suite runs.
 */
export const suites: readonly BenchSuite[] = [
  {
    name: 'ingest',
    summary: 'appendEvents vs plain inserts into an unindexed table (1M events, batches of 1,000)',
    run: async (args) => (await import('./ingest-bench')).ingestSuite.run(args),
  },
  {
    name: 'query',
    summary: 'the query set on 1M shop events, beside DuckDB on the same rows (query-bench.ts)',
    run: async () => (await import('./query-bench')).runQueryBench(),
  },
  {
    name: 'mirror',
    summary: 'the columnar mirror: build, size, analysis queries beside DuckDB (mirror-bench.ts)',
    run: async (args) =>
      (await import('./mirror-bench')).runMirrorBench(
        onlyOptions(args, ['events', 'reps', 'sqlite', 'part', 'first', 'cold']),
      ),
  },
  {
    name: 'search',
    summary: 'text search over every field: index cost and size, searches beside DuckDB',
    run: async (args) =>
      (await import('./search-bench')).searchSuite.run(
        onlyOptions(args, ['events', 'ingest', 'reps', 'part']),
      ),
  },
  {
    name: 'open',
    summary: 'eventlens open on a generated access log: time to first rows, import rate vs the CLI',
    run: async (args) =>
      (await import('./open-file-bench')).runOpenFileBench(
        onlyOptions(args, ['mb', 'rounds', 'dir']),
      ),
  },
  {
    name: 'open-db',
    summary:
      'opening a database by size: no full check vs quick_check on every open (open-bench.ts)',
    run: async (args) =>
      (await import('./open-bench')).runOpenBench(onlyOptions(args, ['events', 'reps'])),
  },
  {
    name: 'start',
    summary: 'eventlens serve on a big database: spawn to address, to the first page of rows',
    run: async (args) =>
      (await import('./start-bench')).runStartBench(
        onlyOptions(args, ['events', 'reps', 'mirror']),
      ),
  },
  {
    name: 'import',
    summary: 'importing an NDJSON file vs appendEvents (src-main/bench/import-bench.ts)',
    run: async (args) =>
      (await import('./import-bench')).runImportBench(
        onlyOptions(args, ['events', 'dir', 'batch-size', 'rounds', 'parser'], ['keep']),
      ),
  },
  {
    name: 'follow',
    summary: 'following a log written and rotated at 20,000 lines/s: exactly once, lag p50/p99',
    run: async (args) =>
      (await import('./follow-bench')).runFollowBench(
        onlyOptions(args, ['rate', 'seconds', 'rotate-every', 'poll-ms', 'busy-poll-ms']),
      ),
  },
];
