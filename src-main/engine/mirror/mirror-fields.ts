import { parseField, type FieldRef } from '../../../src-shared/contract/fields';
import { join, raw, sql, type Sql } from '../db/sql';
import { sqlJsonPath } from '../query/json-path';
import { columnName, hasColumns, valueKinds, type PathTree, type ValueKind } from './path-tree';

/** The mirror cannot answer a query over this field exactly; SQLite answers it. */
export class Uncovered extends Error {}

/**
 * A field of the DSL over the mirror's events table aliased `e`: the column holding each kind
 * of value it has (path-tree.ts); at most one of them is set in a row, none when the event
 * has no value there (missing or null).
 */
export interface MirrorField {
  kind: 'json' | 'timestamp' | 'sequence_number' | 'stream_id' | 'event_type';
  parts: Partial<Record<ValueKind, Sql>>;
  /** Never NULL: the event has no value there. */
  isNull: Sql;
  /**
   * What the numbers held are like (path-tree.ts `numbers`): `integer` for the event's own
   * BIGINT columns, null for a path without non-zero numbers.
   */
  numbers: 'integer' | { fracBits: number; maxExp: number } | null;
}

const TRUE = sql`TRUE`;

export function fieldOf(text: string): FieldRef {
  const parsed = parseField(text);
  // Validated before; a target the mirror cannot read (not one field) is answered by SQLite.
  if (!parsed.ok) throw new Uncovered(parsed.message);
  return parsed.field;
}

export function mirrorField(field: FieldRef, tree: PathTree): MirrorField {
  if (field.kind === 'top') {
    const FALSE = sql`FALSE`;
    switch (field.name) {
      case 'timestamp':
        return { kind: 'timestamp', parts: { n: sql`e.ts` }, isNull: FALSE, numbers: 'integer' };
      case 'sequence_number':
        return {
          kind: 'sequence_number',
          parts: { n: sql`e.seq` },
          isNull: FALSE,
          numbers: 'integer',
        };
      case 'stream_id':
        return { kind: 'stream_id', parts: { s: sql`e.stream` }, isNull: FALSE, numbers: null };
      case 'event_type':
        return { kind: 'event_type', parts: { s: sql`e.type` }, isNull: FALSE, numbers: null };
      case 'id':
        throw new Uncovered('ids are looked up in SQLite');
    }
  }
  if (field.segments.length === 0) throw new Uncovered('a whole payload is read from SQLite');
  if (field.segments.some((s) => typeof s === 'number')) {
    throw new Uncovered('paths into arrays are not mirrored');
  }
  const node = tree.find(field.root, sqlJsonPath(field.segments));
  // No mirrored row had a value there: NULL everywhere (unknown paths are never refused
  // silently: a refused column leaves an `unmirrored` node).
  if (!node) return { kind: 'json', parts: {}, isNull: TRUE, numbers: null };
  if (node.unmirrored) throw new Uncovered('a path past the column cap');
  if (node.object && !hasColumns(node)) throw new Uncovered('a path that only held objects');
  const parts: MirrorField['parts'] = {};
  for (const k of valueKinds) {
    const col = node.cols[k];
    if (col !== undefined) parts[k] = sql`e.${raw(columnName(col))}`;
  }
  const present = valueKinds.flatMap((k) => (parts[k] ? [sql`${parts[k]} IS NULL`] : []));
  return {
    kind: 'json',
    parts,
    isNull: sql`(${join(present, ' AND ')})`,
    numbers: node.numbers ? { ...node.numbers } : null,
  };
}

/**
 * The contract's order of a field's values as sort keys (ascending): missing/null, then
 * numbers, strings, booleans, containers by JSON text — the kind's rank, then the value of
 * that kind (the other kinds' columns are NULL in the row, so they never decide).
 */
export function orderKeys(f: MirrorField, dir: 'ASC' | 'DESC'): Sql[] {
  const kinds = valueKinds.filter((k) => f.parts[k]);
  const d = raw(` ${dir} NULLS ${dir === 'ASC' ? 'FIRST' : 'LAST'}`);
  if (kinds.length === 0) return [];
  if (kinds.length === 1) return [sql`${f.parts[kinds[0]!]!}${d}`];
  const rank = kinds.map(
    (k) => sql`WHEN ${f.parts[k]!} IS NOT NULL THEN ${raw(String(rankOf[k]))}`,
  );
  return [
    sql`(CASE ${join(rank, ' ')} ELSE 0 END)${d}`,
    ...kinds.map((k) => sql`${f.parts[k]!}${d}`),
  ];
}

const rankOf: Record<ValueKind, number> = { n: 1, s: 2, b: 3, j: 4 };
