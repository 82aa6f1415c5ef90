import { parseField } from '../../../src-shared/contract/fields';
import { parseInstant } from '../../../src-shared/contract/instants';
import type { Query, WhereNode } from '../../../src-shared/contract/query';

/** Events with lo <= ts < hi (integer ms; hi > lo, or nothing matches). */
export interface TimeSpan {
  lo: number;
  hi: number;
}

/** An open end is bounded by what SQLite can compare exactly (and what instants can be). */
const instantLimit = 8.64e15;

/** Every instant. */
export const allTime: TimeSpan = { lo: -instantLimit, hi: instantLimit };

/**
 * The instants one condition keeps when it is a bound on the timestamp (`between`, gt, gte,
 * lt, lte), else null. Events' instants are whole ms, so every bound becomes an integer.
 */
export function timeBoundOf(node: WhereNode): TimeSpan | null {
  if (!('field' in node)) return null;
  const f = parseField(node.field);
  if (!f.ok || f.field.kind !== 'top' || f.field.name !== 'timestamp') return null;
  const instant = (v: unknown) => (v === null ? null : parseInstant(v));
  const span = { ...allTime };
  if (node.operator === 'between') {
    const [a, b] = Array.isArray(node.value) ? node.value.map(instant) : [];
    if (a == null || b == null) return null;
    span.lo = Math.ceil(a);
    span.hi = Math.floor(b) + 1;
    return clamp(span);
  }
  const t = instant(node.value);
  if (t === null) return null;
  switch (node.operator) {
    case 'gte':
      span.lo = Math.ceil(t);
      break;
    case 'gt':
      span.lo = Math.floor(t) + 1;
      break;
    case 'lte':
      span.hi = Math.floor(t) + 1;
      break;
    case 'lt':
      span.hi = Math.ceil(t);
      break;
    default:
      return null;
  }
  return clamp(span);
}

function clamp(span: TimeSpan): TimeSpan {
  return { lo: Math.max(span.lo, allTime.lo), hi: Math.min(span.hi, allTime.hi) };
}

/** The instants both spans keep. */
export function intersectSpans(a: TimeSpan, b: TimeSpan): TimeSpan {
  return { lo: Math.max(a.lo, b.lo), hi: Math.min(a.hi, b.hi) };
}

/**
 * The span of instants a filter selects when it is nothing but bounds on the timestamp (a
 * time range and a drag on the histogram are `between`; gt/gte/lt/lte too), else null. Such
 * a query can read whole hours from hour_counts and only its two edge hours from the events.
 */
export function timeOnlySpan(query: Query): TimeSpan | null {
  if (query.from.stream !== undefined || !query.where || query.where.length === 0) return null;
  let span = allTime;
  for (const node of query.where) {
    const bound = timeBoundOf(node);
    if (!bound) return null;
    span = intersectSpans(span, bound);
  }
  return span;
}

/**
 * The instants the top-level time bounds of a filter keep, whatever else it asks (the
 * conditions of `where` all hold, so no matching event lies outside them); null without any.
 */
export function timeBoundsOf(where: readonly WhereNode[] | undefined): TimeSpan | null {
  let span: TimeSpan | null = null;
  for (const node of where ?? []) {
    const bound = timeBoundOf(node);
    if (bound) span = intersectSpans(span ?? allTime, bound);
  }
  return span;
}
