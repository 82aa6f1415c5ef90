import type { FieldRef } from '../../../src-shared/contract/fields';
import { parseField } from '../../../src-shared/contract/fields';
import { isMirrored } from '../../../src-shared/contract/operators';
import type { Query, WhereNode } from '../../../src-shared/contract/query';
import { mirrorsRegex } from './mirror-regex';

/**
 * `field: '*'`, every string of the event (text search, issue 20): no column of the mirror
 * holds it. (Until that lands, `*` is a payload key like any other; SQLite answers it alike.)
 */
const anyField = '*';

/**
 * Which queries the mirror is asked first (the rest never leave SQLite): aggregations and
 * scans over payload or metadata paths, where the row store reads every event's JSON and the
 * columnar mirror reads one column.
 *
 * SQLite keeps what its indexes and kept counts answer in milliseconds: pages of a stream or
 * continued by cursor, lookups by id, and aggregations over the event's own fields only (counts
 * by type, stream and hour come from type_counts, streams.last_seq and hour_counts). `collect`
 * stays there too (its values come in result order, page by page).
 *
 * Anything the mirror has no meaning for stays on SQLite whatever else the query reads: an
 * operator the operator table does not mark `mirror: true`, a regular expression whose meaning
 * differs between the engine's RE2 and DuckDB's (mirror-regex.ts), a field target that is not
 * one field (what other parts of the DSL may add before the mirror learns them).
 *
 * A regex on one field is a candidate whatever its literals: the mirror reads one column (at
 * 1M events 0.1-0.3 s for any pattern), where SQLite tests every event the text index finds,
 * which for a literal as common as `/product/` is most of them (0.5-2.6 s). Only the mirror
 * can tell a rare literal, which the index finds faster, by counting its hits: it then
 * declines (text-index-first.ts `textIndexFindsFew`).
 *
 * The mirror may still decline a candidate (it is behind, or a path is not mirrored); SQLite
 * then answers, with the same result.
 */
export function mirrorCandidate(query: Query): boolean {
  const fields: FieldRef[] = [];
  let foreign = false;
  const add = (text: string | undefined) => {
    if (text === undefined) return;
    const parsed = parseField(text);
    if (parsed.ok) fields.push(parsed.field);
    else foreign = true;
  };
  const visit = (node: WhereNode) => {
    if ('or' in node) node.or.forEach(visit);
    else if ('and' in node) node.and.forEach(visit);
    else if ('not' in node) visit(node.not);
    else {
      if (!isMirrored(node.operator) || node.field === anyField) foreign = true;
      else if (node.operator === 'matches' || node.operator === 'imatches') {
        // RE2 on both sides, but not every pattern means the same to both builds.
        const pattern = node.value;
        if (typeof pattern === 'string' && !mirrorsRegex(pattern, node.operator === 'imatches'))
          foreign = true;
      }
      add(node.field);
    }
  };
  (query.where ?? []).forEach(visit);
  add(query.orderBy?.field);
  const reduce = query.reduce;
  if (reduce) {
    add(reduce.field);
    for (const key of reduce.groupBy ?? []) add(typeof key === 'string' ? key : key.field);
  }
  if (foreign || fields.some((f) => f.kind === 'top' && f.name === 'id')) return false;
  const json = fields.some((f) => f.kind === 'json');
  if (reduce) return json && reduce.type !== 'collect';
  // Cursors and startAt are positions in SQLite's order of a result: pages stay there.
  if (query.cursor !== undefined || query.startAt !== undefined || query.from.stream !== undefined)
    return false;
  // A page is a scan when its filter or its order reads a path.
  return json;
}
