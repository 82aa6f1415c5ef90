/**
 * The reference evaluator's values: a field of an event, and the DSL's order of JSON values
 * (types first, then values), as docs/query-dsl.md defines them. Tests only.
 */
import { parseField, type FieldRef, type PathSegment } from '../../src-shared/contract/fields';
import type { JsonValue } from '../../src-shared/contract/json-value';
import type { EventRecord } from '../../src-shared/contract/records';

/** A field's value: a JSON value, or undefined when the event does not have it. */
export type Value = JsonValue | undefined;

export function field(text: string): FieldRef {
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
export function valueOf(e: EventRecord, f: FieldRef): Value {
  if (f.kind === 'json') return walk(f.root === 'payload' ? e.payload : e.metadata, f.segments);
  if (f.name === 'timestamp') return Date.parse(e.timestamp);
  return e[f.name];
}

// --- types and order -------------------------------------------------------------------------

/** Rank of a value's type in the contract's order. */
export function rank(v: Value): number {
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

export const sameValue = (a: Value, b: Value) => compareValues(a, b) === 0;
