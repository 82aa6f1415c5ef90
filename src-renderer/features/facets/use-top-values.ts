import type { Query } from '../../../src-shared/contract/query';
import { isGrouped } from '../charts/chart-model';
import { useTimedQuery, type TimedQuery } from '../query-run/use-timed-query';
import { defaultFacetLimit, facetQuery, facetValues, type FacetValue } from './facets-model';

export interface TopValues {
  values: FacetValue[];
  /** Exact number of distinct values (groups). */
  distinct: number | null;
  /** Events under the query (the facet's denominator). */
  total: number | null;
  run: TimedQuery;
}

/** The exact top values of a field under `base` (a count grouped by the field). */
export function useTopValues(
  base: Query | null,
  field: string,
  options: { limit?: number; enabled?: boolean } = {},
): TopValues {
  const query = base && field ? facetQuery(base, field, options.limit ?? defaultFacetLimit) : null;
  const run = useTimedQuery(query, { enabled: options.enabled ?? true });
  const agg = run.result?.aggregation;
  const grouped = agg && isGrouped(agg) ? agg : null;
  return {
    values: grouped ? facetValues(field, grouped.groups) : [],
    distinct: grouped ? grouped.groupCount : null,
    total: run.result?.total ?? null,
    run,
  };
}
