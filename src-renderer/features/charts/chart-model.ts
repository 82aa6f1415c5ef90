import { parseInstant } from '../../../src-shared/contract/instants';
import { reduceName } from '../../../src-shared/contract/percentile';
import type { JsonValue } from '../../../src-shared/contract/json-value';
import {
  groupKeyName,
  intervalMs,
  type GroupKey,
  type WhereNode,
} from '../../../src-shared/contract/query';
import type {
  Aggregation,
  AggregationGroup,
  GroupedAggregation,
} from '../../../src-shared/contract/records';

/**
 * Turns an aggregation result into what the charts draw, and a clicked group back into the
 * filters that select its events.
 */
export type ChartKind = 'bar' | 'line' | 'area' | 'pie' | 'table';

/**
 * A pie is offered for 2 to 12 groups: one group is a full circle that says nothing, and past a
 * dozen the slices are too thin to compare (bars say it better). Time buckets never get a pie.
 */
export const minPieSlices = 2;
export const maxPieSlices = 12;
export const maxSeries = 10;

export function isGrouped(a: Aggregation): a is GroupedAggregation {
  return 'groups' in a;
}

/** The time-bucket key of a groupBy, if it has one. */
export function timeKeyOf(groupBy: readonly GroupKey[]): { name: string; interval: string } | null {
  for (const k of groupBy)
    if (typeof k !== 'string') return { name: groupKeyName(k), interval: k.interval };
  return null;
}

/** Chart kinds that make sense for a result, the default first. */
export function chartKindsFor(a: Aggregation): ChartKind[] {
  if (!isGrouped(a)) return ['table'];
  if (timeKeyOf(a.groupBy)) return ['line', 'area', 'bar', 'table'];
  if (a.groups.length >= minPieSlices && a.groups.length <= maxPieSlices)
    return ['bar', 'pie', 'table'];
  return ['bar', 'table'];
}

/** What a group's value is, for axis labels and tooltips: "events", "avg of payload.bytes". */
export function valueLabel(a: GroupedAggregation): string {
  const of = a.field ? ` of ${a.field}` : '';
  if (a.type === 'count') return a.distinct ? `distinct${of}` : a.field ? `count${of}` : 'events';
  if (a.type === 'collect') return `values${of}`;
  return `${reduceName(a)}${of}`;
}

/** The chart's title: what is measured, by what — "Events by event_type, per 1h". */
export function chartTitle(a: GroupedAggregation): string {
  const what = valueLabel(a);
  const time = timeKeyOf(a.groupBy);
  const keys = a.groupBy.filter((k) => typeof k === 'string').map(groupKeyName);
  const by = keys.length > 0 ? ` by ${keys.join(' and ')}` : '';
  const per = time ? ` per ${time.interval}` : '';
  return `${what.charAt(0).toUpperCase()}${what.slice(1)}${by}${per}`;
}

/** A group's value as a number to plot: numbers as they are, collect by how many it holds. */
export function plotValue(g: AggregationGroup): number | null {
  if (typeof g.value === 'number') return g.value;
  if (Array.isArray(g.value)) return g.valueCount ?? g.value.length;
  return null;
}

export function keyText(v: JsonValue | undefined): string {
  if (v === undefined || v === null) return '(none)';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export interface CategoryDatum {
  label: string;
  value: number | null;
  count: number;
  group: AggregationGroup;
}

/** One bar (or slice) per group, labelled by its keys. */
export function categoryData(a: GroupedAggregation): CategoryDatum[] {
  const names = a.groupBy.map(groupKeyName);
  return a.groups.map((group) => ({
    label: names.map((n) => keyText(group.key[n])).join(' · '),
    value: plotValue(group),
    count: group.count,
    group,
  }));
}

export interface TimePoint {
  t: number;
  /** Values per series; a Map, as a series may be named anything. */
  values: Map<string, number | null>;
  groups: Map<string, AggregationGroup>;
}

export interface TimeData {
  points: TimePoint[];
  /** Series by total, largest first; '' is the only series when there is no other key. */
  series: string[];
  /** Series beyond maxSeries, left out of the chart (the table has them all). */
  hiddenSeries: number;
}

/**
 * Rows per time bucket, one series per combination of the other keys. Buckets without events
 * are not in the result; they are gaps in lines (count: zero), not interpolated.
 */
export function timeData(a: GroupedAggregation): TimeData {
  const timeKey = timeKeyOf(a.groupBy)!;
  const others = a.groupBy.map(groupKeyName).filter((n) => n !== timeKey.name);
  const totals = new Map<string, number>();
  const byTime = new Map<number, TimePoint>();
  for (const g of a.groups) {
    const t = parseInstant(g.key[timeKey.name]);
    if (t === null) continue;
    const s = others.map((n) => keyText(g.key[n])).join(' · ');
    totals.set(s, (totals.get(s) ?? 0) + Math.abs(plotValue(g) ?? 0));
    let p = byTime.get(t);
    if (!p) {
      p = { t, values: new Map(), groups: new Map() };
      byTime.set(t, p);
    }
    p.values.set(s, plotValue(g));
    p.groups.set(s, g);
  }
  const ranked = [...totals.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
  const series = ranked.slice(0, maxSeries).map(([s]) => s);
  const points = fillBuckets(
    [...byTime.values()].sort((x, y) => x.t - y.t),
    timeKey.interval,
    a.type === 'count' || a.type === 'sum' ? 0 : null,
    series,
  );
  return { points, series, hiddenSeries: Math.max(0, ranked.length - maxSeries) };
}

/** Puts the empty buckets back between the first and the last (counts and sums are 0 there). */
function fillBuckets(
  points: TimePoint[],
  interval: string,
  empty: number | null,
  series: readonly string[],
): TimePoint[] {
  const ms = intervalMs(interval);
  if (!ms || points.length === 0) return points;
  const first = points[0]!.t;
  const last = points[points.length - 1]!.t;
  if ((last - first) / ms > 10_000) return points;
  const at = new Map(points.map((p) => [p.t, p]));
  const out: TimePoint[] = [];
  for (let t = first; t <= last; t += ms) {
    const p = at.get(t) ?? { t, values: new Map(), groups: new Map() };
    for (const s of series) if (!p.values.has(s)) p.values.set(s, empty);
    out.push(p);
  }
  return out;
}

export interface Drilldown {
  /** Conditions selecting the group's events (its non-time keys). */
  where: WhereNode[];
  /** The bucket's time range, when a key is a time bucket. */
  timeRange: { from: number; to: number } | null;
  /** Keys whose value (an array or object) no condition can select; the view says so. */
  unselectable: string[];
}

/** The filters that select exactly the events of a group. */
export function drilldown(a: GroupedAggregation, group: AggregationGroup): Drilldown {
  const where: WhereNode[] = [];
  let timeRange: Drilldown['timeRange'] = null;
  const unselectable: string[] = [];
  for (const k of a.groupBy) {
    const name = groupKeyName(k);
    const v = group.key[name] ?? null;
    if (typeof k !== 'string') {
      const start = parseInstant(v);
      const ms = intervalMs(k.interval);
      if (start !== null && ms !== null) timeRange = { from: start, to: start + ms - 1 };
      continue;
    }
    // Missing and null are one group; `eq null` matches both.
    if (v === null || typeof v !== 'object') where.push({ field: name, operator: 'eq', value: v });
    else unselectable.push(name);
  }
  return { where, timeRange, unselectable };
}
