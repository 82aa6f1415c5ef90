import { parseArgs } from 'node:util';
import { importPresets } from '../../src-shared/contract/import-presets';
import type { ImportReport } from '../../src-shared/contract/import-spec';
import { EngineError } from '../engine/errors';
import { previewImport } from '../engine/import/preview';
import { ImportSpecError } from '../engine/import/resolve-spec';
import { parserIn } from '../engine/import/parse-on-thread';
import { prepareImport, runImport } from '../engine/import/run-import';
import { ImportInputError } from '../engine/import/source';
import { UsageError, exitCodes, type Command } from './command';
import { runFollow } from './follow-command';
import { importOptions, importSpecFromArgs } from './import-options';
import { reportCliJob, runCliJob } from './job-run';
import { formatJson, writeLine } from './output';
import { countOf, formatBytes, formatCount, formatDuration } from './progress-line';

/** The import's parser thread, built beside the CLI's bundle (out/main/import-parser.js). */
const parser = { parser: parserIn(import.meta.dirname) };

const help = `Usage: eventlens import FILE... --instance NAME [options]

Imports log and event files into an instance (created when missing), streaming, in batches:
NDJSON, JSON arrays (or {"Records": [...]}), CSV, and text logs through a preset or a regular
expression with named groups. .gz files are read as they are. Lines that cannot be imported
are counted and reported with their line number and reason; every other line is imported.

Reading:
  -f, --format F        auto (default), ndjson, json, csv, text
  -p, --preset P        a known format and mapping (see --list-presets); default: detected
      --pattern REGEX   text logs: a line pattern with named groups, e.g.
                        '^(?<time>\\S+ \\S+) (?<level>\\w+) (?<msg>.*)$'
      --delimiter C     CSV delimiter (default: sniffed from the header); "tab" for tabs
      --columns A,B,C   CSV column names when the file has no header line
      --nested MODE     CSV cells holding objects: json (default), python, off
      --no-numbers      keep CSV cells and pattern groups as text (default: 42 -> number)
      --records KEY     JSON documents: the key of the records array (default: the first array)

Mapping (a field is a dotted path; "{a}:{b}" is a template, "{a|b}" the first present,
"=text" a constant, "field~regex" a part of a field):
      --stream SRC      the stream of each event          --stream-fallback TEXT (default "default")
      --type SRC        the event type                    --type-fallback TEXT (default "event")
      --time SRC        the event time (default: the import time)
      --time-format F   auto (default), iso, epoch-s, epoch-ms, epoch-us, or a pattern such as
                        'dd/MMM/yyyy:HH:mm:ss Z' or 'MMM d HH:mm:ss' (letters: yyyy yy MMM MM dd d
                        HH mm ss SSS a EEE Z; quote literal text: 'T')
      --year Y          the year of year-less times (default: the latest year not in the future)
      --utc-offset +HH:MM  the zone of times written without one (default UTC)
      --id SRC          an event id per record: importing the file again adds nothing twice
      --payload P       rest (default: the fields not used above), all, or a FIELD subtree
      --exclude FIELD   leave a field out of the payload (repeatable)
      --metadata FIELD  copy a field into the metadata (repeatable)
      --metadata-from FIELD  a subtree as the metadata
      --no-source       do not record metadata.source {file, line}
      --raw             keep the line as read in metadata.raw

Running:
  -i, --instance NAME   the instance (name or id)         --no-create  fail if it does not exist
      --preview N       print the first N events and the detected fields as JSON; write nothing
      --dry-run         read, map and check everything; write nothing
      --report FILE     write every bad line to FILE (NDJSON if it ends in .json/.ndjson)
      --strict          check everything first and import nothing if any line is bad
      --batch-size N    events per transaction (default 5000)
      --json            print the report as JSON      -q, --quiet  no progress on stderr
      --db PATH         the database (default: $EVENTLENS_DB, else the desktop app's)
      --list-presets    list the presets

Following (like tail -F):
      --follow          keep reading each FILE (or every file a quoted GLOB such as
                        'logs/*.log' matches) as lines are written, until Ctrl-C. Survives
                        rotation (rename, copy-truncate, .gz), truncation, and restarts: the
                        position is kept in the database with the events, so running the same
                        command again continues exactly (nothing twice, nothing skipped).
                        NDJSON and text logs only. See docs/live-sources.md.

Progress (rate, ETA) goes to stderr; Ctrl-C cancels cleanly: the batches committed so far
stay, and the report says up to which line. Then the events are added to the text index
(with progress; Ctrl-C leaves the rest to the app, searches are exact either way).

Exit code: 0 imported (bad lines, if any, are in the report), 1 failed (a file could not be
read, the instance is missing with --no-create, storage failed, --strict found bad lines),
2 usage error, 130 cancelled.

Examples:
  eventlens import access.log --instance web                  # Apache/Nginx, detected
  eventlens import events.ndjson.gz --instance shop --stream user.id --type action --time ts
  eventlens import auth.log --instance ssh --preset syslog-rfc3164 --year 2024 --stream pid
  eventlens import data.csv --instance x --time Date --time-format 'dd.MM.yyyy HH:mm' --preview 5
  eventlens import --follow '/var/log/app/*.log' --instance app  # live, until Ctrl-C
  eventlens import app.log --instance app --pattern '^(?<ts>\\S+) \\[(?<level>\\w+)\\] (?<msg>.*)$' \\
      --time ts --type level --report bad-lines.txt

More: docs/importing.md (every preset, and the exact command for each sample dataset).`;

