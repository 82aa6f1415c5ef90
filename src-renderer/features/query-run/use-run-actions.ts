import { useQueryClient, type Query as CachedQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import type { Instance } from '../../../src-shared/contract/records';
import { useClient } from '../../client/client-context';
import { useLatest } from '../../components/use-latest';
import { useQueryStore } from '../../state/query-store';
import { documentOf } from '../saved-queries/query-document';
import { addToHistory } from '../saved-queries/use-history';
import { useRunStore } from '../../state/run-store';

/**
 * Runs the current query again: relative ranges are re-resolved at this moment, and every
 * cached answer for the instance is refreshed (even when the DSL did not change).
 */
export function useRunNow(): () => void {
  const queryClient = useQueryClient();
  const bump = useRunStore((s) => s.bump);
  return useCallback(() => {
    bump();
    void queryClient.invalidateQueries({
      predicate: (q: CachedQuery) =>
        q.queryKey[0] === 'queryEvents' || q.queryKey[0] === 'getInstanceStats',
    });
  }, [bump, queryClient]);
}

/**
 * A relative range follows the clock while events arrive: when events are appended to the
 * instance on screen, the range is re-resolved (at most every 2 s), so "last 15 minutes" shows
 * them. Absolute ranges are not moved.
 */
export function useLiveAnchor(): void {
  const client = useClient();
  const bump = useRunStore((s) => s.bump);
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    const stop = client.subscribe((change) => {
      if (change.kind !== 'eventsAppended') return;
      const { instance, timeRange } = useQueryStore.getState();
      if (timeRange?.kind !== 'relative' || change.instanceId !== instance) return;
      const wait = Math.max(0, last.current + 2000 - Date.now());
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        last.current = Date.now();
        bump();
      }, wait);
    });
    return () => {
      stop();
      clearTimeout(timer.current);
    };
  }, [client, bump]);
}

/**
 * The history is automatic: a query the user has looked at for a moment (its parts unchanged
 * for 1.5 s) is recorded, with the total and time of its answer when there is one.
 */
export function useRecordHistory(
  instances: readonly Instance[],
  answer: { total?: number; tookMs?: number } | null,
): void {
  const parts = useQueryStore();
  const doc = documentOf(parts, instances);
  const key = doc ? JSON.stringify(doc) : null;
  // Read when the timer fires: the document of `key`, and the answer that came meanwhile.
  const latest = useLatest({ doc, answer });
  useEffect(() => {
    if (key === null) return;
    const timer = setTimeout(() => {
      const { doc, answer: a } = latest.current;
      if (!doc) return;
      addToHistory({
        doc,
        at: new Date().toISOString(),
        ...(a?.total !== undefined ? { total: a.total } : {}),
        ...(a?.tookMs !== undefined ? { tookMs: a.tookMs } : {}),
      });
    }, 1500);
    return () => clearTimeout(timer);
  }, [key, latest]);
}
