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
import { systemInstanceName } from '../../../src-shared/contract/system-instance';
import { useOperationMutation } from '../../client/use-operation';
import { useWholeStream } from '../../client/use-whole-stream';

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

/**
 * The bookmarks: a fold of the `_eventlens/bookmarks` stream (src-shared/contract/bookmarks.ts),
 * refreshed by change events like any other read, so every window shows the same marks.
 */
export function useBookmarks(): Bookmarks {
  const read = useWholeStream(systemInstanceName, bookmarksStream);
  const write = useOperationMutation('appendEvents');
  // No `_eventlens` instance yet: nothing was ever bookmarked.
  const missing = read.error?.code === 'NOT_FOUND';
  const events = read.data;
  const folded = useMemo(() => {
    const f = foldBookmarks(events ?? []);
    return { ...f, byKey: new Map(f.bookmarks.map((b) => [bookmarkKey(b), b])) };
  }, [events]);
  const append = async (list: EventInput[]) => {
    await write.mutateAsync({
      instanceId: systemInstanceName,
      autoCreateInstance: true,
      events: list,
    });
  };
  return {
    bookmarks: folded.bookmarks,
    byKey: folded.byKey,
    skipped: folded.skipped,
    loading: read.isFetching,
    error: read.error && !missing ? read.error.message : null,
    set: (b) => append([bookmarkSetEvent(b)]),
    remove: (ref) => append([bookmarkRemovedEvent(ref)]),
    append,
    saving: write.isPending,
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
