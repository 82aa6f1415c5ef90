import { runImportBench } from './import-bench';

/**
 * `npm run bench -- <suite> [options]`: measurements that are too slow for the tests. Each
 * suite compares against a baseline run in the same process and prints ratios, not verdicts.
 */
const suites: Record<string, (argv: string[]) => Promise<void>> = {
  import: runImportBench,
};

async function main(argv: string[]): Promise<number> {
  const [name = 'import', ...rest] = argv;
  const suite = suites[name];
  if (!suite) {
    console.error(`bench: unknown suite "${name}" (suites: ${Object.keys(suites).join(', ')})`);
    return 2;
  }
  await suite(rest);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
