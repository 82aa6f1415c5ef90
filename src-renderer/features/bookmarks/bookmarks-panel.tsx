import { useState } from 'react';
import type { Bookmark } from '../../../src-shared/contract/bookmarks';
import { useOperation } from '../../client/use-operation';
import { Popover } from '../../components/popover';
import { ToolButton } from '../../components/tool-button';
import { useBookmarksUi } from '../../state/bookmarks-ui-store';
import { useQueryStore } from '../../state/query-store';
import { useUiStore } from '../../state/ui-store';
import { formatTime } from '../events/format';
import { openBookmark } from './open-bookmark';
import { useBookmarks } from './use-bookmarks';
import './bookmarks.css';
import { usePick } from '../../state/use-pick';

/**
 * Every bookmark, in the order of their events' times: a click opens one (its instance and
 * stream, the table scrolled to the event); a note can be edited and a bookmark removed here.
 * "This instance" narrows the list to the instance shown. Export and import go with the saved
 * queries (the Saved panel), in one file.
 */
export function BookmarksPanel() {
  const store = useBookmarks();
  const {
    panelOpen: open,
    setPanelOpen: setOpen,
    edit,
  } = usePick(useBookmarksUi, 'panelOpen', 'setPanelOpen', 'edit');
  const current = useQueryStore((s) => s.instance);
  const timeZone = useUiStore((s) => s.timeZone);
  const instances = useOperation('listInstances', {}).data?.instances;
  const [onlyHere, setOnlyHere] = useState(false);
  const [filter, setFilter] = useState('');
  const here = (b: Bookmark) => !onlyHere || b.instanceId === current;
  const words = filter.trim().toLowerCase();
  const shown = store.bookmarks.filter(
    (b) =>
      here(b) &&
      (words === '' ||
        `${b.note} ${b.instance} ${b.stream} ${b.eventType}`.toLowerCase().includes(words)),
  );
  const exists = (b: Bookmark) => !instances || instances.some((i) => i.id === b.instanceId);
  const nameOf = (b: Bookmark) => instances?.find((i) => i.id === b.instanceId)?.name ?? b.instance;

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      align="end"
      className="bookmarks-panel"
      testId="bookmarks-panel"
      trigger={
        <ToolButton
          className="button"
          data-testid="bookmarks"
          aria-label="Bookmarks"
          title="Bookmarks: m marks the selected event, ' jumps to the next mark"
          icon="flag"
          label="Bookmarks"
        >
          {store.bookmarks.length > 0 && (
            <span className="count-badge" data-testid="bookmarks-count">
              {store.bookmarks.length}
            </span>
          )}
        </ToolButton>
      }
    >
      <div className="row bookmarks-head">
        <input
          className="input input-tool"
          placeholder="Filter by note, instance, stream, type"
          value={filter}
          data-testid="bookmarks-filter"
          onChange={(e) => setFilter(e.target.value)}
        />
        <label className="checkbox-label">
          <input
            type="checkbox"
            checked={onlyHere}
            disabled={current === null}
            data-testid="bookmarks-only-here"
            onChange={(e) => setOnlyHere(e.target.checked)}
          />
          This instance
        </label>
      </div>
      {store.error && <div className="text-error">{store.error}</div>}
      {store.skipped.length > 0 && (
        <div
          className="hint"
          data-testid="bookmarks-skipped"
          title={store.skipped.map((s) => `#${s.sequence} ${s.eventType}: ${s.reason}`).join('\n')}
        >
          {store.skipped.length} {store.skipped.length === 1 ? 'entry' : 'entries'} in the bookmarks
          stream could not be read and {store.skipped.length === 1 ? 'is' : 'are'} left out.
        </div>
      )}
      <ul className="bookmarks-list" data-testid="bookmarks-list">
        {shown.map((b) => (
          <li
            key={`${b.instanceId} ${b.eventId}`}
            className="list-row"
            data-testid="bookmark-item"
            data-event-id={b.eventId}
            data-colour={b.colour}
          >
            <button
              type="button"
              className="list-row-open bookmarks-open"
              data-testid="bookmark-open"
              disabled={!exists(b)}
              title={
                exists(b) ? 'Show this event in its stream' : 'Its instance is not here any more'
              }
              onClick={() => {
                setOpen(false);
                openBookmark(b);
              }}
            >
              <span
                className={`bookmark-dot bookmark-bg bookmark-${b.colour}`}
                aria-hidden="true"
              />
              <span className="bookmarks-text">
                <span className={b.note ? 'bookmarks-note' : 'bookmarks-note muted'}>
                  {b.note || 'No note'}
                </span>
                <span className="muted bookmarks-meta">
                  {formatTime(Date.parse(b.timestamp), timeZone)} · {nameOf(b)} · {b.stream} #
                  {b.sequence} · {b.eventType}
                  {!exists(b) && ' · instance gone'}
                </span>
              </span>
            </button>
            <span className="row-tools">
              <button
                type="button"
                className="link-button"
                data-testid="bookmark-edit"
                onClick={() => {
                  setOpen(false);
                  edit(b);
                }}
              >
                edit
              </button>
              <button
                type="button"
                className="link-button danger"
                data-testid="bookmark-delete"
                disabled={store.saving}
                onClick={() => void store.remove(b)}
              >
                remove
              </button>
            </span>
          </li>
        ))}
        {shown.length === 0 && !store.loading && (
          <li className="muted bookmarks-empty" data-testid="bookmarks-empty">
            {store.bookmarks.length === 0
              ? 'No bookmarks yet. Select an event and press m to mark it with a note.'
              : 'No bookmark matches.'}
          </li>
        )}
      </ul>
      <div className="hint">Export and import them with the saved queries (Saved → Export…).</div>
    </Popover>
  );
}
