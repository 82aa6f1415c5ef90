import type { Reduce } from '../../../src-shared/contract/query';

/**
 * What an aggregation answer repeats of its reduce (type, field, distinct, p), before its value
 * or groups: SQLite's answer and the mirror's are built with it, so they are the same shape.
 */
export function aggregationHead(reduce: Reduce): {
  type: string;
  field?: string;
  distinct?: boolean;
  p?: number;
} {
  return {
    type: reduce.type,
    ...(reduce.field !== undefined ? { field: reduce.field } : {}),
    ...(reduce.distinct ? { distinct: true } : {}),
    ...(reduce.p !== undefined ? { p: reduce.p } : {}),
  };
}
