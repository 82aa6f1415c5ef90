import { keepPreviousData, useQueries } from '@tanstack/react-query';
import type { StreamOrderField, StreamSummary } from '../../../src-shared/contract/catalog';
import type { ParamsOf } from '../../../src-shared/contract/operations';
import { useClient } from '../../client/client-context';
import { OperationError, operationKey } from '../../client/query-cache';

export const streamPageSize = 100;

export interface StreamPages {
  total: number | null;
  row(index: number): StreamSummary | undefined;
  status: 'loading' | 'error' | 'ready';
  error: OperationError | null;
}

/**
 * The stream list reads only the pages in view (listStreams by offset), through the query cache
 * keyed by [operation, params]: so appends refresh them (change events) and 100,000 streams cost
 * what 100 do. Page 0 is always read: it carries the exact total.
 */
export function useStreamPages(
  instanceId: string,
  nameContains: string,
  orderBy: StreamOrderField,
  direction: 'asc' | 'desc',
  firstIndex: number,
  lastIndex: number,
): StreamPages {
  const client = useClient();
  const firstPage = Math.floor(Math.max(0, firstIndex) / streamPageSize);
  const lastPage = Math.max(firstPage, Math.floor(Math.max(0, lastIndex) / streamPageSize));
  const pages = [0];
  for (let p = Math.max(1, firstPage); p <= lastPage; p++) pages.push(p);
  const results = useQueries({
    queries: pages.map((page) => {
      const params: ParamsOf<'listStreams'> = {
        instanceId,
        orderBy,
        direction,
        limit: streamPageSize,
        offset: page * streamPageSize,
        ...(nameContains ? { nameContains } : {}),
      };
      return {
        queryKey: operationKey('listStreams', params),
        queryFn: async () => {
          const envelope = await client.listStreams(params);
          if (!envelope.success) throw new OperationError(envelope);
          return envelope.data;
        },
        placeholderData: page === 0 ? keepPreviousData : undefined,
      };
    }),
  });
  const head = results[0]!;
  const byPage = new Map(pages.map((p, i) => [p, results[i]!.data]));
  return {
    total: head.data?.total ?? null,
    row: (index) => byPage.get(Math.floor(index / streamPageSize))?.streams[index % streamPageSize],
    status: head.error ? 'error' : head.data ? 'ready' : 'loading',
    error: head.error as OperationError | null,
  };
}
