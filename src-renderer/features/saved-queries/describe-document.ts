import { reduceName } from '../../../src-shared/contract/percentile';
import { groupKeyName, type WhereNode } from '../../../src-shared/contract/query';
import { describeInterval } from '../histogram/buckets';
import { describeTimeRange } from '../time-range/time-range-model';
import { loadTimeRange, type QueryDocument } from './query-document';

function countConditions(nodes: readonly WhereNode[]): number {
  let n = 0;
  for (const node of nodes) {
    if ('or' in node) n += countConditions(node.or);
    else if ('and' in node) n += countConditions(node.and);
    else if ('not' in node) n += countConditions([node.not]);
    else n++;
  }
  return n;
}

/** One line that tells queries apart: `shop/order-1 · 3 conditions · count by event_type · Last 24 hours`. */
export function describeDocument(doc: QueryDocument): string {
  const q = doc.query;
  const parts = [q.from.stream ? `${q.from.instance}/${q.from.stream}` : q.from.instance];
  const n = countConditions(q.where ?? []);
  if (n > 0) parts.push(n === 1 ? '1 condition' : `${n} conditions`);
  if (q.reduce) {
    const by = (q.reduce.groupBy ?? []).map((k) =>
      typeof k === 'string' ? k : `${groupKeyName(k)} per ${describeInterval(k.interval)}`,
    );
    parts.push(
      `${reduceName(q.reduce)}${q.reduce.distinct ? ' distinct' : ''}${q.reduce.field ? ` ${q.reduce.field}` : ''}${by.length > 0 ? ` by ${by.join(', ')}` : ''}`,
    );
  }
  if (q.orderBy) parts.push(`by ${q.orderBy.field} ${q.orderBy.direction ?? 'asc'}`);
  if (q.limit !== undefined) parts.push(`limit ${q.limit}`);
  parts.push(describeTimeRange(loadTimeRange(doc.timeRange)));
  return parts.join(' · ');
}
