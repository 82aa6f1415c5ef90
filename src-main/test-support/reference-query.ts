/**
 * A reference evaluator of the query DSL over plain arrays, written from the contract and
 * docs/query-dsl.md only — it shares no code with the SQL compiler. The differential test
 * compares the engine's answers with these. Tests only.
 */
import { createRequire } from 'node:module';
import { parseField, type FieldRef, type PathSegment } from '../../src-shared/contract/fields';
import { parseInstant } from '../../src-shared/contract/instants';
import type { JsonValue } from '../../src-shared/contract/json-value';
import { queryLimits } from '../../src-shared/contract/limits';
import {
  baseOperator,
  isTextOperator,
  type BaseOperator,
  type TextOperator,
} from '../../src-shared/contract/operators';
import {
  groupKeyName,
  intervalMs,
  type Condition,
  type GroupKey,
  type Query,
  type Reduce,
  type WhereNode,
} from '../../src-shared/contract/query';
import type { EventRecord, SelectedEvent } from '../../src-shared/contract/records';
import { unreachable } from '../../src-shared/unreachable';

/** RE2, the regular expressions' engine by the docs (re2-wasm). */
const { RE2 } = createRequire(import.meta.url)('re2-wasm') as {
  RE2: new (pattern: string, flags: string) => { test(text: string): boolean };
};

/** A field's value: a JSON value, or undefined when the event does not have it. */
type Value = JsonValue | undefined;

export interface ReferenceResult {
  /** The whole ordered result (before limit/offset), for cursor walks. */
  ordered: EventRecord[];
  events?: (EventRecord | SelectedEvent)[];
  aggregation?: Record<string, unknown>;
  total: number;
  limit: number;
  offset: number;
}

function field(text: string): FieldRef {
  const parsed = parseField(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.field;
}

function walk(root: JsonValue, segments: readonly PathSegment[]): Value {
  let v: Value = root;
  for (const seg of segments) {
    if (typeof seg === 'number') {
      if (!Array.isArray(v) || seg >= v.length) return undefined;
      v = v[seg];
    } else {
      if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, seg)) {
        return undefined;
      }
      v = (v as Record<string, JsonValue>)[seg];
    }
  }
  return v;
}

/** Timestamps are instants: their value for comparison and arithmetic is epoch ms. */
function valueOf(e: EventRecord, f: FieldRef): Value {
  if (f.kind === 'json') return walk(f.root === 'payload' ? e.payload : e.metadata, f.segments);
  if (f.name === 'timestamp') return Date.parse(e.timestamp);
  return e[f.name];
}

// --- types and order -------------------------------------------------------------------------

/** Rank of a value's type in the contract's order. */
function rank(v: Value): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return 1;
  if (typeof v === 'string') return 2;
  if (typeof v === 'boolean') return 3;
  return 4;
}

/** Strings compare by Unicode code points (UTF-8 byte order), not UTF-16 units. */
function compareStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function compareValues(a: Value, b: Value): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0:
      return 0;
    case 1:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 2:
      return compareStrings(a as string, b as string);
    case 3:
      return Number(a) - Number(b);
    default:
      return compareStrings(JSON.stringify(a), JSON.stringify(b));
  }
}

const sameValue = (a: Value, b: Value) => compareValues(a, b) === 0;

// --- where -----------------------------------------------------------------------------------

function matches(e: EventRecord, node: WhereNode): boolean {
  if ('or' in node) return node.or.some((n) => matches(e, n));
  if ('and' in node) return node.and.every((n) => matches(e, n));
  if ('not' in node) return !matches(e, node.not);
  return condition(e, node);
}

// --- text --------------------------------------------------------------------------------

/** Case folding as docs/query-dsl.md defines it: upper then lower, per character, to a fixed point. */
function fold(s: string): string {
  let out = s;
  for (;;) {
    const next = Array.from(out, (ch) => ch.toUpperCase().toLowerCase()).join('');
    if (next === out) return out;
    out = next;
  }
}

const generatedIdShape = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/u;

