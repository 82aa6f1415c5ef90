import { useMemo } from 'react';
import type { EventInput } from '../../../src-shared/contract/operations';
import { systemInstanceName } from '../../../src-shared/contract/system-instance';
import { useOperationMutation } from '../../client/use-operation';
import { useWholeStream } from '../../client/use-whole-stream';
import { foldSavedQueries, savedQueriesStream, type SavedQuery } from './saved-queries-model';

export interface SavedQueries {
  queries: SavedQuery[];
  /** Events in the stream that could not be read (newer format, hand-written). */
  skipped: number;
  loading: boolean;
  error: string | null;
  /** Appends events to `_eventlens` (creating it on first use): saved queries, bookmarks. */
  append(events: EventInput[]): Promise<void>;
  appending: boolean;
}

/** The saved queries: a fold of the `_eventlens/saved-queries` stream, refreshed by change events. */
export function useSavedQueries(): SavedQueries {
  const read = useWholeStream(systemInstanceName, savedQueriesStream);
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
