import { compareBookmarks, type Bookmark } from '../../../src-shared/contract/bookmarks';

/**
 * The bookmark to go to when none of the table's loaded rows is one: the first after `fromMs`
 * in time (`later`) or the last before it, wrapping round like the jump among loaded rows; with
 * no event selected (`fromMs` null), the first or last of all. Undefined when there are none.
 */
export function nearestBookmark(
  bookmarks: Iterable<Bookmark>,
  fromMs: number | null,
  later: boolean,
): Bookmark | undefined {
  const sorted = [...bookmarks].sort(compareBookmarks);
  if (sorted.length === 0) return undefined;
  const time = (b: Bookmark) => Date.parse(b.timestamp);
  if (later) {
    return (fromMs === null ? undefined : sorted.find((b) => time(b) > fromMs)) ?? sorted[0];
  }
  const before = fromMs === null ? undefined : sorted.findLast((b) => time(b) < fromMs);
  return before ?? sorted.at(-1);
}
