import { suites } from './suites';

/**
 * `npm run bench [-- <suite>... [--option value]...]`: runs the named suites, or all of them.
 * Options after the names go to every suite that runs (each documents its own).
 */
function help(): string {
  const width = Math.max(...suites.map((s) => s.name.length));
  return `Usage: npm run bench -- [suite...] [options]

Suites (default: all, in this order):
${suites.map((s) => `  ${s.name.padEnd(width)}  ${s.summary}`).join('\n')}

Speed is always reported as a ratio to a baseline measured in the same run.`;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(help());
    return 0;
  }
  const firstOption = argv.findIndex((a) => a.startsWith('-'));
  const names = firstOption < 0 ? argv : argv.slice(0, firstOption);
  const options = firstOption < 0 ? [] : argv.slice(firstOption);
  const unknown = names.filter((n) => !suites.some((s) => s.name === n));
  if (unknown.length > 0) {
    console.error(`bench: unknown suite ${unknown.map((n) => `"${n}"`).join(', ')}\n\n${help()}`);
    return 2;
  }
  const selected = names.length > 0 ? suites.filter((s) => names.includes(s.name)) : suites;
  for (const suite of selected) {
    console.log(`\n== ${suite.name}: ${suite.summary}`);
    await suite.run(options);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error('bench failed:', err);
    process.exitCode = 1;
  },
);
