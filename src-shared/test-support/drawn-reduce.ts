import type { GroupKey, Reduce } from '../contract/query';

/** A reduce as the query generators draw it: every part, valid together or not. */
export interface DrawnReduce {
  type: Reduce['type'];
  field?: string;
  groupBy?: GroupKey[];
  distinct?: boolean;
  p: number;
}

/**
 * The drawn parts made into a valid reduce: a field wherever the type needs one
 * (`defaultField` when none was drawn), `distinct` only on count and collect with a field,
 * `p` only on percentile. The engine's and the builder's generators share it.
 */
export function validReduce(r: DrawnReduce, defaultField: string): Reduce {
  const out: Reduce = { type: r.type };
  if (r.field !== undefined || r.type !== 'count') out.field = r.field ?? defaultField;
  if (r.groupBy && r.groupBy.length > 0) out.groupBy = r.groupBy;
  if (r.distinct && (r.type === 'count' || r.type === 'collect') && out.field) out.distinct = true;
  if (r.type === 'percentile') out.p = r.p;
  return out;
}
