import { formatField, type PathSegment } from '../../../src-shared/contract/fields';
import type { JsonValue } from '../../../src-shared/contract/json-value';
import type { EventRecord } from '../../../src-shared/contract/records';
import type { Highlighter } from '../../../src-shared/search/highlight';
import type { RowList } from './paged-rows';

/**
 * Whether the search marks anything in the event: a string of it (id, stream, type, or a
 * string of payload or metadata at any depth) in which the highlighter finds a match. This is
 * what "next matching event" looks for in a view the search does not filter (a context view).
 */
export function eventMatches(h: Highlighter, event: EventRecord): boolean {
  if (h.empty) return false;
  if (
    h.ranges(event.id, 'id').length > 0 ||
    h.ranges(event.stream_id, 'stream_id').length > 0 ||
    h.ranges(event.event_type, 'event_type').length > 0
  )
    return true;
  const walk = (root: 'payload' | 'metadata', value: JsonValue, segments: PathSegment[]) => {
    if (typeof value === 'string')
      return h.ranges(value, formatField({ kind: 'json', root, segments })).length > 0;
    if (value === null || typeof value !== 'object') return false;
    if (Array.isArray(value)) return value.some((v, i): boolean => walk(root, v, [...segments, i]));
    return Object.entries(value).some(([k, v]): boolean => walk(root, v, [...segments, k]));
  };
  return walk('payload', event.payload, []) || walk('metadata', event.metadata, []);
}

/**
 * The index of the next (`direction` 1) or previous (-1) row after `from` that `matches`,
 * wrapping around the loaded rows once, as an editor's "find next" does; null when none does.
 * `from` may be -1 (nothing selected): the first match from the top, or the last one.
 */
export function nextMatch(
  rows: RowList,
  from: number,
  direction: 1 | -1,
  matches: (index: number) => boolean,
): number | null {
  const n = rows.length;
  if (n === 0) return null;
  const start = from < 0 ? (direction === 1 ? -1 : n) : from;
  for (let step = 1; step <= n; step++) {
    const i = (((start + direction * step) % n) + n) % n;
    if (matches(i)) return i;
  }
  return null;
}
