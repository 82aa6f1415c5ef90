import { parseField } from '../../../src-shared/contract/fields';
import { parseInstant } from '../../../src-shared/contract/instants';
import type { Query } from '../../../src-shared/contract/query';

/** Events with lo <= ts < hi (integer ms; hi > lo, or nothing matches). */
export interface TimeSpan {
  lo: number;
  hi: number;
}

/**
 * The span of instants a filter selects when it is nothing but bounds on the timestamp (a
 * time range and a drag on the histogram are `between`; gt/gte/lt/lte too), else null. Such
 * a query can read whole hours from hour_counts and only its two edge hours from the events.
 * Events' instants are whole ms, so every bound becomes an integer.
 */
export function timeOnlySpan(query: Query): TimeSpan | null {
  if (query.from.stream !== undefined || !query.where || query.where.length === 0) return null;
  let lo = -Infinity;
  let hi = Infinity;
  for (const node of query.where) {
    if (!('field' in node)) return null;
    const f = parseField(node.field);
    if (!f.ok || f.field.kind !== 'top' || f.field.name !== 'timestamp') return null;
    const instant = (v: unknown) => (v === null ? null : parseInstant(v));
    if (node.operator === 'between') {
      const [a, b] = Array.isArray(node.value) ? node.value.map(instant) : [];
      if (a == null || b == null) return null;
      lo = Math.max(lo, Math.ceil(a));
      hi = Math.min(hi, Math.floor(b) + 1);
      continue;
    }
    const t = instant(node.value);
    if (t === null) return null;
    switch (node.operator) {
      case 'gte':
        lo = Math.max(lo, Math.ceil(t));
        break;
      case 'gt':
        lo = Math.max(lo, Math.floor(t) + 1);
        break;
      case 'lte':
        hi = Math.min(hi, Math.floor(t) + 1);
        break;
      case 'lt':
        hi = Math.min(hi, Math.ceil(t));
        break;
      default:
        return null;
    }
  }
  // An open end is bounded by what SQLite can compare exactly (and what instants can be).
  const limit = 8.64e15;
  return { lo: Math.max(lo, -limit), hi: Math.min(hi, limit) };
}
