import { parseField, type PathSegment } from '../../../src-shared/contract/fields';
import type { EventRecord } from '../../../src-shared/contract/records';
import type { Highlighter } from '../../../src-shared/search/highlight';
import { inlineValue, valueAt } from './format';
import { searchSummary } from './search-summary';

/** One event as the table holds it: what the cells show, not the whole payload. */
export interface TableRow {
  id: string;
  ts: number;
  stream: string;
  type: string;
  seq: number;
  summary: string;
  /** Values of the extra columns, in the order of `extraColumns`. */
  extra: readonly string[];
}

/** The extra columns' readers: one function per column text (a payload or metadata path). */
export function compile(columns: readonly string[]): ((e: EventRecord) => string)[] {
  return columns.map((text) => {
    const parsed = parseField(text);
    if (!parsed.ok || parsed.field.kind !== 'json') return () => '';
    const { root, segments } = parsed.field as {
      root: 'payload' | 'metadata';
      segments: PathSegment[];
    };
    return (e) => inlineValue(valueAt(e[root], segments));
  });
}

/**
 * One string object for each stream name and event type, however many rows carry it. The
 * table keeps every row it loaded (100,000 after a long scroll), and the collector's pauses grow
 * with the objects it has to visit: a copy of each name per row made them twice as many.
 */
const names = new Map<string, string>();
function shared(name: string): string {
  const known = names.get(name);
  if (known !== undefined) return known;
  if (names.size >= 100_000) names.clear();
  names.set(name, name);
  return name;
}

const noExtra: readonly string[] = Object.freeze([]);

export function toRows(
  events: readonly EventRecord[],
  extract: ((e: EventRecord) => string)[],
  h: Highlighter,
): TableRow[] {
  return events.map((e) => ({
    id: e.id,
    ts: Date.parse(e.timestamp),
    stream: shared(e.stream_id),
    type: shared(e.event_type),
    seq: e.sequence_number,
    summary: searchSummary(e.payload, h),
    extra: extract.length === 0 ? noExtra : extract.map((f) => f(e)),
  }));
}