/** Every string stored in an event: stream, type, a caller's id, payload and metadata values. */
function storedStrings(e: EventRecord): string[] {
  const out = [e.stream_id, e.event_type];
  if (!generatedIdShape.test(e.id)) out.push(e.id);
  const visit = (v: JsonValue) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(e.payload);
  visit(e.metadata);
  return out;
}

/** Compiled once each: re2-wasm frees an expression's memory only when told to. */
const regexes = new Map<string, { test(text: string): boolean }>();

function textTest(operator: TextOperator, value: string): (s: string) => boolean {
  switch (operator) {
    case 'contains':
      return (s) => s.includes(value);
    case 'startsWith':
      return (s) => s.startsWith(value);
    case 'icontains':
      return (s) => fold(s).includes(fold(value));
    case 'istartsWith':
      return (s) => fold(s).startsWith(fold(value));
    case 'ieq':
      return (s) => fold(s) === fold(value);
    case 'matches':
    case 'imatches': {
      const flags = operator === 'imatches' ? 'iu' : 'u';
      const key = `${flags}/${value}`;
      let re = regexes.get(key);
      if (!re) regexes.set(key, (re = new RE2(value, flags)));
      return (s) => re.test(s);
    }
    default:
      return unreachable(operator);
  }
}

/** neq and nin match exactly the events eq and in do not (the operator table says so). */
function condition(e: EventRecord, c: Condition): boolean {
  const { op, negated } = baseOperator(c.operator);
  return baseCondition(e, { ...c, operator: op }) !== negated;
}

function baseCondition(e: EventRecord, c: Condition & { operator: BaseOperator }): boolean {
  if (c.field === '*') {
    // Validation lets only text operators take "*".
    return storedStrings(e).some(textTest(c.operator as TextOperator, c.value as string));
  }
  const f = field(c.field);
  const onTime = f.kind === 'top' && f.name === 'timestamp';
  const v = valueOf(e, f);
  const operand = (x: Value): Value => (onTime && x !== null ? (parseInstant(x) ?? NaN) : x);
  const isNull = v === undefined || v === null;
  const eq = (x: Value) => (x === null ? isNull : !isNull && rank(v) < 4 && sameValue(v, x));
  const sameType = (x: Value) => !isNull && rank(v) === rank(x);
  const value = c.value;
  if (isTextOperator(c.operator)) {
    return typeof v === 'string' && textTest(c.operator, value as string)(v);
  }
  switch (c.operator) {
    case 'eq':
      return eq(operand(value));
    case 'in':
      return (value as JsonValue[]).some((x) => eq(operand(x)));
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const x = operand(value);
      if (!sameType(x)) return false;
      const cmp = compareValues(v, x);
      return c.operator === 'gt'
        ? cmp > 0
        : c.operator === 'gte'
          ? cmp >= 0
          : c.operator === 'lt'
            ? cmp < 0
            : cmp <= 0;
    }
    case 'between': {
      const [lo, hi] = (value as JsonValue[]).map(operand);
      return sameType(lo) && sameType(hi) && compareValues(v, lo) >= 0 && compareValues(v, hi) <= 0;
    }
    case 'exists':
      return value === true ? !isNull : isNull;
    default:
      return unreachable(c.operator);
  }
}

// --- select ----------------------------------------------------------------------------------

function project(e: EventRecord, select: readonly string[]): SelectedEvent {
  const fields = select.map(field);
  const out: SelectedEvent = {};
  // Ancestors win: a path is skipped when a selected prefix of it is present.
  const present = fields.map((f) => (f.kind === 'top' ? true : valueOf(e, f) !== undefined));
  fields.forEach((f, i) => {
    if (f.kind === 'top') {
      out[f.name] = f.name === 'timestamp' ? e.timestamp : e[f.name];
      return;
    }
    if (!present[i]) return;
    const path: PathSegment[] = [f.root, ...f.segments];
    const covered = fields.some(
      (g, j) =>
        j !== i &&
        present[j] &&
        g.kind === 'json' &&
        g.root === f.root &&
        g.segments.length < f.segments.length &&
        g.segments.every((s, k) => s === f.segments[k]),
    );
    if (!covered) setIn(out, path, structuredClone(valueOf(e, f)!));
  });
  // Key order is not compared (JSON objects are unordered); the structure is.
  return out;
}

