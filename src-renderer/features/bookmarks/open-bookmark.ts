import type { Bookmark } from '../../../src-shared/contract/bookmarks';
import { useContextStore } from '../../state/context-store';
import { useQueryStore } from '../../state/query-store';
import { useUiStore } from '../../state/ui-store';

/**
 * Shows a bookmarked event: its instance and stream (in sequence order, without the filters of
 * the last view, which could leave the event out), then the table loads up to the event,
 * selects it and scrolls it to the middle (the context store's reveal, as "Show in stream"),
 * and the detail pane shows it.
 */
export function openBookmark(b: Pick<Bookmark, 'instanceId' | 'stream' | 'eventId'>): void {
  const query = useQueryStore.getState();
  query.setInstance(b.instanceId);
  query.setStream(b.stream);
  useUiStore.getState().clearSelection();
  // The event in the detail pane as soon as the table has selected it.
  useUiStore.getState().setDetailOpen(true);
  // After the query changed: a change of instance or stream closes a context view and its reveal.
  useContextStore.getState().revealEvent(b.eventId);
}
