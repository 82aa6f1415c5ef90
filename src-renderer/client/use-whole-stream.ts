import { useMemo } from 'react';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { EventInput } from '../../src-shared/contract/operations';
import type { Query } from '../../src-shared/contract/query';
import type { EventRecord } from '../../src-shared/contract/records';
import { useClient } from './client-context';
import { systemInstanceName } from '../../src-shared/contract/system-instance';
import { OperationError, operationKey } from './query-cache';
import { useOperationMutation } from './use-operation';

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

/**
 * The app's own records kept as a stream of `_eventlens` (saved queries, bookmarks): the stream
 * folded by `fold` (a function that never changes), an append that creates `_eventlens` on first
 * use, all or nothing, and the read's state. No `_eventlens` yet is not an error: nothing was
 * ever written, and the fold of no events is what it holds.
 */
export function useSystemStream<T>(
  stream: string,
  fold: (events: EventRecord[]) => T,
): {
  folded: T;
  loading: boolean;
  error: string | null;
  append(events: EventInput[]): Promise<void>;
  appending: boolean;
} {
  const read = useWholeStream(systemInstanceName, stream);
  const write = useOperationMutation('appendEvents');
  const missing = read.error?.code === 'NOT_FOUND';
  const events = read.data;
  const folded = useMemo(() => fold(events ?? []), [fold, events]);
  return {
    folded,
    loading: read.isFetching,
    error: read.error && !missing ? read.error.message : null,
    append: async (list) => {
      await write.mutateAsync({
        instanceId: systemInstanceName,
        autoCreateInstance: true,
        events: list,
      });
    },
    appending: write.isPending,
  };
}
