/**
 * `npm run bench -- [ingest|query]`: the engine benchmarks (all of them without an argument).
 * Each suite lives in its own module and is loaded only when asked for.
 */
const suites: Record<string, () => Promise<void>> = {
  query: async () => (await import('./query-bench')).runQueryBench(),
};

async function main(argv: string[]): Promise<void> {
  const wanted = argv.filter((a) => !a.startsWith('-'));
  const names = wanted.length > 0 ? wanted : Object.keys(suites);
  for (const name of names) {
    const suite = suites[name];
    if (!suite) {
      console.error(`unknown bench "${name}" (expected ${Object.keys(suites).join(', ')})`);
      process.exitCode = 2;
      return;
    }
    await suite();
  }
}

void main(process.argv.slice(2));
