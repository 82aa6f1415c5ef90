import { create } from 'zustand';
import type { OrderBy, Query, Reduce, WhereNode } from '../../src-shared/contract/query';
import type { LinkRange } from '../../src-shared/contract/view-link';

/**
 * The current query: the one source of truth that the event table, the detail pane ("filter to
 * this"), the query builder, the JSON editor, the time range, the histogram, facets and charts
 * all read and change. It holds the parts of a DSL query as the user shaped them; `toQuery`
 * turns them into the DSL sent to queryEvents.
 */
export type TimeRange = LinkRange;

/**
 * What a relative range ends at: `now` (the run's anchor, run-store) or `dataEnd` (the
 * instance's last event, for historical logs; null while unknown, then the range ends now).
 */
export interface RangeAnchors {
  now: number;
  dataEnd: number | null;
}

export interface QueryParts {
  /** Instance id; null before one is chosen. */
  instance: string | null;
  stream: string | null;
  /** User conditions, ANDed: builder rows, facet clicks, "filter to this" / "exclude this". */
  where: WhereNode[];
  timeRange: TimeRange | null;
  /** null: the default order of the current view. */
  orderBy: OrderBy | null;
  /** null: whole events. */
  select: string[] | null;
  /** Aggregation mode (charts); null: events. */
  reduce: Reduce | null;
  /**
   * The query's own `limit` (events, or groups of an aggregation) as the user set it in the
   * builder or the JSON; null: the view's default. Paging views cap their pages by it.
   */
  limit: number | null;
}

interface QueryActions {
  setInstance(instance: string | null): void;
  setStream(stream: string | null): void;
  addCondition(condition: WhereNode): void;
  removeCondition(index: number): void;
  setWhere(where: WhereNode[]): void;
  setTimeRange(range: TimeRange | null): void;
  setOrderBy(orderBy: OrderBy | null): void;
  setSelect(select: string[] | null): void;
  setReduce(reduce: Reduce | null): void;
  setLimit(limit: number | null): void;
  /** Replaces everything but the instance (e.g. from the JSON editor or a saved query). */
  setParts(parts: Partial<QueryParts>): void;
  clearFilters(): void;
}

export const initialParts: QueryParts = {
  instance: null,
  stream: null,
  where: [],
  timeRange: null,
  orderBy: null,
  select: null,
  reduce: null,
  limit: null,
};

export const useQueryStore = create<QueryParts & QueryActions>()((set) => ({
  ...initialParts,
  // Another instance has other streams and fields: keep nothing that belonged to the last one.
  setInstance: (instance) => set({ ...initialParts, instance }),
  setStream: (stream) => set({ stream }),
  addCondition: (condition) => set((s) => ({ where: [...s.where, condition] })),
  removeCondition: (index) => set((s) => ({ where: s.where.filter((_, i) => i !== index) })),
  setWhere: (where) => set({ where }),
  setTimeRange: (timeRange) => set({ timeRange }),
  setOrderBy: (orderBy) => set({ orderBy }),
  setSelect: (select) => set({ select }),
  setReduce: (reduce) => set({ reduce }),
  setLimit: (limit) => set({ limit }),
  setParts: (parts) => set((s) => ({ ...s, ...parts, instance: parts.instance ?? s.instance })),
  clearFilters: () => set({ where: [], timeRange: null }),
}));

const relativeMs: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** The length of a relative range ('15m' → 900000), or null when it is not one. */
export function relativeSpanMs(last: string): number | null {
  const m = /^(\d+)([mhdw])$/u.exec(last);
  return m ? Number(m[1]) * relativeMs[m[2]!]! : null;
}

/** The instant range of a time range at its anchor, or null when it is not a valid range. */
export function resolveTimeRange(
  range: TimeRange,
  at: number | RangeAnchors,
): { from: number; to: number } | null {
  if (range.kind === 'absolute')
    return range.from <= range.to ? { from: range.from, to: range.to } : null;
  const span = relativeSpanMs(range.last);
  if (span === null) return null;
  const anchors = typeof at === 'number' ? { now: at, dataEnd: null } : at;
  const to = range.end === 'data' && anchors.dataEnd !== null ? anchors.dataEnd : anchors.now;
  return { from: to - span, to };
}

/** The DSL query for the parts (without limit/offset/cursor, which the views add). */
export function toQuery(parts: QueryParts, now: number | RangeAnchors = Date.now()): Query | null {
  if (parts.instance === null) return null;
  const where: WhereNode[] = [...parts.where];
  if (parts.timeRange) {
    const r = resolveTimeRange(parts.timeRange, now);
    if (r) where.push({ field: 'timestamp', operator: 'between', value: [r.from, r.to] });
  }
  const query: Query = { from: { instance: parts.instance } };
  if (parts.stream !== null) query.from.stream = parts.stream;
  if (where.length > 0) query.where = where;
  if (parts.select) query.select = parts.select;
  if (parts.orderBy) query.orderBy = parts.orderBy;
  if (parts.reduce) query.reduce = parts.reduce;
  return query;
}

/**
 * The whole query as the user shaped it, `limit` included: what the JSON editor shows, history
 * and saved queries keep, and "copy as" hands out.
 */
export function toFullQuery(
  parts: QueryParts,
  now: number | RangeAnchors = Date.now(),
): Query | null {
  const query = toQuery(parts, now);
  if (query && parts.limit !== null) query.limit = parts.limit;
  return query;
}
