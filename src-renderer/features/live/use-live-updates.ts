import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from '../../client/client-context';
import { useUiStore } from '../../state/ui-store';
import { useToast } from '../../components/toast';
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
  const [newCount, setNewCount] = useState(0);
  const following = follow && atTop && newestFirst;
  const followingRef = useRef(following);
  followingRef.current = following;
  const reloadRef = useRef(reloadHead);
  reloadRef.current = reloadHead;
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
      setNewCount(0);
      reloadRef.current();
    }, wait);
  }, [throttleMs]);

  useEffect(() => {
    setNewCount(0);
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
      if (followingRef.current) scheduleReload();
    });
  }, [client, instanceId, stream, scheduleReload]);

  // Scrolling back to the top while following picks up what arrived meanwhile.
  useEffect(() => {
    if (following && newCount > 0) scheduleReload();
  }, [following, newCount, scheduleReload]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const catchUp = useCallback(() => {
    setNewCount(0);
    lastReload.current = Date.now();
    reloadRef.current();
  }, []);
  return { newCount, catchUp };
}
