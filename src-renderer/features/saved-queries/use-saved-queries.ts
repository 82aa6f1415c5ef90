import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { EventInput } from '../../../src-shared/contract/operations';
import type { EventRecord } from '../../../src-shared/contract/records';
import { useClient } from '../../client/client-context';
import { useOperationMutation } from '../../client/use-operation';
import { OperationError, operationKey } from '../../client/query-cache';
import {
  foldSavedQueries,
  savedQueriesQuery,
  systemInstanceName,
  type SavedQuery,
} from './saved-queries-model';

export interface SavedQueries {
  queries: SavedQuery[];
  /** Events in the stream that could not be read (newer format, hand-written). */
  skipped: number;
  loading: boolean;
  error: string | null;
  /** Appends events to the saved-queries stream (creating `_eventlens` on first use). */
  append(events: EventInput[]): Promise<void>;
  appending: boolean;
}

/** The saved queries: a fold of the `_eventlens/saved-queries` stream, refreshed by change events. */
export function useSavedQueries(): SavedQueries {
  const client = useClient();
  const params = { query: savedQueriesQuery() };
  // The whole stream, page by page (no cap on how many changes it has seen). Keyed like a
  // queryEvents call, so the change events of `_eventlens` refresh it like any other read.
  const read = useQuery<EventRecord[], OperationError>({
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
  const write = useOperationMutation('appendEvents');
  // No `_eventlens` instance yet: nothing was ever saved.
  const missing = read.error?.code === 'NOT_FOUND';
  const events = read.data;
  const folded = useMemo(() => foldSavedQueries(events ?? []), [events]);
  return {
    queries: folded.queries,
    skipped: folded.skipped,
    loading: read.isFetching,
    error: read.error && !missing ? read.error.message : null,
    appending: write.isPending,
    append: async (list) => {
      await write.mutateAsync({
        instanceId: systemInstanceName,
        autoCreateInstance: true,
        events: list,
      });
    },
  };
}
