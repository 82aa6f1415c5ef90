import { parseArgs } from 'node:util';
import { BackupError, backupDatabase } from '../engine/maintenance/backup';
import { dbOption, openEngineReadOnly } from './open-engine';
import { UsageError, exitCodes, type Command } from './command';
import { writeLine } from './output';
import { countOf, formatBytes, formatDuration, ProgressLine } from './progress-line';

export const backupCommand: Command = {
  name: 'backup',
  summary: 'a consistent copy of the database in one file, while it is in use',
  help: `Usage: eventlens backup --out FILE [--db PATH] [--force] [-q]

Copies the database to FILE with SQLite's online backup, while the app, a server or other
commands go on reading and appending: the copy holds every event committed before the backup
began (and possibly more), never part of a batch. It is one self-contained file (rollback
journal, no -wal beside it), written beside FILE and renamed onto it when complete. Progress
goes to stderr. To use a backup, open it with --db (Eventlens checks a copy in full before it
adopts it) or copy it over the database while nothing has that open.

  --out FILE   where the copy goes; an existing file is refused unless --force
  --force      replace FILE if it exists
  --db PATH    the database (default: $EVENTLENS_DB, else the desktop app's)
  -q, --quiet  no progress

Exit code: 0 written, 1 failed (FILE exists, cannot be written, the database cannot be
read), 2 usage error.

Example:
  eventlens backup --out ~/backups/eventlens-$(date +%F).db && eventlens check --db ~/backups/eventlens-$(date +%F).db`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...dbOption,
        out: { type: 'string', short: 'o' },
        force: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
      },
    });
    if (!values.out) throw new UsageError('--out FILE is required');
    // Read-only: a backup changes nothing in the database, not even its journal mode.
    const engine = openEngineReadOnly(values.db);
    const progress = new ProgressLine(values.quiet === true);
    try {
      const instances = engine.instances.list();
      const events = instances.reduce((n, i) => n + i.event_count, 0);
      const result = await backupDatabase(engine.db, values.out, {
        overwrite: values.force === true,
        onProgress: ({ pagesDone, pagesTotal }) => {
          const pct = pagesTotal > 0 ? Math.floor((pagesDone / pagesTotal) * 100) : 100;
          progress.update(`backing up: ${pct}% of ${countOf(pagesTotal, 'page')}`);
        },
      });
      progress.done();
      await writeLine(
        process.stdout,
        `Backed up ${countOf(events, 'event')} (${countOf(instances.length, 'instance')}) to ` +
          `${result.file} (${formatBytes(result.bytes)}) in ${formatDuration(result.elapsedMs)}.`,
      );
      return exitCodes.ok;
    } catch (err) {
      progress.done();
      if (!(err instanceof BackupError)) throw err;
      console.error(`eventlens: ${err.message}`);
      return exitCodes.failed;
    } finally {
      engine.close();
    }
  },
};
