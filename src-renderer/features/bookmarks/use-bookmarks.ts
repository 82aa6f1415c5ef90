import { useMemo } from 'react';
import {
  bookmarkKey,
  bookmarkRemovedEvent,
  bookmarkSetEvent,
  bookmarksStream,
  foldBookmarks,
  type Bookmark,
  type BookmarkRef,
  type BookmarkSet,
  type SkippedBookmarkEvent,
} from '../../../src-shared/contract/bookmarks';
import type { EventInput } from '../../../src-shared/contract/operations';
import type { EventRecord } from '../../../src-shared/contract/records';
import { useSystemStream } from '../../client/use-whole-stream';

export interface Bookmarks {
  /** In the order of their events' times. */
  bookmarks: Bookmark[];
  /** By bookmarkKey (instance id + event id). */
  byKey: ReadonlyMap<string, Bookmark>;
  /** Events of the stream the fold left out, with the reason. */
  skipped: SkippedBookmarkEvent[];
  loading: boolean;
  error: string | null;
  set(bookmark: BookmarkSet): Promise<void>;
  remove(ref: BookmarkRef): Promise<void>;
  /** Appends events to `_eventlens` (creating it on first use), all or nothing. */
  append(events: EventInput[]): Promise<void>;
  saving: boolean;
}

/** The fold of the bookmarks stream, with the bookmarks by key. */
function foldWithKeys(events: EventRecord[]) {
  const f = foldBookmarks(events);
  return { ...f, byKey: new Map(f.bookmarks.map((b) => [bookmarkKey(b), b])) };
}

/**
 * The bookmarks: a fold of the `_eventlens/bookmarks` stream (src-shared/contract/bookmarks.ts),
 * refreshed by change events like any other read, so every window shows the same marks.
 */
export function useBookmarks(): Bookmarks {
  const { folded, append, appending, ...read } = useSystemStream(bookmarksStream, foldWithKeys);
  return {
    ...read,
    bookmarks: folded.bookmarks,
    byKey: folded.byKey,
    skipped: folded.skipped,
    set: (b) => append([bookmarkSetEvent(b)]),
    remove: (ref) => append([bookmarkRemovedEvent(ref)]),
    append,
    saving: appending,
  };
}

/** The bookmarks of one instance by event id (the table's and the histogram's marks). */
export function useInstanceBookmarks(instanceId: string | null): ReadonlyMap<string, Bookmark> {
  const { bookmarks } = useBookmarks();
  return useMemo(
    () =>
      new Map(
        bookmarks.filter((b) => b.instanceId === instanceId).map((b) => [b.eventId, b] as const),
      ),
    [bookmarks, instanceId],
  );
}
