import { useMemo } from 'react';
import type { OrderBy, Query } from '../../../src-shared/contract/query';
import { aroundQuery, showInStreamQuery, streamOrder } from '../../../src-shared/search/around';
import { useUiStore } from '../../state/ui-store';
import { toQuery, useQueryStore } from '../../state/query-store';
import { useRunStore } from '../../state/run-store';
import { useContextStore, type ContextView } from '../../state/context-store';
import { usePick } from '../../state/use-pick';

/**
 * The order a view uses when the user has not picked one: a stream in sequence order (oldest
 * first unless "newest first" is on), an instance newest first by time, as log viewers do.
 */
export function defaultOrder(stream: string | null, streamNewestFirst: boolean): OrderBy {
  if (stream !== null) return streamOrder(streamNewestFirst);
  return { field: 'timestamp', direction: 'desc' };
}

/**
 * The table's query for a context view: the shared builders' (src-shared/search/around.ts),
 * opened at the event (`startAt`), so the first page holds it at any depth and the table pages
 * back from it (`prevCursor`). The builders' limit is a page size; the table sets its own.
 */
export function contextQuery(view: ContextView, streamNewestFirst: boolean): Query {
  if (view.kind === 'stream') {
    return showInStreamQuery(view.anchor, { newestFirst: streamNewestFirst });
  }
  const { anchor, events, seconds } = view;
  return { ...aroundQuery(anchor, { events, seconds }), startAt: anchor.id };
}

/**
 * The query the event table runs: the current query plus the view's default order, or the
 * query of a context view ("Around this event", "Show in stream") while one is open.
 */
export function useViewQuery(): { query: Query | null; orderBy: OrderBy; isStreamView: boolean } {
  const context = useContextStore((s) => s.view);
  const {
    instance,
    stream,
    where,
    timeRange,
    orderBy: chosenOrder,
  } = usePick(useQueryStore, 'instance', 'stream', 'where', 'timeRange', 'orderBy');
  const streamNewestFirst = useUiStore((s) => s.streamNewestFirst);
  // Relative ranges resolve at the run anchor, the same instant as the histogram and facets.
  const anchor = useRunStore((s) => s.anchors);
  return useMemo(() => {
    if (context) {
      const query = contextQuery(context, streamNewestFirst);
      return { query, orderBy: query.orderBy!, isStreamView: context.kind === 'stream' };
    }
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
  }, [context, instance, stream, where, timeRange, chosenOrder, streamNewestFirst, anchor]);
}
