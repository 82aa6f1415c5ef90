import type Database from 'better-sqlite3';
import { parseField } from '../../../src-shared/contract/fields';
import { queryLimits } from '../../../src-shared/contract/limits';
import type { Condition, Query } from '../../../src-shared/contract/query';
import type { QueryResult } from '../../../src-shared/contract/records';
import { eventTable } from '../db/event-table';
import { join, raw, sql, type Sql } from '../db/sql';
import { EngineError } from '../errors';
import { eventColumns, eventJoins, toEvent, type EventRow } from '../event-rows';
import type { InstanceStore } from '../instances';

/**
 * queryEvents — the first subset: from (instance, stream), `eq` conditions on top-level fields
 * and payload/metadata paths, limit and offset. The result shape is final.
 */
export function runQuery(
  db: Database.Database,
  instances: InstanceStore,
  query: Query,
): QueryResult {
  const started = performance.now();
  const instance = instances.require(query.from.instance);
  const table = raw(eventTable(instance.ino));
  const limit = query.limit ?? queryLimits.defaultLimit;
  const offset = query.offset ?? 0;
  const filters: Sql[] = [];
  if (query.from.stream !== undefined) filters.push(sql`s.name = ${query.from.stream}`);
  for (const node of query.where ?? []) {
    if (!('field' in node) || node.operator !== 'eq') {
      throw new EngineError('VALIDATION_ERROR', 'where: only "eq" conditions are supported yet');
    }
    filters.push(eqFilter(node, instance.salt));
  }
  const whereSql = filters.length > 0 ? sql`WHERE ${join(filters, ' AND ')}` : sql``;
  const total = db
    .prepare(sql`SELECT count(*) FROM ${table} e ${raw(eventJoins)} ${whereSql}`.text)
    .pluck()
    .get(...sql`${whereSql}`.params) as number;
  const page = sql`SELECT ${raw(eventColumns)} FROM ${table} e ${raw(eventJoins)} ${whereSql}
    ORDER BY e.pos LIMIT ${limit} OFFSET ${offset}`;
  const rows = db.prepare<unknown[], EventRow>(page.text).all(...page.params);
  return {
    events: rows.map((r) => toEvent(r, instance)),
    total,
    limit,
    offset,
    nextCursor: null,
    tookMs: Math.round((performance.now() - started) * 100) / 100,
  };
}

function eqFilter(c: Condition, salt: string): Sql {
  const parsed = parseField(c.field);
  if (!parsed.ok) throw new EngineError('VALIDATION_ERROR', `where: ${parsed.message}`);
  const f = parsed.field;
  const v = c.value;
  if (f.kind === 'top') {
    switch (f.name) {
      case 'stream_id':
        return sql`s.name = ${typeof v === 'string' ? v : null}`;
      case 'event_type':
        return sql`t.name = ${typeof v === 'string' ? v : null}`;
      case 'sequence_number':
        return sql`e.seq = ${typeof v === 'number' ? v : null}`;
      case 'timestamp':
        return sql`e.ts = ${typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : null}`;
      case 'id':
        return sql`coalesce(e.id, el_event_id(${salt}, e.pos)) = ${typeof v === 'string' ? v : null}`;
    }
  }
  const path = '$' + f.segments.map((s) => (typeof s === 'number' ? `[${s}]` : `."${s}"`)).join('');
  const column = f.root === 'payload' ? raw('e.payload') : raw('e.metadata');
  if (v === null)
    return sql`json_type(${column}, ${path}) IS NULL OR json_type(${column}, ${path}) = 'null'`;
  if (typeof v === 'boolean') return sql`json_type(${column}, ${path}) = ${v ? 'true' : 'false'}`;
  if (typeof v === 'number') {
    return sql`(json_type(${column}, ${path}) IN ('integer', 'real') AND json_extract(${column}, ${path}) = ${v})`;
  }
  return sql`(json_type(${column}, ${path}) = 'text' AND json_extract(${column}, ${path}) = ${typeof v === 'string' ? v : null})`;
}
