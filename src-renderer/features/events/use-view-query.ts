import { useMemo } from 'react';
import type { OrderBy, Query } from '../../../src-shared/contract/query';
import { streamOrder } from '../../../src-shared/search/around';
import { useUiStore } from '../../state/ui-store';
import { toQuery, useQueryStore } from '../../state/query-store';
import { useRunStore } from '../../state/run-store';

/**
 * The order a view uses when the user has not picked one: a stream in sequence order (oldest
 * first unless "newest first" is on), an instance newest first by time, as log viewers do.
 */
export function defaultOrder(stream: string | null, streamNewestFirst: boolean): OrderBy {
  if (stream !== null) return streamOrder(streamNewestFirst);
  return { field: 'timestamp', direction: 'desc' };
}

/** The query the event table runs: the current query plus the view's default order. */
export function useViewQuery(): { query: Query | null; orderBy: OrderBy; isStreamView: boolean } {
  const instance = useQueryStore((s) => s.instance);
  const stream = useQueryStore((s) => s.stream);
  const where = useQueryStore((s) => s.where);
  const timeRange = useQueryStore((s) => s.timeRange);
  const chosenOrder = useQueryStore((s) => s.orderBy);
  const streamNewestFirst = useUiStore((s) => s.streamNewestFirst);
  // Relative ranges resolve at the run anchor, the same instant as the histogram and facets.
  const anchor = useRunStore((s) => s.anchor);
  return useMemo(() => {
    const orderBy = chosenOrder ?? defaultOrder(stream, streamNewestFirst);
    const base = toQuery(
      {
        instance,
        stream,
        where,
        timeRange,
        orderBy,
        select: null,
        reduce: null,
        limit: null,
      },
      anchor,
    );
    return { query: base, orderBy, isStreamView: stream !== null };
  }, [instance, stream, where, timeRange, chosenOrder, streamNewestFirst, anchor]);
}
