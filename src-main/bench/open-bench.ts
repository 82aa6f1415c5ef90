import Database from 'better-sqlite3';
import fs from 'node:fs';
import { Engine } from '../engine/engine';
import { checkDatabase } from '../engine/maintenance/check';
import { shopMonthDatabase } from './bench-data';
import { mib, readOptions, summarize, table } from './measure';

/**
 * What opening a database costs, by size: Engine.open as it is (no full check of a file in WAL
 * mode), Engine.open with the full check it used to run on every open (`integrityCheck: true`,
 * i.e. PRAGMA quick_check), and the baseline of a bare better-sqlite3 open that reads the
 * schema. Then, once, what `eventlens check` takes on the same file (docs/contract-notes.md:
 * when the full check runs). The shop database is the query bench's (cached under .bench/).
 *
 *   npm run bench -- open-db [--events 1000000] [--reps 5]
 */
export function runOpenBench(argv: string[]): void {
  const values = readOptions(argv, { events: 1_000_000, reps: 5 });
  const count = Number(values.events);
  const reps = Number(values.reps);
  const file = shopMonthDatabase(count);
  console.log(`${count.toLocaleString('en')} events, ${mib(fs.statSync(file).size)} file`);

  const timed = (open: () => { close(): void }) => {
    const t = performance.now();
    const handle = open();
    const ms = performance.now() - t;
    handle.close();
    return ms;
  };
  const cases = {
    bare: () =>
      timed(() => {
        const db = new Database(file);
        db.prepare('SELECT count(*) FROM sqlite_schema').get();
        return db;
      }),
    flat: () => timed(() => Engine.open(file)),
    checked: () => timed(() => Engine.open(file, { integrityCheck: true })),
  };
  const times: Record<keyof typeof cases, number[]> = { bare: [], flat: [], checked: [] };
  // Alternating, so the page cache and the machine's load treat each alike.
  for (let r = 0; r < reps; r++) {
    for (const name of Object.keys(cases) as (keyof typeof cases)[])
      times[name].push(cases[name]());
  }
  const engine = Engine.open(file, { readonly: true });
  const checkStarted = performance.now();
  const report = checkDatabase(engine);
  const checkMs = performance.now() - checkStarted;
  engine.close();

  const bare = summarize(times.bare).median;
  const row = (label: string, xs: number[]) => {
    const s = summarize(xs);
    return [
      label,
      s.min.toFixed(1),
      s.median.toFixed(1),
      s.max.toFixed(1),
      `${(s.median / bare).toFixed(1)}x`,
    ];
  };
  console.log(
    table(
      ['open, ms', 'min', 'median', 'max', 'vs bare'],
      [
        row('bare better-sqlite3 open + schema', times.bare),
        row('Engine.open (flat: no full check)', times.flat),
        row('Engine.open + quick_check (before)', times.checked),
      ],
    ),
  );
  console.log(
    `eventlens check (integrity_check, sequences, kept counts): ${(checkMs / 1000).toFixed(1)} s, ` +
      `${report.problems.length} problems`,
  );
}
