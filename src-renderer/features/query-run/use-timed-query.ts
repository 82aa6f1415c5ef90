import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Query } from '../../../src-shared/contract/query';
import type { QueryResult } from '../../../src-shared/contract/records';
import { useOperation } from '../../client/use-operation';
import { useKeyedState } from '../../components/use-keyed-state';
import { useStableJson } from '../../components/use-stable-json';
import { operationKey, type OperationError } from '../../client/query-cache';
import { useStopwatch } from './use-stopwatch';

export interface TimedQuery {
  result: QueryResult | undefined;
  error: OperationError | null;
  /** A request is out (first load or refresh). */
  running: boolean;
  /** Milliseconds since the running request started (ticks while running), else of the last. */
  elapsedMs: number;
  /** The user cancelled the last run before it answered. */
  cancelled: boolean;
  cancel(): void;
}

/**
 * queryEvents through the query cache, with what a long query needs: a clock that ticks while it
 * runs (the window stays live: the work is in a worker thread in main), and a cancel that stops
 * the engine's work (the aborted signal sends `cancel` for the call's requestId).
 */
export function useTimedQuery(
  query: Query | null,
  options: { enabled?: boolean } = {},
): TimedQuery {
  const params = useStableJson({ query: query ?? { from: { instance: '' } } });
  const enabled = query !== null && (options.enabled ?? true);
  const q = useOperation('queryEvents', params, { enabled });
  const queryClient = useQueryClient();
  const running = q.fetchStatus === 'fetching';
  const key = JSON.stringify(params);
  const { elapsedMs, run } = useStopwatch(running ? key : null);
  // Cleared by another query and by the next run.
  const [cancelled, setCancelled] = useKeyedState(`${run} ${key}`, false);
  const cancel = useCallback(() => {
    setCancelled(true);
    void queryClient.cancelQueries({ queryKey: operationKey('queryEvents', params), exact: true });
  }, [queryClient, params, setCancelled]);

  return {
    result: q.data?.result,
    error: q.error,
    running,
    elapsedMs,
    // Cancelled here, or by the query bar's Cancel for every view (the cache then puts the
    // query back as it was before the fetch: no answer, and nothing fetching).
    cancelled: cancelled || (enabled && q.status === 'pending' && q.fetchStatus === 'idle'),
    cancel,
  };
}

/** "42 ms", "3.2 s", "1 min 05 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

const numberFormat = new Intl.NumberFormat('en-US');
export const formatCount = (n: number): string => numberFormat.format(n);
