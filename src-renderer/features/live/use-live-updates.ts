import { useCallback, useEffect, useRef } from 'react';
import { useClient } from '../../client/client-context';
import { useUiStore } from '../../state/ui-store';
import { useToast } from '../../state/toast-store';
import { useKeyedState } from '../../components/use-keyed-state';
import { useLatest } from '../../components/use-latest';
import { useQueryStore } from '../../state/query-store';

/**
 * Live updates of the event table without refetching it on every append. Events appended to the
 * viewed instance (and stream) by anyone are counted; when the view shows newest first, follow
 * mode is on and the table is scrolled to the top, the head is reloaded — at most once per
 * `throttleMs`, however fast events arrive. Otherwise the count feeds the "N new events" pill.
 */
export function useLiveUpdates(options: {
  instanceId: string | null;
  stream: string | null;
  /** The view puts new events at the top (newest first). */
  newestFirst: boolean;
  follow: boolean;
  atTop: boolean;
  reloadHead: () => void;
  throttleMs?: number;
}): { newCount: number; catchUp: () => void } {
  const client = useClient();
  const { instanceId, stream, newestFirst, follow, atTop, reloadHead } = options;
  const throttleMs = options.throttleMs ?? 750;
  // Counted for the view on screen: another instance or stream starts at 0.
  const [newCount, setNewCount] = useKeyedState(`${instanceId}\u0000${stream}`, 0);
  const following = follow && atTop && newestFirst;
  // The timer and the subscription act for the view on screen when they fire.
  const latest = useLatest({ following, reloadHead, setNewCount });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastReload = useRef(0);
  const dirty = useRef(false);

  const scheduleReload = useCallback(() => {
    dirty.current = true;
    if (timer.current !== undefined) return;
    const wait = Math.max(0, lastReload.current + throttleMs - Date.now());
    timer.current = setTimeout(() => {
      timer.current = undefined;
      if (!dirty.current) return;
      dirty.current = false;
      lastReload.current = Date.now();
      latest.current.setNewCount(0);
      latest.current.reloadHead();
    }, wait);
  }, [throttleMs, latest]);

  useEffect(() => {
    if (instanceId === null) return;
    return client.subscribe((change) => {
      if (change.kind === 'instanceDeleted' && change.instanceId === instanceId) {
        // Someone (another window, the CLI) deleted what we are looking at: say so, and leave.
        useQueryStore.getState().setInstance(null);
        useUiStore.getState().select(null, null);
        useToast.getState().show('The instance you were viewing was deleted.');
        return;
      }
      if (change.kind !== 'eventsAppended' || change.instanceId !== instanceId) return;
      const n =
        stream === null
          ? change.count
          : change.streams.filter((s) => s.streamId === stream).reduce((a, s) => a + s.count, 0);
      if (n === 0) return;
      setNewCount((c) => c + n);
      if (latest.current.following) scheduleReload();
    });
  }, [client, instanceId, stream, scheduleReload, setNewCount, latest]);

  // Scrolling back to the top while following picks up what arrived meanwhile.
  useEffect(() => {
    if (following && newCount > 0) scheduleReload();
  }, [following, newCount, scheduleReload]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const catchUp = useCallback(() => {
    setNewCount(0);
    lastReload.current = Date.now();
    latest.current.reloadHead();
  }, [setNewCount, latest]);
  return { newCount, catchUp };
}
