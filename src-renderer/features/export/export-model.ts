import type { ExportFormat } from '../../../src-shared/contract/export-spec';
import type { Query } from '../../../src-shared/contract/query';

/** What the dialog can export from the current query. */
export type ExportTarget = 'events' | 'aggregation';

export const eventFormats: readonly ExportFormat[] = ['csv', 'json', 'ndjson', 'parquet'];
export const aggregationFormats: readonly ExportFormat[] = ['csv', 'json'];

export const formatLabels: Record<ExportFormat, string> = {
  csv: 'CSV',
  json: 'JSON',
  ndjson: 'NDJSON',
  parquet: 'Parquet',
};

/** How CSV and Parquet pick their columns. */
export type ColumnMode = 'select' | 'all' | 'custom';

/**
 * The query an export runs: the whole result (no limit, offset or cursor: the engine pages
 * through everything itself). Events of an aggregating query drop its reduce.
 */
export function exportQuery(full: Query, target: ExportTarget): Query {
  const { limit: _limit, offset: _offset, cursor: _cursor, reduce, ...rest } = full;
  if (target === 'aggregation' && reduce) return { ...rest, reduce };
  return rest;
}

/** `shop-2026-11-27.csv`: the instance and today's date; the extension follows the format. */
export function defaultFileName(instance: string, target: ExportTarget, now = new Date()): string {
  const day = now.toISOString().slice(0, 10);
  const base = `${instance}${target === 'aggregation' ? '-aggregation' : ''}-${day}`;
  return base.replace(/[^\w.-]+/gu, '-');
}

export function withExtension(base: string, format: ExportFormat): string {
  return `${base.replace(/\.(csv|json|ndjson|parquet)$/iu, '')}.${format}`;
}