function setIn(target: SelectedEvent, path: PathSegment[], value: JsonValue): void {
  let node: JsonValue = target;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    const container = node as Record<string, JsonValue> & JsonValue[];
    if (last) {
      if (typeof seg === 'number') {
        while (container.length < seg) container.push(null);
      }
      container[seg as never] = value;
      return;
    }
    let next: JsonValue | undefined = container[seg as never];
    if (next === undefined || next === null || typeof next !== 'object') {
      next = typeof path[i + 1] === 'number' ? [] : {};
      if (typeof seg === 'number') while (container.length < seg) container.push(null);
      container[seg as never] = next;
    }
    node = next;
  }
}

// --- aggregation -----------------------------------------------------------------------------

/** Kahan–Babuška–Neumaier summation, as SQLite's sum/total/avg do. */
function kbnSum(xs: readonly number[]): number {
  let sum = 0;
  let c = 0;
  for (const x of xs) {
    const t = sum + x;
    if (Math.abs(sum) >= Math.abs(x)) c += sum - t + x;
    else c += x - t + sum;
    sum = t;
  }
  return sum + c;
}

function outputOf(f: FieldRef, v: JsonValue): JsonValue {
  return f.kind === 'top' && f.name === 'timestamp' ? new Date(v as number).toISOString() : v;
}

function aggregateValue(r: Reduce, f: FieldRef | null, events: EventRecord[]): JsonValue {
  if (r.type === 'count' && !f) return events.length;
  const values = events.map((e) => valueOf(e, f!)).filter((v) => v !== undefined && v !== null);
  const numbers = values.filter((v): v is number => typeof v === 'number');
  switch (r.type) {
    case 'count':
      return r.distinct ? distinctValues(values).length : values.length;
    case 'sum':
      return kbnSum(numbers);
    case 'avg':
      return numbers.length ? kbnSum(numbers) / numbers.length : null;
    case 'min':
      return numbers.length ? Math.min(...numbers) : null;
    case 'max':
      return numbers.length ? Math.max(...numbers) : null;
    case 'percentile': {
      const n = numbers.sort((a, b) => a - b).length; // rank: see docs/query-dsl.md
      return n ? numbers[Math.max(1, n - Math.floor(n - n * r.p!)) - 1]! : null;
    }
    default:
      throw new Error(r.type);
  }
}

function distinctValues(values: JsonValue[]): JsonValue[] {
  const out: JsonValue[] = [];
  for (const v of values) if (!out.some((o) => sameValue(o, v))) out.push(v);
  return out;
}

function collected(f: FieldRef, events: EventRecord[], distinct: boolean): JsonValue[] {
  const values = events
    .map((e) => valueOf(e, f))
    .filter((v): v is JsonValue => v !== undefined && v !== null);
  return (distinct ? distinctValues(values) : values).map((v) => outputOf(f, v));
}

interface KeyPart {
  name: string;
  of: (e: EventRecord) => Value;
  output: (v: Value) => JsonValue;
  bucket: boolean;
}

function keyPart(k: GroupKey): KeyPart {
  const name = groupKeyName(k);
  if (typeof k !== 'string') {
    const every = intervalMs(k.interval)!;
    const origin = every % 604_800_000 === 0 ? 4 * 86_400_000 : 0;
    return {
      name,
      of: (e) => {
        const t = Date.parse(e.timestamp);
        return Math.floor((t - origin) / every) * every + origin;
      },
      output: (v) => new Date(v as number).toISOString(),
      bucket: true,
    };
  }
  const f = field(k);
  return {
    name,
    of: (e) => valueOf(e, f),
    output: (v) => (v === undefined ? null : outputOf(f, v)),
    bucket: false,
  };
}

// --- the query -------------------------------------------------------------------------------

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
