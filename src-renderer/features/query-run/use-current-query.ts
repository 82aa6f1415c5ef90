import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Query } from '../../../src-shared/contract/query';
import { toFullQuery, toQuery, useQueryStore, type QueryParts } from '../../state/query-store';
import { useRunStore } from '../../state/run-store';

export interface CurrentQuery {
  parts: QueryParts;
  anchor: number;
  /** The filters only (from, where incl. the time range): what facets and histogram count. */
  base: Query | null;
  /** The whole query as the user shaped it (reduce, select, order, limit included). */
  full: Query | null;
}

const pickParts = (s: QueryParts): QueryParts => ({
  instance: s.instance,
  stream: s.stream,
  where: s.where,
  timeRange: s.timeRange,
  orderBy: s.orderBy,
  select: s.select,
  reduce: s.reduce,
  limit: s.limit,
});

/** The current query, resolved at the run anchor; stable objects while nothing changes. */
export function useCurrentQuery(): CurrentQuery {
  const parts = useQueryStore(useShallow(pickParts));
  const anchor = useRunStore((s) => s.anchor);
  return useMemo(() => {
    const q = toQuery(parts, anchor);
    const base: Query | null = q ? { from: q.from } : null;
    if (base && q?.where) base.where = q.where;
    return { parts, anchor, base, full: toFullQuery(parts, anchor) };
  }, [parts, anchor]);
}
