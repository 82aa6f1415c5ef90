import type { EventInput } from '../../../src-shared/contract/operations';
import { useSystemStream } from '../../client/use-whole-stream';
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
  const { folded, ...stream } = useSystemStream(savedQueriesStream, foldSavedQueries);
  return { ...stream, queries: folded.queries, skipped: folded.skipped };
}
