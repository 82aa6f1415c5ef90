import { z } from 'zod';
import { querySchema } from './query';

/**
 * What an export does, as plain data (the CLI, the UI and the worker share it): the whole result
 * of a query, streamed to a file.
 */
export const exportFormats = ['csv', 'json', 'ndjson', 'parquet'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const exportSpecSchema = z.strictObject({
  query: querySchema,
  format: z.enum(exportFormats),
  /** The file to write. It appears when the export is complete (never half-written). */
  out: z.string().min(1),
  /**
   * CSV and Parquet columns (field names of the query language). Default: the query's `select`,
   * else the event's own fields and, for CSV, every payload and metadata path found.
   */
  columns: z.array(z.string().min(1)).min(1).max(2_000).optional(),
  /** CSV: at most this many columns (default 1,000); deeper objects then become JSON cells. */
  maxColumns: z.int().min(1).max(10_000).optional(),
  /**
   * CSV: protection against spreadsheet formulas (OWASP "CSV injection"): a cell that starts
   * with = + - @ TAB or CR (and is not a plain number) gets a leading ', and every cell is
   * quoted. Default true; false writes every value exactly as stored.
   */
  protectFormulas: z.boolean().optional(),
  /** Events read per page (default 1,000). */
  pageSize: z.int().min(1).max(10_000).optional(),
});
export type ExportSpec = z.infer<typeof exportSpecSchema>;

export interface ExportProgress {
  /** CSV without columns reads the result twice: first to find the columns, then to write. */
  phase: 'scanning' | 'writing';
  rows: number;
  /** Rows (events, or groups of an aggregation) in the whole result. */
  total: number;
  bytesWritten: number;
  elapsedMs: number;
  rowsPerSecond: number;
  etaMs: number | null;
}

export interface ExportReport {
  status: 'completed' | 'cancelled' | 'failed';
  error?: string;
  format: ExportFormat;
  /** What was exported: events, or the groups of an aggregation. */
  kind: 'events' | 'aggregation';
  /** The file written; null when the export did not complete (nothing is left behind). */
  file: string | null;
  rows: number;
  total: number;
  bytes: number;
  /** CSV and Parquet: the columns, in order. */
  columns?: string[];
  elapsedMs: number;
}
