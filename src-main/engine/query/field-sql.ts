import type { FieldRef, JsonRoot, TopLevelField } from '../../../src-shared/contract/fields';
import { sql, type Sql } from '../db/sql';
import type { QueryContext } from './context';
import { indexedValueSql } from './hot-paths';
import { sqlJsonPath } from './json-path';
import { typedValueSql } from './typed-value';

/**
 * A field of the DSL as SQL over the events table aliased `e`. `value` is the typed value
 * (typed-value.ts): comparable, orderable and groupable, NULL when missing or null.
 */
export interface FieldSql {
  kind: 'json' | TopLevelField;
  value: Sql;
  /** The value when it is a number, else NULL (sum/avg/min/max). */
  numeric: Sql;
  /** 1 when the field is present and not null, else 0 (never NULL). */
  present: Sql;
  /** JSON roots only: the bound path and its column; `indexed` when an index holds it. */
  json?: { column: Sql; path: string; indexed: boolean };
}

const columns: Record<JsonRoot, Sql> = {
  payload: sql`e.payload`,
  metadata: sql`e.metadata`,
};

export function fieldSql(field: FieldRef, ctx: QueryContext): FieldSql {
  if (field.kind === 'json') {
    const column = columns[field.root];
    const path = sqlJsonPath(field.segments);
    const hot = ctx.hot.has(field.root, path);
    const value = hot ? indexedValueSql(column, path) : typedValueSql(column, path);
    return {
      kind: 'json',
      value,
      numeric: hot
        ? sql`(CASE WHEN typeof(${value}) = 'real' THEN ${value} END)`
        : sql`(CASE json_type(${column}, ${path}) WHEN 'integer' THEN json_extract(${column}, ${path}) + 0.0 WHEN 'real' THEN json_extract(${column}, ${path}) END)`,
      present: hot
        ? sql`(${value} IS NOT NULL)`
        : sql`(coalesce(json_type(${column}, ${path}), 'null') <> 'null')`,
      json: { column, path, indexed: hot },
    };
  }
  const one = sql`1`;
  switch (field.name) {
    case 'timestamp':
      return { kind: 'timestamp', value: sql`e.ts`, numeric: sql`e.ts`, present: one };
    case 'sequence_number':
      return { kind: 'sequence_number', value: sql`e.seq`, numeric: sql`e.seq`, present: one };
    case 'stream_id':
    case 'event_type': {
      // The name behind the number the row keeps, from its lookup table.
      const name =
        field.name === 'stream_id'
          ? sql`(SELECT name FROM streams WHERE sno = e.sno)`
          : sql`(SELECT name FROM event_types WHERE tno = e.tno)`;
      return { kind: field.name, value: name, numeric: sql`NULL`, present: one };
    }
    case 'id':
      return {
        kind: 'id',
        value: sql`coalesce(e.id, el_event_id(${ctx.instance.salt}, e.pos))`,
        numeric: sql`NULL`,
        present: one,
      };
  }
}
