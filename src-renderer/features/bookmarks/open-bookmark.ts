import type { Bookmark } from '../../../src-shared/contract/bookmarks';
import { useContextStore } from '../../state/context-store';
import { useQueryStore } from '../../state/query-store';
import { useUiStore } from '../../state/ui-store';

/**
 * Shows a bookmarked event: its instance and stream (without the filters of the last view,
 * which could leave the event out), opened at the event as "Show in stream" opens it (the
 * page that holds it, paging both ways from there: as fast at the millionth event of a stream
 * as at the first), the event selected and scrolled to the middle, and the detail pane on it.
 */
export function openBookmark(
  b: Pick<Bookmark, 'instanceId' | 'stream' | 'eventId' | 'sequence' | 'timestamp'>,
): void {
  const query = useQueryStore.getState();
  query.setInstance(b.instanceId);
  query.setStream(b.stream);
  useUiStore.getState().clearSelection();
  // The event in the detail pane as soon as the table has selected it.
  useUiStore.getState().setDetailOpen(true);
  // After the query changed: a change of instance or stream closes a context view.
  useContextStore.getState().showInStream({
    instance: b.instanceId,
    id: b.eventId,
    stream_id: b.stream,
    sequence_number: b.sequence,
    timestamp: b.timestamp,
  });
}
