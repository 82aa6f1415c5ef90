import type { ExportFormat } from '../../../src-shared/contract/export-spec';
import { queryLimits } from '../../../src-shared/contract/limits';
import { reduceName } from '../../../src-shared/contract/percentile';
import type { Query } from '../../../src-shared/contract/query';
import type { Aggregation, AggregationGroup } from '../../../src-shared/contract/records';
import type { Engine } from '../engine';
import { EngineError } from '../errors';
import { csvRows } from './csv-format';
import type { FileSink } from './file-sink';

export const aggregationFormats: readonly ExportFormat[] = ['csv', 'json', 'ndjson'];

/**
 * Every group of an aggregation: the engine answers groups a page at a time (limit/offset over
 * the groups), so this asks until it has `groupCount` of them.
 */
export function* aggregationPages(
  engine: Engine,
  query: Query,
): Generator<{ aggregation: Aggregation; total: number; groups: AggregationGroup[] }> {
  for (let offset = 0; ; offset += queryLimits.maxLimit) {
    const result = engine.query({ ...query, limit: queryLimits.maxLimit, offset });
    const aggregation = result.aggregation;
    if (!aggregation) {
      throw new EngineError(
        'INTERNAL',
        'the query has a reduce, but the engine returned no aggregation',
      );
    }
    if (!('groups' in aggregation)) {
      yield { aggregation, total: 1, groups: [] };
      return;
    }
    yield { aggregation, total: aggregation.groupCount, groups: aggregation.groups };
    if (
      aggregation.groups.length === 0 ||
      offset + aggregation.groups.length >= aggregation.groupCount
    ) {
      return;
    }
  }
}

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
};

const keyName = (k: string | { field: string; interval: string }) =>
  typeof k === 'string' ? k : k.field;

/**
 * Writes an aggregation: CSV (a row per group: the group keys, value, count; or one row of
 * type, field, value), JSON (the aggregation object with all groups), NDJSON (a line per group).
 * Returns the number of rows (groups) written.
 */
export async function writeAggregation(
  pages: Iterable<{ aggregation: Aggregation; total: number; groups: AggregationGroup[] }>,
  { format, protectFormulas }: { format: ExportFormat; protectFormulas: boolean },
  sink: FileSink,
  onRows: (rows: number, total: number) => void,
  cancelled: () => boolean,
): Promise<number> {
  let rows = 0;
  let first = true;
  let head: Aggregation | null = null;
  for (const { aggregation, total, groups } of pages) {
    if (cancelled()) return rows;
    if (!('groups' in aggregation)) {
      if (format === 'csv') {
        await sink.write(
          csvRows(
            [
              ['type', 'field', 'value'],
              [reduceName(aggregation), aggregation.field ?? '', cell(aggregation.value)],
            ],
            protectFormulas,
          ),
        );
      } else {
        await sink.write(JSON.stringify(aggregation) + '\n');
      }
      onRows(1, 1);
      return 1;
    }
    const keys = aggregation.groupBy.map(keyName);
    if (first) {
      head = aggregation;
      if (format === 'csv') {
        await sink.write(csvRows([[...keys, 'value', 'count']], protectFormulas));
      } else if (format === 'json') {
        const { groups: _groups, ...rest } = aggregation;
        const opening = JSON.stringify({ ...rest, groups: [] });
        await sink.write(opening.slice(0, opening.lastIndexOf('[]')) + '[');
      }
    }
    if (format === 'csv') {
      const records = groups.map((g) => [
        ...keys.map((k) => cell(g.key[k])),
        cell(g.value),
        String(g.count),
      ]);
      await sink.write(csvRows(records, protectFormulas));
    } else {
      let text = '';
      for (const g of groups) {
        text +=
          format === 'json'
            ? (first && text === '' ? '\n' : ',\n') + JSON.stringify(g)
            : JSON.stringify(g) + '\n';
      }
      await sink.write(text);
    }
    first = false;
    rows += groups.length;
    onRows(rows, total);
  }
  if (format === 'json' && head) await sink.write(rows === 0 ? ']}\n' : '\n]}\n');
  return rows;
}
