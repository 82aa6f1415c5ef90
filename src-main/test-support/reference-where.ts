/** The reference evaluator's `where`: conditions, groups and the text operators. Tests only. */
import { createRequire } from 'node:module';
import { parseInstant } from '../../src-shared/contract/instants';
import type { JsonValue } from '../../src-shared/contract/json-value';
import {
  baseOperator,
  isTextOperator,
  type BaseOperator,
  type TextOperator,
} from '../../src-shared/contract/operators';
import type { Condition, WhereNode } from '../../src-shared/contract/query';
import type { EventRecord } from '../../src-shared/contract/records';
import { foldByDefinition } from '../../src-shared/test-support/fold-definition';
import { unreachable } from '../../src-shared/unreachable';
import { compareValues, field, rank, sameValue, valueOf, type Value } from './reference-values';

/** RE2, the regular expressions' engine by the docs (re2-wasm). */
const { RE2 } = createRequire(import.meta.url)('re2-wasm') as {
  RE2: new (pattern: string, flags: string) => { test(text: string): boolean };
};

export function matches(e: EventRecord, node: WhereNode): boolean {
  if ('or' in node) return node.or.some((n) => matches(e, n));
  if ('and' in node) return node.and.every((n) => matches(e, n));
  if ('not' in node) return !matches(e, node.not);
  return condition(e, node);
}

// --- text --------------------------------------------------------------------------------

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
      return (s) => foldByDefinition(s).includes(foldByDefinition(value));
    case 'istartsWith':
      return (s) => foldByDefinition(s).startsWith(foldByDefinition(value));
    case 'ieq':
      return (s) => foldByDefinition(s) === foldByDefinition(value);
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
