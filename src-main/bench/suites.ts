import { runImportBench } from './import-bench';
import { ingestSuite } from './ingest-bench';
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

const importSuite: BenchSuite = {
  name: 'import',
  summary: 'importing an NDJSON file vs appendEvents (src-main/bench/import-bench.ts)',
  run: (args) =>
    runImportBench(onlyOptions(args, ['events', 'dir', 'batch-size', 'rounds'], ['keep'])),
};

/** Every registered suite, run in this order by a bare `npm run bench`. Add new suites here. */
export const suites: readonly BenchSuite[] = [ingestSuite, importSuite];
