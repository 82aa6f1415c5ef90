/**
 * A reference evaluator of the query DSL over plain arrays, written from the contract and
 * docs/query-dsl.md only — it shares no code with the SQL compiler. The differential test
 * compares the engine's answers with these. Tests only.
 */
import type { JsonValue } from '../../src-shared/contract/json-value';
import { queryLimits } from '../../src-shared/contract/limits';
import type { Query } from '../../src-shared/contract/query';
import type { EventRecord, SelectedEvent } from '../../src-shared/contract/records';
import { compareValues, field, rank, valueOf, type Value } from './reference-values';
import { aggregateValue, collected, keyPart } from './reference-aggregate';
import { matches } from './reference-where';
import { project } from './reference-select';

export interface ReferenceResult {
  /** The whole ordered result (before limit/offset), for cursor walks. */
  ordered: EventRecord[];
  events?: (EventRecord | SelectedEvent)[];
  aggregation?: Record<string, unknown>;
  total: number;
  limit: number;
  offset: number;
}

/** Where `startAt` opens the result; the errors the docs name, as `code: message`. */
function startIndex(all: readonly EventRecord[], rows: EventRecord[], id: string): number {
  if (!all.some((e) => e.id === id)) throw new Error(`NOT_FOUND: no event "${id}"`);
  const i = rows.findIndex((e) => e.id === id);
  if (i < 0) throw new Error(`NOT_FOUND: event "${id}" is not among the query's events`);
  return i;
}

/** Evaluates a validated query over the instance's events, given in append order. */
export function referenceQuery(all: readonly EventRecord[], query: Query): ReferenceResult {
  const limit = query.limit ?? queryLimits.defaultLimit;
  const offset = query.offset ?? 0;
  let rows = all.filter(
    (e) =>
      (query.from.stream === undefined || e.stream_id === query.from.stream) &&
      (query.where ?? []).every((n) => matches(e, n)),
  );
  if (query.orderBy) {
    const f = field(query.orderBy.field);
    const sign = query.orderBy.direction === 'desc' ? -1 : 1;
    const index = new Map(all.map((e, i) => [e, i]));
    rows = [...rows].sort(
      (a, b) =>
        sign * (compareValues(valueOf(a, f), valueOf(b, f)) || index.get(a)! - index.get(b)!),
    );
  }
  const total = rows.length;
  if (!query.reduce) {
    // startAt: the page starts at that event, in the query's order; offset counts from it.
    const start = query.startAt === undefined ? 0 : startIndex(all, rows, query.startAt);
    const page = rows.slice(start + offset, start + offset + limit);
    return {
      ordered: rows,
      events: query.select ? page.map((e) => project(e, query.select!)) : page,
      total,
      limit,
      offset,
    };
  }
  const r = query.reduce;
  const f = r.field === undefined ? null : field(r.field);
  const distinct = r.distinct === true;
  const head: Record<string, unknown> = { type: r.type };
  if (r.field !== undefined) head.field = r.field;
  if (distinct) head.distinct = true;
  if (r.p !== undefined) head.p = r.p;
  if (!r.groupBy || r.groupBy.length === 0) {
    if (r.type === 'collect') {
      const values = collected(f!, rows, distinct);
      return {
        ordered: rows,
        aggregation: {
          ...head,
          value: values.slice(offset, offset + limit),
          valueCount: values.length,
        },
        total,
        limit,
        offset,
      };
    }
    return {
      ordered: rows,
      aggregation: { ...head, value: aggregateValue(r, f, rows) },
      total,
      limit,
      offset,
    };
  }
  const parts = r.groupBy.map(keyPart);
  const groups: { keys: Value[]; events: EventRecord[] }[] = [];
  for (const e of rows) {
    const keys = parts.map((p) => p.of(e));
    const g = groups.find((x) =>
      x.keys.every((k, i) => compareValues(k, keys[i]) === 0 && rank(k) === rank(keys[i])),
    );
    if (g) g.events.push(e);
    else groups.push({ keys, events: [e] });
  }
  const computed = groups.map((g) => {
    const values = r.type === 'collect' ? collected(f!, g.events, distinct) : null;
    const value = values ? values.length : aggregateValue(r, f, g.events);
    return { ...g, value, values };
  });
  const byKeys = (a: { keys: Value[] }, b: { keys: Value[] }) => {
    for (let i = 0; i < parts.length; i++) {
      const c = compareValues(a.keys[i], b.keys[i]);
      if (c !== 0) return c;
    }
    return 0;
  };
  const byTime = parts.some((p) => p.bucket);
  computed.sort((a, b) => {
    if (!byTime) {
      const va = a.value as number | null;
      const vb = b.value as number | null;
      if (va !== vb) {
        if (va === null) return 1;
        if (vb === null) return -1;
        return vb - va;
      }
    }
    return byKeys(a, b);
  });
  const page = computed.slice(offset, offset + limit).map((g) => {
    const key: Record<string, JsonValue> = {};
    parts.forEach((p, i) => {
      key[p.name] = p.output(g.keys[i]);
    });
    return g.values
      ? {
          key,
          value: g.values.slice(0, limit),
          count: g.events.length,
          valueCount: g.values.length,
        }
      : { key, value: g.value, count: g.events.length };
  });
  return {
    ordered: rows,
    aggregation: { ...head, groupBy: r.groupBy, groups: page, groupCount: computed.length },
    total,
    limit,
    offset,
  };
}
