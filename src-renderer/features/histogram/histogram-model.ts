import { parseInstant } from '../../../src-shared/contract/instants';
import { intervalMs, type Query } from '../../../src-shared/contract/query';
import type { AggregationGroup } from '../../../src-shared/contract/records';
import { bucketStart, bucketStarts } from './buckets';

/**
 * The time histogram over the current results: a count per time bucket, optionally split by
 * event type (stacked). One grouped count; the engine leaves out empty buckets, which the
 * series here puts back as zeros so the bars stand where their time is.
 */
export const maxStackedTypes = 8;
export const otherSeries = '(other types)';

const keyName = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v ?? null));

export function histogramQuery(base: Query, interval: string, stacked: boolean): Query {
  const q: Query = {
    from: base.from,
    reduce: {
      type: 'count',
      groupBy: [{ field: 'timestamp', interval }, ...(stacked ? ['event_type'] : [])],
    },
    limit: 10_000,
  };
  if (base.where && base.where.length > 0) q.where = base.where;
  return q;
}

export interface HistogramRow {
  /** Bucket start, epoch ms. */
  t: number;
  total: number;
  /** Counts per series (event type) when stacked; a Map, as a type may be named anything. */
  counts: Map<string, number>;
}

export interface HistogramSeries {
  rows: HistogramRow[];
  /** Stacked series names, largest first ('(other types)' last); [] when not stacked. */
  series: string[];
  /** Events counted in the buckets (equals the query's total when every group came back). */
  counted: number;
  maxTotal: number;
}

/**
 * Dense rows from `domain.from` to `domain.to` (widened to include any bucket the engine
 * returned outside it, e.g. events appended after the range was resolved).
 */
export function histogramSeries(
  groups: readonly AggregationGroup[],
  interval: string,
  domain: { from: number; to: number },
  stacked: boolean,
): HistogramSeries {
  const perType = new Map<string, number>();
  const cells: { t: number; type: string; count: number }[] = [];
  let from = bucketStart(domain.from, interval);
  let to = domain.to;
  // Each bucket's key comes once per event type (22 on the shop data): parse each once. This
  // runs in a deferred render, which scrolling interrupts and React starts again from scratch.
  const parsed = new Map<unknown, number | null>();
  for (const g of groups) {
    let t = parsed.get(g.key.timestamp);
    if (t === undefined) parsed.set(g.key.timestamp, (t = parseInstant(g.key.timestamp)));
    if (t === null) continue;
    const type = stacked ? keyName(g.key.event_type) : 'total';
    cells.push({ t, type, count: g.count });
    perType.set(type, (perType.get(type) ?? 0) + g.count);
    if (t < from) from = t;
    if (t > to) to = t;
  }
  let series: string[] = [];
  const rename = new Map<string, string>();
  if (stacked) {
    const ranked = [...perType.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const top = ranked.slice(0, maxStackedTypes).map(([name]) => name);
    for (const name of top) rename.set(name, name);
    series = [...top];
    if (ranked.length > maxStackedTypes) {
      for (const [name] of ranked.slice(maxStackedTypes)) rename.set(name, otherSeries);
      series.push(otherSeries);
    }
  }
  const starts = bucketStarts(from, to, interval);
  const index = new Map<number, HistogramRow>();
  const rows = starts.map((t) => {
    const row: HistogramRow = { t, total: 0, counts: new Map(series.map((s) => [s, 0])) };
    index.set(t, row);
    return row;
  });
  let counted = 0;
  for (const c of cells) {
    const row = index.get(c.t);
    if (!row) continue;
    row.total += c.count;
    counted += c.count;
    if (stacked) {
      const s = rename.get(c.type)!;
      row.counts.set(s, (row.counts.get(s) ?? 0) + c.count);
    }
  }
  const maxTotal = rows.reduce((m, r) => Math.max(m, r.total), 0);
  return { rows, series, counted, maxTotal };
}

/**
 * The absolute range a drag across buckets selects: from the start of the first bucket to the
 * last millisecond of the last one (the time range's `between` is inclusive at both ends).
 */
export function dragRange(a: number, b: number, interval: string): { from: number; to: number } {
  const ms = intervalMs(interval)!;
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  return { from: lo, to: hi + ms - 1 };
}
