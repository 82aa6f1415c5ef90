import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { Query } from '../../src-shared/contract/query';
import type { EventRecord } from '../../src-shared/contract/records';
import { useClient } from './client-context';
import { OperationError, operationKey } from './query-cache';

/** The query that reads a whole stream in append order, page by page. */
export function wholeStreamQuery(instance: string, stream: string): Query {
  return { from: { instance, stream }, limit: 10_000 };
}

/**
 * Every event of one stream (no cap on how many: page by page by cursor), for the app's own
 * records that are folded from their events (saved queries, bookmarks). Keyed like a
 * queryEvents call, so the change events of the instance refresh it like any other read. An
 * instance that does not exist yet answers NOT_FOUND (nothing was ever written).
 */
export function useWholeStream(
  instance: string,
  stream: string,
): UseQueryResult<EventRecord[], OperationError> {
  const client = useClient();
  const params = { query: wholeStreamQuery(instance, stream) };
  return useQuery<EventRecord[], OperationError>({
    queryKey: operationKey('queryEvents', params),
    queryFn: async ({ signal }) => {
      const all: EventRecord[] = [];
      let cursor: string | undefined;
      do {
        const query = cursor ? { ...params.query, cursor } : params.query;
        const envelope = await client.call('queryEvents', { query }, { signal });
        if (!envelope.success) throw new OperationError(envelope);
        all.push(...((envelope.data.result.events ?? []) as EventRecord[]));
        cursor = envelope.data.result.nextCursor ?? undefined;
      } while (cursor);
      return all;
    },
  });
}
