import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  exportFormats,
  type ExportFormat,
  type ExportReport,
} from '../../src-shared/contract/export-spec';
import type { Query } from '../../src-shared/contract/query';
import { EngineError } from '../engine/errors';
import { ExportOutputError } from '../engine/export/file-sink';
import { UsageError, exitCodes, type Command } from './command';
import { reportCliJob, runCliJob } from './job-run';
import { countOf, formatBytes, formatCount, formatDuration } from './progress-line';

const help = `Usage: eventlens export --query JSON|@FILE|FILE --out FILE [--format F] [options]
       eventlens export --instance NAME --out FILE [--format F] [options]

Writes the WHOLE result of a query to a file — every matching event, not a page of them
(limit and offset are ignored) — streamed, with progress on stderr. The file appears when it is
complete; Ctrl-C cancels and leaves nothing behind. A query with "reduce" exports its
aggregation (every group) as CSV, JSON or NDJSON.

  --query Q          the query: JSON text, @file.json, or a file name; either the DSL
                     {"from": {...}, "where": [...]} or {"query": {...}} as queryEvents takes it
  --instance NAME    shorthand for --query '{"from":{"instance":"NAME"}}'
  --out FILE         the file to write (replaced when the export completes)
  --format F         csv, json, ndjson, parquet (default: from the --out extension)
  --columns A,B      CSV/Parquet columns, as fields: stream_id,payload.user.id,payload["id.orig_h"]
                     (default: the query's select, else every field found; see docs/exporting.md)
  --max-columns N    CSV without --columns: at most N columns (default 1000); deeper objects
                     become JSON cells
  --raw-csv          CSV: write every value exactly as stored. By default a cell that starts
                     with = + - @ TAB or CR (a formula to a spreadsheet, e.g. a User-Agent
                     "=cmd|' /C calc'!A0") gets a leading ' and every cell is quoted (OWASP's
                     advice against CSV injection); plain numbers and a lone "-" stay as they are
  --json             print the report as JSON       -q, --quiet  no progress
  --db PATH          the database (default: $EVENTLENS_DB, else the desktop app's)

Formats: CSV (RFC 4180, a header row, nested fields as dotted columns, arrays as JSON,
formulas protected unless --raw-csv), JSON
(one array), NDJSON (one event per line; imports back with --preset eventlens), Parquet
(typed event columns; payload and metadata as JSON columns).

Exit code: 0 written, 1 failed (unknown instance, bad query, write error), 2 usage error,
130 cancelled.

Examples:
  eventlens export --instance audit --out audit.ndjson
  eventlens export --query '{"from":{"instance":"web"},"where":[{"field":"status","operator":"eq","value":404}]}' --out 404.csv
  eventlens export --query @errors.json --format parquet --out errors.parquet
  eventlens export --query '{"from":{"instance":"web"},"reduce":{"type":"count","groupBy":["event_type"]}}' --out types.csv`;

const extensionFormats: Record<string, ExportFormat> = {
  '.csv': 'csv',
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.parquet': 'parquet',
};

function readQuery(text: string): Query {
  let source = text;
  if (text.startsWith('@')) source = readFile(text.slice(1));
  else if (!text.trimStart().startsWith('{')) source = readFile(text);
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (err) {
    throw new UsageError(`--query: not valid JSON (${(err as Error).message})`);
  }
  if (value !== null && typeof value === 'object' && 'query' in value && !('from' in value)) {
    value = value.query;
  }
  return value as Query;
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--query: cannot read ${file} (${(err as Error).message})`);
  }
}

function summary(r: ExportReport, out: string): string {
  const what = r.kind === 'aggregation' ? 'group' : 'event';
  if (r.status === 'completed') {
    const cols = r.columns && r.format === 'csv' ? `, ${r.columns.length} columns` : '';
    return `Exported ${countOf(r.rows, what)} to ${out} (${r.format}, ${formatBytes(r.bytes)}${cols}) in ${formatDuration(r.elapsedMs)}.`;
  }
  if (r.status === 'cancelled')
    return `Cancelled after ${formatCount(r.rows)} of ${countOf(r.total, what)}; no file was written.`;
  return `Export failed: ${r.error ?? 'unknown error'}; no file was written.`;
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'export the whole result of a query to CSV, JSON, NDJSON or Parquet',
  help,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        query: { type: 'string' },
        instance: { type: 'string', short: 'i' },
        out: { type: 'string', short: 'o' },
        format: { type: 'string', short: 'f' },
        columns: { type: 'string' },
        'max-columns': { type: 'string' },
        'raw-csv': { type: 'boolean' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
      },
    });
    if (!values.out) throw new UsageError('--out FILE is required');
    if ((values.query === undefined) === (values.instance === undefined)) {
      throw new UsageError('give --query or --instance (one of them)');
    }
    const query: Query =
      values.query !== undefined
        ? readQuery(values.query)
        : { from: { instance: values.instance! } };
    const format = (values.format ?? extensionFormats[path.extname(values.out).toLowerCase()]) as
      ExportFormat | undefined;
    if (!format || !(exportFormats as readonly string[]).includes(format)) {
      throw new UsageError(
        values.format
          ? `--format: expected one of ${exportFormats.join(', ')}, got "${values.format}"`
          : `--format: cannot tell the format from "${values.out}"; give --format ${exportFormats.join('|')}`,
      );
    }
    if (values['raw-csv'] && format !== 'csv') {
      throw new UsageError(`--raw-csv: applies to CSV exports, not ${format}`);
    }
    const spec = {
      query,
      format,
      out: values.out,
      ...(values.columns ? { columns: values.columns.split(',').map((c) => c.trim()) } : {}),
      ...(values['max-columns'] ? { maxColumns: Number(values['max-columns']) } : {}),
      ...(values['raw-csv'] ? { protectFormulas: false } : {}),
    };
    // The writers (Parquet's among them) are loaded by the command that writes, not the CLI.
    const { ExportSpecError, runExport } = await import('../engine/export/run-export');
    try {
      return await runCliJob(values, async ({ engine, progress, signal }) => {
        const report = await runExport(engine, spec, {
          signal,
          onProgress: (p) => {
            const pct = p.total > 0 ? Math.floor((p.rows / p.total) * 100) : 100;
            progress.update(
              `${p.phase === 'scanning' ? 'finding columns' : 'exporting'}: ${pct}% of ${formatCount(p.total)}, ` +
                `${formatBytes(p.bytesWritten)}, ${formatCount(p.rowsPerSecond)} rows/s, ETA ${formatDuration(p.etaMs)}`,
            );
          },
        });
        progress.done();
        return reportCliJob(report, values.json, () => summary(report, values.out!));
      });
    } catch (err) {
      if (err instanceof ExportSpecError) throw new UsageError(err.message);
      if (err instanceof EngineError || err instanceof ExportOutputError) {
        console.error(`eventlens: ${err.message}`);
        return exitCodes.failed;
      }
      throw err;
    }
  },
};
