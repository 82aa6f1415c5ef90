import { useEffect, useLayoutEffect, useRef } from 'react';
import type { Bookmark } from '../../../src-shared/contract/bookmarks';
import type { Highlighter } from '../../../src-shared/search/highlight';
import { useBookmarksUi } from '../../state/bookmarks-ui-store';
import { useContextStore, type ContextView } from '../../state/context-store';
import { noTableActions, useTableActions } from '../../state/table-actions-store';
import { useToast } from '../../state/toast-store';
import { nearestBookmark } from '../bookmarks/nearest-bookmark';
import { openBookmark } from '../bookmarks/open-bookmark';
import { cachedEvent } from './event-cache';
import { eventMatches, nextMatch } from './event-matches';
import { rowAnchor } from './row-menu';
import type { EventPages } from './use-event-pages';

/**
 * The event table's commands that shortcuts and menus outside it call (table-actions-store):
 * the next or previous search match or bookmark, a context view of the selected event, its
 * bookmark. They read the table's rows and selection as of its last render.
 */
export function useEventActions(table: {
  rows: EventPages['rows'];
  instance: string | null;
  selectedId: string | null;
  selectedIndex: number | null;
  highlighter: Highlighter;
  context: ContextView | null;
  marks: ReadonlyMap<string, Bookmark>;
  /** Whether the table is newest first (down is back in time). */
  newestFirst: boolean;
  /** Selects the row at an index and scrolls it into view. */
  move: (index: number) => void;
  /** Puts the keyboard in the table (its arrows, Enter, j / k). */
  focus: () => void;
}): void {
  const { rows, instance, selectedId, selectedIndex, highlighter, context, marks, move } = table;
  const { newestFirst, focus } = table;
  // Next / previous matching event. Every event of a search's result matches it; a context
  // view (not filtered by the search) is searched event by event.
  const jump = (direction: 1 | -1): boolean => {
    if (highlighter.empty) {
      useToast.getState().show('No search to jump between: type a word in the search box ( / ).');
      return false;
    }
    const matches = context
      ? (i: number) => {
          const event = cachedEvent(rows.row(i)!.id);
          return event !== undefined && eventMatches(highlighter, event);
        }
      : () => true;
    const i = nextMatch(rows, selectedIndex ?? -1, direction, matches);
    if (i === null) {
      useToast.getState().show('No loaded event matches the search.');
      return false;
    }
    move(i);
    return true;
  };
  const openContext = (kind: 'around' | 'stream'): boolean => {
    const row = selectedIndex === null ? undefined : rows.row(selectedIndex);
    if (!row || row.id !== selectedId || instance === null) {
      useToast.getState().show('Select an event first.');
      return false;
    }
    const anchor = rowAnchor(row, instance);
    if (kind === 'around') useContextStore.getState().showAround(anchor);
    else useContextStore.getState().showInStream(anchor);
    return true;
  };
  // m: the note/colour editor of the selected event's bookmark (adding one, or removing it).
  const mark = (): boolean => {
    const row = selectedIndex === null ? undefined : rows.row(selectedIndex);
    if (!row || row.id !== selectedId || instance === null) {
      useToast.getState().show('Select an event first.');
      return false;
    }
    const target = {
      instanceId: instance,
      eventId: row.id,
      stream: row.stream,
      sequence: row.seq,
      timestamp: new Date(row.ts).toISOString(),
      eventType: row.type,
    };
    useBookmarksUi.getState().edit(target, marks.has(row.id));
    return true;
  };
  // ' and Shift+': the next or previous bookmarked event among the loaded rows; when none of
  // them is one, the nearest bookmark in time that way, opened in its stream (openBookmark).
  const jumpMark = (direction: 1 | -1): boolean => {
    if (marks.size === 0) {
      useToast.getState().show('No bookmarks in this instance: select an event and press m.');
      return false;
    }
    const i = nextMatch(rows, selectedIndex ?? -1, direction, (k) => marks.has(rows.row(k)!.id));
    if (i !== null) {
      move(i);
      return true;
    }
    const from = selectedIndex === null ? undefined : rows.row(selectedIndex);
    // Down the table is back in time when it is newest first.
    const later = (direction === 1) !== newestFirst;
    openBookmark(nearestBookmark(marks.values(), from?.ts ?? null, later)!);
    return true;
  };
  // j / k pressed outside the table: the next or previous row, and the keyboard stays there.
  const step = (direction: 1 | -1) => {
    focus();
    move((selectedIndex ?? -1) + direction);
  };
  const actionsRef = useRef({ jump, openContext, mark, jumpMark, step, focus });
  useLayoutEffect(() => {
    actionsRef.current = { jump, openContext, mark, jumpMark, step, focus };
  });
  const setActions = useTableActions((s) => s.set);
  useEffect(() => {
    setActions({
      jump: (direction) => actionsRef.current.jump(direction),
      openContext: (kind) => actionsRef.current.openContext(kind),
      mark: () => actionsRef.current.mark(),
      jumpMark: (direction) => actionsRef.current.jumpMark(direction),
      step: (direction) => actionsRef.current.step(direction),
      focus: () => actionsRef.current.focus(),
    });
    return () => setActions(noTableActions);
  }, [setActions]);
}