function listPresets(): string {
  const width = Math.max(...importPresets.map((p) => p.name.length));
  return importPresets
    .map((p) => `  ${p.name.padEnd(width)}  ${p.format.padEnd(6)}  ${p.title}`)
    .join('\n');
}

function progressText(p: {
  bytesRead: number;
  bytesTotal: number;
  events: number;
  bad: number;
  eventsPerSecond: number;
  etaMs: number | null;
}): string {
  const pct = p.bytesTotal > 0 ? Math.floor((p.bytesRead / p.bytesTotal) * 100) : 100;
  const bad = p.bad > 0 ? `, ${formatCount(p.bad)} bad` : '';
  return (
    `importing: ${pct}% of ${formatBytes(p.bytesTotal)}, ${formatCount(p.events)} events${bad}, ` +
    `${formatCount(p.eventsPerSecond)} events/s, ETA ${formatDuration(p.etaMs)}`
  );
}

function summary(report: ImportReport): string {
  const out: string[] = [];
  const target = report.instance
    ? `"${report.instance.name}"${report.instanceCreated ? ' (created)' : ''}`
    : 'no instance (nothing stored)';
  const verb = report.dryRun ? 'Would import' : 'Imported';
  const files = report.files.length === 1 ? '1 file' : `${report.files.length} files`;
  const headline =
    report.status === 'completed'
      ? `${verb} ${countOf(report.events, 'event')} into ${target} from ${files}`
      : report.status === 'cancelled'
        ? `Cancelled: ${countOf(report.events, 'event')} imported into ${target} before the stop`
        : `Failed after ${countOf(report.events, 'event')}: ${report.error ?? ''}`;
  out.push(
    `${headline} (${countOf(report.lines, 'line')}, ${formatDuration(report.elapsedMs)}, ` +
      `${formatCount(report.eventsPerSecond)} events/s)${report.preset ? `, preset ${report.preset}` : ''}.`,
  );
  if (report.replayed > 0) {
    out.push(`${countOf(report.replayed, 'event')} already there (same id and content).`);
  }
  if (report.bad > 0) {
    out.push(
      `${formatCount(report.bad)} line${report.bad === 1 ? ' was' : 's were'} not imported:`,
    );
    for (const b of report.badLines.slice(0, 10)) out.push(`  ${b.file}:${b.line}: ${b.reason}`);
    if (report.bad > 10) out.push(`  … and ${formatCount(report.bad - 10)} more`);
  }
  if (report.reportFile) out.push(`Every bad line is listed in ${report.reportFile}`);
  for (const note of report.notes) out.push(`Note: ${note}`);
  return out.join('\n');
}

export const importCommand: Command = {
  name: 'import',
  summary: 'import log and event files (NDJSON, JSON, CSV, text logs, .gz)',
  help,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: importOptions,
    });
    if (values['list-presets']) {
      console.log(listPresets());
      return exitCodes.ok;
    }
    if (positionals.length === 0) throw new UsageError('give at least one FILE to import');
    const spec = importSpecFromArgs(values);
    if (values.follow) return runFollow(values, spec, positionals);
    const pretty = process.stdout.isTTY === true;
    try {
      if (values.preview !== undefined) {
        const n = Number(values.preview);
        if (!Number.isInteger(n) || n < 1 || n > 10_000) {
          throw new UsageError(`--preview: expected a number of events from 1 to 10000`);
        }
        const preview = await previewImport(spec, positionals, n);
        await writeLine(process.stdout, formatJson(preview, pretty));
        return exitCodes.ok;
      }
      // The spec and every file are checked before the database is even opened.
      await prepareImport(spec, positionals);
      return await runCliJob(values, async ({ engine, progress, signal }) => {
        const onProgress = (p: Parameters<typeof progressText>[0]) =>
          progress.update(progressText(p));
        if (values.strict && !spec.dryRun) {
          progress.message('eventlens: --strict: checking every line first…');
          const check = await runImport(engine, { ...spec, dryRun: true }, positionals, {
            signal,
            onProgress,
            ...parser,
          });
          progress.done();
          if (check.status !== 'completed' || check.bad > 0) {
            const code = await reportCliJob(check, values.json, () => summary(check));
            if (check.status === 'cancelled') return code;
            if (check.bad > 0) console.error('eventlens: --strict: nothing was imported.');
            return exitCodes.failed;
          }
        }
        const report = await runImport(engine, spec, positionals, {
          signal,
          onProgress,
          ...parser,
        });
        progress.done();
        if (!spec.dryRun && report.status === 'completed' && report.instance) {
          // The text index, so the first search is fast; Ctrl-C leaves the rest for later
          // (searches read what it has not reached directly, so they are exact either way).
          engine.catchUpTextIndex(report.instance.id, {
            shouldStop: () => signal.aborted,
            onProgress: (done, behind) =>
              progress.update(
                `eventlens: text index: ${formatCount(done)} of ${formatCount(behind)} events`,
              ),
          });
          progress.done();
        }
        return reportCliJob(report, values.json, () => summary(report));
      });
    } catch (err) {
      if (err instanceof ImportSpecError) throw new UsageError(err.message);
      if (err instanceof ImportInputError || err instanceof EngineError) {
        console.error(`eventlens: ${err.message}`);
        return exitCodes.failed;
      }
      throw err;
    }
  },
};
