import {
  exportSpecSchema,
  type ExportProgress,
  type ExportReport,
  type ExportSpec,
} from '../../../src-shared/contract/export-spec';
import { describeIssues } from '../../../src-shared/contract/issues';
import type { Engine } from '../engine';
import { aggregationFormats, aggregationPages, writeAggregation } from './aggregation-export';
import {
  ColumnDiscovery,
  ColumnError,
  columnsFromFields,
  wholeEventColumns,
  type Column,
} from './columns';
import { FileSink } from './file-sink';
import { csvWriter, jsonWriter, ndjsonWriter, parquetWriter, type RowWriter } from './writers';

/** An export that cannot start (bad spec, bad columns): nothing was written. */
export class ExportSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportSpecError';
  }
}

export interface ExportOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
  /** At most one progress call per interval (default 200 ms); one always comes at the end. */
  progressIntervalMs?: number;
}

/** Lets the event loop run between pages: writes drain, a cancel arrives, progress is seen. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes the whole result of a query to a file — every matching event, whatever `limit` says —
 * page by page through Engine.iterateEvents, so memory holds one page. A query with `reduce`
 * exports its aggregation (all groups). The file appears only when complete: a cancelled or
 * failed export leaves nothing behind.
 *
 * Throws ExportSpecError (or the engine's EngineError, e.g. an unknown instance) before anything
 * is written; a failure while writing ends with status `failed`.
 */
export async function runExport(
  engine: Engine,
  spec: ExportSpec,
  options: ExportOptions = {},
): Promise<ExportReport> {
  const parsed = exportSpecSchema.safeParse(spec);
  if (!parsed.success) throw new ExportSpecError(describeIssues(parsed.error.issues));
  const s = parsed.data;
  const isAggregation = s.query.reduce !== undefined;
  if (isAggregation && !aggregationFormats.includes(s.format)) {
    throw new ExportSpecError(
      `format: an aggregation exports as ${aggregationFormats.join(', ')}, not ${s.format}`,
    );
  }
  let columns: Column[] | null = null;
  try {
    const fields = s.columns ?? s.query.select;
    if (fields) columns = columnsFromFields(fields);
  } catch (err) {
    if (err instanceof ColumnError) throw new ExportSpecError(err.message);
    throw err;
  }
  // Counts the result, and checks the query against the engine before any file exists.
  const total = isAggregation
    ? 0
    : engine.query({ ...s.query, limit: 0, offset: 0, total: true }).total;

  const started = performance.now();
  const sink = new FileSink(s.out);
  let rows = 0;
  let phase: ExportProgress['phase'] = 'writing';
  let rowsTotal = total;
  let lastProgress = -Infinity;
  const progress = (final = false) => {
    const onProgress = options.onProgress;
    if (!onProgress) return;
    const now = performance.now();
    if (!final && now - lastProgress < (options.progressIntervalMs ?? 200)) return;
    lastProgress = now;
    const elapsedMs = now - started;
    const rate = elapsedMs > 0 ? rows / elapsedMs : 0;
    // CSV discovery reads everything once more: the estimate counts both passes.
    const remaining = phase === 'scanning' ? rowsTotal * 2 - rows : rowsTotal - rows;
    onProgress({
      phase,
      rows,
      total: rowsTotal,
      bytesWritten: sink.bytes,
      elapsedMs: Math.round(elapsedMs),
      rowsPerSecond: Math.round(rate * 1000),
      etaMs: rate > 0 ? Math.round(Math.max(0, remaining) / rate) : null,
    });
  };
  const cancelled = () => options.signal?.aborted === true;

  let status: ExportReport['status'] = 'completed';
  let error: string | undefined;
  try {
    if (isAggregation) {
      rows = await writeAggregation(
        aggregationPages(engine, s.query),
        { format: s.format, protectFormulas: s.protectFormulas ?? true },
        sink,
        (n, t) => {
          rows = n;
          rowsTotal = t;
          progress();
        },
        cancelled,
      );
    } else {
      const pageSize = s.pageSize ?? 1_000;
      if (!columns && s.format === 'csv') {
        phase = 'scanning';
        const discovery = new ColumnDiscovery();
        for (const page of engine.iterateEvents(s.query, pageSize)) {
          for (const event of page) discovery.add(event as Record<string, unknown>);
          rows += page.length;
          progress();
          await tick();
          if (cancelled()) break;
        }
        columns = discovery.columns(s.maxColumns ?? 1_000);
        phase = 'writing';
        rows = 0;
      }
      if (!cancelled()) {
        const writer = makeWriter(s.format, sink, columns, s.protectFormulas ?? true);
        await writer.begin();
        for (const page of engine.iterateEvents(s.query, pageSize)) {
          await writer.rows(page as Record<string, unknown>[]);
          rows += page.length;
          progress();
          if (cancelled()) break;
          await tick();
          if (cancelled()) break;
        }
        if (!cancelled()) await writer.end();
      }
    }
    if (cancelled()) status = 'cancelled';
  } catch (err) {
    status = 'failed';
    error = err instanceof Error ? err.message : String(err);
  }
  if (status === 'completed') {
    try {
      await sink.commit();
    } catch (err) {
      status = 'failed';
      error = `${s.out}: ${(err as Error).message}`;
    }
  }
  if (status !== 'completed') await sink.abort();
  progress(true);
  const report: ExportReport = {
    status,
    format: s.format,
    kind: isAggregation ? 'aggregation' : 'events',
    file: status === 'completed' ? s.out : null,
    rows,
    total: rowsTotal,
    bytes: status === 'completed' ? sink.bytes : 0,
    elapsedMs: Math.round(performance.now() - started),
  };
  if (columns && (s.format === 'csv' || s.format === 'parquet')) {
    report.columns = columns.map((c) => c.name);
  } else if (s.format === 'parquet') {
    report.columns = wholeEventColumns().map((c) => c.name);
  }
  if (error !== undefined) report.error = error;
  return report;
}

function makeWriter(
  format: ExportSpec['format'],
  sink: FileSink,
  columns: Column[] | null,
  protectFormulas: boolean,
): RowWriter {
  switch (format) {
    case 'ndjson':
      return ndjsonWriter(sink, columns);
    case 'json':
      return jsonWriter(sink, columns);
    case 'csv':
      return csvWriter(sink, columns ?? wholeEventColumns(), protectFormulas);
    case 'parquet':
      return parquetWriter(sink, columns ?? wholeEventColumns());
  }
}
