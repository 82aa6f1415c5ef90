/** The reference evaluator's `reduce`: aggregates, group keys and time buckets. Tests only. */
import type { FieldRef } from '../../src-shared/contract/fields';
import type { JsonValue } from '../../src-shared/contract/json-value';
import {
  groupKeyName,
  intervalMs,
  type GroupKey,
  type Reduce,
} from '../../src-shared/contract/query';
import type { EventRecord } from '../../src-shared/contract/records';
import { field, sameValue, valueOf, type Value } from './reference-values';

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

export function aggregateValue(r: Reduce, f: FieldRef | null, events: EventRecord[]): JsonValue {
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

export function collected(f: FieldRef, events: EventRecord[], distinct: boolean): JsonValue[] {
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

export function keyPart(k: GroupKey): KeyPart {
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
