/**
 * `npm run bench -- [suite] [options]`: measurements too slow for the tests (every suite when
 * none is named). Each suite compares against a baseline run in the same process and prints
 * ratios, not verdicts; each lives in its own module and is loaded only when asked for.
 */
const suites: Record<string, (argv: string[]) => Promise<void>> = {
  query: async () => (await import('./query-bench')).runQueryBench(),
  import: async (argv) => (await import('./import-bench')).runImportBench(argv),
};

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  const named = first !== undefined && !first.startsWith('-');
  const names = named ? [first] : Object.keys(suites);
  const options = named ? rest : argv;
  for (const name of names) {
    const suite = suites[name];
    if (!suite) {
      console.error(`bench: unknown suite "${name}" (suites: ${Object.keys(suites).join(', ')})`);
      return 2;
    }
    await suite(options);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
