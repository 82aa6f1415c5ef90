import type { JsonValue } from '../../../src-shared/contract/json-value';
import type { Condition, Query, WhereNode } from '../../../src-shared/contract/query';
import type { AggregationGroup } from '../../../src-shared/contract/records';
import { canonicalField } from '../query-builder/field-catalog';

/**
 * Facets: the exact top values of a field under the current query, with counts — a count
 * grouped by the field, which the engine answers exactly (groups ordered by count, largest
 * first; groupCount is the exact number of distinct values).
 */
export const defaultFacetLimit = 10;

/** The query behind a facet: the current filters, counted by the field. */
export function facetQuery(base: Query, field: string, limit = defaultFacetLimit): Query {
  const q: Query = { from: base.from, reduce: { type: 'count', groupBy: [field] }, limit };
  if (base.where && base.where.length > 0) q.where = base.where;
  return q;
}

/**
 * The filters a facet counts under: the query's, less the top-level conditions on the facet's
 * own field (as search engines do with facets). Otherwise filtering a value in would hide every
 * other value of that facet, and a second value could not be added; an excluded value stays
 * listed (marked) so it can be taken back.
 */
export function withoutOwnFilters(base: Query, field: string): Query {
  const where = (base.where ?? []).filter((n) => !(isCondition(n) && sameField(n.field, field)));
  const q: Query = { from: base.from };
  if (where.length > 0) q.where = where;
  return q;
}

export interface FacetValue {
  value: JsonValue;
  count: number;
  /** Scalars can be filtered on; arrays and objects cannot (eq takes scalars). */
  filterable: boolean;
}

export function facetValues(field: string, groups: readonly AggregationGroup[]): FacetValue[] {
  return groups.map((g) => {
    const value = g.key[field] ?? null;
    return { value, count: g.count, filterable: value === null || typeof value !== 'object' };
  });
}

export type FacetState = 'in' | 'out' | null;

type Scalar = string | number | boolean | null;

const sameField = (a: string, b: string) => canonicalField(a) === canonicalField(b);
const isCondition = (n: WhereNode): n is Condition => 'field' in n;
const sameValue = (a: JsonValue | undefined, b: JsonValue) =>
  a === b || (typeof a === 'number' && typeof b === 'number' && Object.is(a, b));

/** Whether a top-level condition already filters the value in or out. */
export function facetState(
  where: readonly WhereNode[],
  field: string,
  value: JsonValue,
): FacetState {
  for (const n of where) {
    if (!isCondition(n) || !sameField(n.field, field)) continue;
    if (n.operator === 'eq' && sameValue(n.value, value)) return 'in';
    if (n.operator === 'in' && Array.isArray(n.value) && n.value.some((v) => sameValue(v, value)))
      return 'in';
    if (n.operator === 'neq' && sameValue(n.value, value)) return 'out';
    if (n.operator === 'nin' && Array.isArray(n.value) && n.value.some((v) => sameValue(v, value)))
      return 'out';
  }
  return null;
}

/**
 * The `where` after a click on a facet value: "in" keeps events with the value, "out" drops
 * them. Clicking an active state again takes it back. Several values filtered in on one field
 * are OR-ed (one `in` list), several filtered out are one `nin` list — what people mean when
 * they click two values of the same facet.
 */
export function toggleFacet(
  where: readonly WhereNode[],
  field: string,
  value: Scalar,
  mode: 'in' | 'out',
): WhereNode[] {
  const opposite = mode === 'in' ? 'out' : 'in';
  // Filtering a value in that is filtered out (or the reverse) first takes the other back.
  const start =
    facetState(where, field, value) === opposite
      ? toggleFacet(where, field, value, opposite)
      : where;
  const single = mode === 'in' ? 'eq' : 'neq';
  const list = mode === 'in' ? 'in' : 'nin';
  const out = [...start];
  const index = out.findIndex(
    (n) =>
      isCondition(n) && sameField(n.field, field) && (n.operator === single || n.operator === list),
  );
  if (index < 0) return [...out, { field, operator: single, value }];
  const cond = out[index] as Condition;
  const values: JsonValue[] =
    cond.operator === list && Array.isArray(cond.value) ? [...cond.value] : [cond.value ?? null];
  const at = values.findIndex((v) => sameValue(v, value));
  if (at >= 0) values.splice(at, 1);
  else values.push(value);
  if (values.length === 0) out.splice(index, 1);
  else if (values.length === 1)
    out[index] = { field: cond.field, operator: single, value: values[0]! };
  else out[index] = { field: cond.field, operator: list, value: values };
  return out;
}

/** Count as a share of the total, for the bar behind each value. */
export function share(count: number, total: number): number {
  return total > 0 ? Math.min(1, count / total) : 0;
}

/** A count's share of the total beside it: "53%", "5.3%", "0.4%", "<0.1%". */
export function formatShare(count: number, total: number): string {
  if (total <= 0 || count <= 0) return '0%';
  const pct = (count / total) * 100;
  if (pct >= 10) return count < total && Math.round(pct) === 100 ? '>99%' : `${Math.round(pct)}%`;
  if (pct >= 0.1) return `${pct.toFixed(1)}%`;
  return '<0.1%';
}
