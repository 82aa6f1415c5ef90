import { formatField } from '../../../src-shared/contract/fields';
import type { JsonValue } from '../../../src-shared/contract/json-value';
import type { Highlighter } from '../../../src-shared/search/highlight';
import { summarise } from './format';

const snippetLength = 80;
/** Characters kept before a match that a long value's snippet starts near. */
const before = 8;

/**
 * A payload's summary line during a search: the top-level string fields the search matches
 * come first, each cut around its first match, then the usual summary of the rest. Without
 * this the summary shows what it always shows (Apache's method and path), and a match in a
 * long user agent lies past the cell's end, so a search for a word marks nothing in the table.
 */
export function searchSummary(payload: { [key: string]: JsonValue }, h: Highlighter): string {
  if (h.empty) return summarise(payload);
  const lead: string[] = [];
  const rest: { [key: string]: JsonValue } = {};
  for (const key in payload) {
    const value = payload[key]!;
    const first =
      typeof value === 'string'
        ? h.ranges(value, formatField({ kind: 'json', root: 'payload', segments: [key] }))[0]
        : undefined;
    if (first) lead.push(`${key}=${snippet(value as string, first[0])}`);
    else rest[key] = value;
  }
  if (lead.length === 0) return summarise(payload);
  const tail = summarise(rest);
  return [...lead, tail].filter(Boolean).join(' ').replace(/\s+/gu, ' ');
}

/** A long value cut to a snippet that shows the match at `at`, with "…" where it was cut. */
function snippet(value: string, at: number): string {
  if (value.length <= snippetLength) return value;
  const start = at + before < snippetLength ? 0 : Math.max(0, at - before);
  const end = Math.min(value.length, start + snippetLength - 1);
  return `${start > 0 ? '…' : ''}${value.slice(start, end)}${end < value.length ? '…' : ''}`;
}
