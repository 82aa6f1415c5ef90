import { parseArgs } from 'node:util';
import { checkDatabase } from '../engine/maintenance/check';
import { mirrorFileFor } from '../engine/mirror/mirror-files';
import { describeMirrorCheck } from './mirror-progress';
import { dbOption, openEngineReadOnly } from './open-engine';
import { exitCodes, type Command } from './command';
import { formatJson, writeLine } from './output';
import { countOf, formatDuration, ProgressLine } from './progress-line';

export const checkCommand: Command = {
  name: 'check',
  summary: 'check the database in full: integrity, sequences, kept counts',
  help: `Usage: eventlens check [--db PATH] [--json] [-q]

Checks the whole database, read-only, while others may go on using it:
  - SQLite's integrity_check (every page, b-tree and index) and foreign keys;
  - every stream numbered 1..last without a gap or a repeat, and its kept head;
  - the counts kept on append (per type, per hour and type, the instance's totals and times,
    the field catalog's mark) against a recount of the events;
  - the triggers that keep events immutable.
It also looks at the columnar mirror beside the database (<db>.mirror.duckdb), read-only, and
says on stderr how far it is and whether it can be trusted. The mirror is derived data that
the next app or serve rebuilds where it cannot trust it, so it never makes the exit code 1.
Opening a database does not run a full check (it would cost seconds on millions of events);
this does. It reads every event: about as long as a full scan takes.

  --db PATH    the database (default: $EVENTLENS_DB, else the desktop app's)
  --json       print the report as JSON ({problems, instances, events, elapsedMs, mirror})
  -q, --quiet  no progress

Exit code: 0 no problem, 1 problems found (one line each on stdout) or the database cannot be
opened, 2 usage error.`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...dbOption,
        json: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
      },
    });
    const engine = openEngineReadOnly(values.db);
    const progress = new ProgressLine(values.quiet === true);
    try {
      const report = checkDatabase(engine, (step) => progress.update(`checking: ${step}`));
      progress.update('checking: the mirror');
      // DuckDB is loaded here, not with the CLI (0.3 s every other command would pay).
      const { checkMirror } = await import('../engine/mirror/mirror-check');
      const mirror = await checkMirror(engine.db, mirrorFileFor(engine.file));
      progress.done();
      if (values.json) {
        await writeLine(
          process.stdout,
          formatJson({ ...report, mirror }, process.stdout.isTTY === true),
        );
      } else {
        console.error(describeMirrorCheck(mirror));
        const what = `${countOf(report.instances, 'instance')}, ${countOf(report.events, 'event')}`;
        const took = formatDuration(report.elapsedMs);
        if (report.problems.length === 0) {
          await writeLine(process.stdout, `OK: ${engine.file} (${what}) in ${took}.`);
        } else {
          for (const line of report.problems) await writeLine(process.stdout, line);
          await writeLine(
            process.stdout,
            `${countOf(report.problems.length, 'problem')} in ${engine.file} (${what}).`,
          );
        }
      }
      return report.problems.length === 0 ? exitCodes.ok : exitCodes.failed;
    } finally {
      engine.close();
    }
  },
};
