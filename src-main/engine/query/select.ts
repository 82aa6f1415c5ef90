import { parseField, type FieldRef, type PathSegment } from '../../../src-shared/contract/fields';
import type { JsonValue } from '../../../src-shared/contract/json-value';
import type { EventRecord, SelectedEvent } from '../../../src-shared/contract/records';
import { join, raw, sql, type Sql } from '../db/sql';
import { eventColumns, eventJoins, toEvent, type EventRow } from '../event-rows';
import { eventIdFor } from '../ids';
import type { QueryContext } from './context';
import { sqlJsonPath } from './json-path';

/**
 * Fetches the events at the given positions, in that order: whole events, or the projection
 * `select` names. A projection nests payload/metadata paths (`payload.user.id` ->
 * `{ payload: { user: { id } } }`), leaves out paths an event does not have, and keeps a
 * selected ancestor whole when a descendant is selected too.
 */
export function fetchEvents(
  ctx: QueryContext,
  positions: readonly number[],
  select: readonly string[] | undefined,
): (EventRecord | SelectedEvent)[] {
  if (positions.length === 0) return [];
  const table = raw(ctx.table);
  const wanted = sql`e.pos IN (SELECT value FROM json_each(${JSON.stringify(positions)}))`;
  if (!select) {
    const q = sql`SELECT ${raw(eventColumns)} FROM ${table} e ${raw(eventJoins)} WHERE ${wanted}`;
    const rows = ctx.db.prepare<unknown[], EventRow>(q.text).all(...q.params);
    const byPos = new Map(rows.map((r) => [r.pos, r]));
    return positions.map((p) => toEvent(byPos.get(p)!, ctx.instance));
  }
  const fields = select.map((text) => {
    const parsed = parseField(text);
    if (!parsed.ok) throw new Error(parsed.message); // validated before
    return parsed.field;
  });
  const columns = fields.map((f, i) => sql`${projectionSql(f)} AS c${raw(String(i))}`);
  const q = sql`SELECT e.pos AS pos, e.id AS id, ${join(columns, ', ')} FROM ${table} e
    ${raw(eventJoins)} WHERE ${wanted}`;
  const rows = ctx.db.prepare<unknown[], Record<string, unknown>>(q.text).all(...q.params);
  const byPos = new Map(rows.map((r) => [r.pos as number, r]));
  return positions.map((p) => {
    const row = byPos.get(p)!;
    const out: SelectedEvent = {};
    const whole = new Set<object>();
    fields.forEach((f, i) => {
      const v = row[`c${i}`];
      if (f.kind === 'top') {
        out[f.name] =
          f.name === 'timestamp'
            ? new Date(v as number).toISOString()
            : f.name === 'id'
              ? ((row.id as string | null) ?? eventIdFor(ctx.instance.salt, p))
              : (v as JsonValue);
        return;
      }
      if (v === null || v === undefined) return; // a path the event does not have
      place(out, [f.root, ...f.segments], JSON.parse(v as string) as JsonValue, whole);
    });
    return out;
  });
}

function projectionSql(f: FieldRef): Sql {
  if (f.kind === 'top') {
    switch (f.name) {
      case 'id':
        return sql`NULL`; // derived in JS from the position
      case 'stream_id':
        return sql`s.name`;
      case 'event_type':
        return sql`t.name`;
      case 'timestamp':
        return sql`e.ts`;
      case 'sequence_number':
        return sql`e.seq`;
    }
  }
  const column = f.root === 'payload' ? sql`e.payload` : sql`e.metadata`;
  // `->` gives the value's JSON text (NULL when missing), so types survive the trip.
  return sql`(${column} -> ${sqlJsonPath(f.segments)})`;
}

/**
 * Puts `value` at `path` in `target`, creating objects for keys and arrays for indexes (array
 * slots that are not selected hold null). Values placed whole are remembered in `whole`: a
 * later, deeper path under them is already included.
 */
function place(
  target: SelectedEvent,
  path: readonly PathSegment[],
  value: JsonValue,
  whole: Set<object>,
): void {
  let node: Record<string | number, JsonValue> | JsonValue[] = target;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i]!;
    let next: JsonValue | undefined = (node as Record<string | number, JsonValue>)[seg];
    if (next !== undefined && next !== null && typeof next === 'object' && whole.has(next)) {
      return; // an ancestor is selected whole
    }
    if (next === undefined || next === null || typeof next !== 'object') {
      const fresh: JsonValue[] | Record<string, JsonValue> =
        typeof path[i + 1] === 'number' ? [] : {};
      setSlot(node, seg, fresh);
      next = fresh;
    }
    node = next;
  }
  const last = path[path.length - 1]!;
  setSlot(node, last, value);
  if (value !== null && typeof value === 'object') whole.add(value);
}

function setSlot(
  node: Record<string | number, JsonValue> | JsonValue[],
  seg: PathSegment,
  value: JsonValue,
): void {
  if (Array.isArray(node) && typeof seg === 'number') {
    while (node.length < seg) node.push(null);
    node[seg] = value;
  } else {
    (node as Record<string, JsonValue>)[String(seg)] = value;
  }
}
