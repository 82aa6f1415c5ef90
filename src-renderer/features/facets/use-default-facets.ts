import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { QueryResult } from '../../../src-shared/contract/records';
import { useClient } from '../../client/client-context';
import { OperationError, operationKey } from '../../client/query-cache';
import { useOperation } from '../../client/use-operation';
import { isGrouped } from '../charts/chart-model';
import { useFieldCatalog } from '../query-builder/use-field-catalog';
import { facetCandidates, pickFacets } from './facet-ranking';
import { facetQuery } from './facets-model';

/**
 * Decided once per instance (in this window): a log's useful fields do not change with each
 * append, and recounting ten fields on every change of a live instance would be waste.
 */
const decided = new Map<string, string[]>();

/**
 * The facets an instance opens with: its candidate fields counted (each the facet's own query,
 * so the chosen ones are answered already) and the most useful picked (facet-ranking.ts).
 * Null while counting.
 */
export function useDefaultFacets(instanceId: string): string[] | null {
  const client = useClient();
  const known = decided.get(instanceId);
  const { fields, loading } = useFieldCatalog(instanceId);
  const stats = useOperation('getInstanceStats', { instanceId }, { enabled: !known });
  const total = stats.data?.eventCount;
  const candidates = useMemo(
    () => (known || loading || total === undefined ? [] : facetCandidates(fields, total)),
    [known, loading, fields, total],
  );
  const probes = useQueries({
    queries: candidates.map((path) => {
      const params = { query: facetQuery({ from: { instance: instanceId } }, path) };
      return {
        queryKey: operationKey('queryEvents', params),
        queryFn: async ({ signal }: { signal: AbortSignal }) => {
          const envelope = await client.call('queryEvents', params, { signal });
          if (!envelope.success) throw new OperationError(envelope);
          return envelope.data;
        },
      };
    }),
  });
  if (known) return known;
  if (total === undefined || loading || probes.some((p) => p.isPending)) return null;
  const present = new Map(fields.map((f) => [f.path, f.count ?? total]));
  const counted = candidates.flatMap((path, i) => {
    const result: QueryResult | undefined = probes[i]?.data?.result;
    const agg = result?.aggregation;
    return agg && isGrouped(agg)
      ? [
          {
            path,
            distinct: agg.groupCount,
            present: present.get(path) ?? total,
            largest: agg.groups[0]?.count ?? 0,
          },
        ]
      : [];
  });
  const chosen = pickFacets(counted, total);
  // An empty instance decides nothing yet: its fields come with its first import.
  if (total > 0) decided.set(instanceId, chosen);
  return chosen;
}
