import type { EventRecord } from '../../../src-shared/contract/records';
import { bookmarkKey, type Bookmark } from '../../../src-shared/contract/bookmarks';
import { ActionButton } from '../../components/action-button';
import { useBookmarksUi } from '../../state/bookmarks-ui-store';
import { useBookmarks } from './use-bookmarks';
import './bookmarks.css';

interface Props {
  event: EventRecord;
  instanceId: string;
}

/** The event's bookmark, and a function that opens the editor on it. */
function useEventBookmark({ event, instanceId }: Props): {
  bookmark: Bookmark | undefined;
  edit: () => void;
} {
  const { byKey } = useBookmarks();
  const edit = useBookmarksUi((s) => s.edit);
  return {
    bookmark: byKey.get(bookmarkKey({ instanceId, eventId: event.id })),
    edit: () =>
      edit({
        instanceId,
        eventId: event.id,
        stream: event.stream_id,
        sequence: event.sequence_number,
        timestamp: event.timestamp,
        eventType: event.event_type,
      }),
  };
}

/** The detail pane's "Bookmark…" (as `m`), while the event has no bookmark. */
export function BookmarkButton(props: Props) {
  const { bookmark, edit } = useEventBookmark(props);
  if (bookmark) return null;
  const action = {
    label: 'Bookmark…',
    testId: 'detail-bookmark',
    title: 'Bookmark this event with a note (m)',
    onClick: edit,
  };
  // Beside the detail pane's other actions, and drawn as they are.
  return <ActionButton action={action} className="button button-small" />;
}

/** The detail pane's note of a bookmarked event, in its colour; a click edits it. */
export function BookmarkNote(props: Props) {
  const { bookmark, edit } = useEventBookmark(props);
  if (!bookmark) return null;
  return (
    <button
      type="button"
      className="bookmark-detail"
      data-testid="detail-bookmark-note"
      title="Edit the note or the colour, or remove the bookmark (m)"
      onClick={edit}
    >
      <span className={`bookmark-dot bookmark-bg bookmark-${bookmark.colour}`} aria-hidden="true" />
      <span className={bookmark.note ? undefined : 'muted'}>{bookmark.note || 'Bookmarked'}</span>
    </button>
  );
}
