import { useIsFetching, useQueryClient, type Query as CachedQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useKeyedState } from '../../components/use-keyed-state';
import { useQueryStore } from '../../state/query-store';
import { useTableFetch } from '../../state/table-fetch-store';
import { useStopwatch } from './use-stopwatch';

export interface QueryActivity {
  running: boolean;
  /** Parts of this run (table page, histogram, facets, chart…) answered / started. */
  done: number;
  started: number;
  elapsedMs: number;
  /** The last run was cancelled by the user. */
  cancelled: boolean;
  cancel(): void;
}

/** Every queryEvents call about the current instance (all the views of the current query). */
function isInstanceQuery(instance: string | null) {
  return (q: CachedQuery) => {
    if (q.queryKey[0] !== 'queryEvents' || instance === null) return false;
    const params = q.queryKey[1] as { query?: { from?: { instance?: string } } } | undefined;
    return params?.query?.from?.instance === instance;
  };
}

/**
 * The progress of the current query across all its views: how long it has run, how many of its
 * parts have answered, and one Cancel for all of them. SQLite cannot report progress inside a
 * statement, so progress is counted in parts; the elapsed time ticks meanwhile (the work runs in
 * worker threads in main, so the window stays responsive).
 */
export function useQueryActivity(): QueryActivity {
  const instance = useQueryStore((s) => s.instance);
  const queryClient = useQueryClient();
  // The table's page is fetched outside the cache; it is a part of the run like the others.
  const tablePage = useTableFetch((s) => s.fetching);
  const fetching = useIsFetching({ predicate: isInstanceQuery(instance) }) + (tablePage ? 1 : 0);
  const running = fetching > 0;
  const { elapsedMs, run } = useStopwatch(running ? 'running' : null);
  const [cancelled, setCancelled] = useKeyedState(String(run), false);
  // Parts join while the run goes on (a page after the first, a facet added): count the most
  // that were out at once plus those that finished since.
  const [peak, setPeak] = useState({ run, parts: 0 });
  const started = peak.run === run ? Math.max(peak.parts, fetching) : fetching;
  if (peak.run !== run || peak.parts !== started) setPeak({ run, parts: started });

  const cancel = useCallback(() => {
    setCancelled(true);
    useTableFetch.getState().cancel?.();
    void queryClient.cancelQueries({ predicate: isInstanceQuery(instance) });
  }, [queryClient, instance, setCancelled]);

  return {
    running,
    done: Math.max(0, started - fetching),
    started,
    elapsedMs,
    cancelled,
    cancel,
  };
}
