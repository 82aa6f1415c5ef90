import type Database from 'better-sqlite3';
import type { EventRecord } from '../../src-shared/contract/records';
import { eventTable } from './db/event-table';
import { EngineError } from './errors';
import { eventColumns, eventJoins, toEvent, type EventRow } from './event-rows';
import { looksGenerated, positionOfGeneratedId } from './ids';
import type { InstanceRow } from './instances';
import { jsonEqual } from './json-equal';
import type { EventPath, PendingEvent } from './pending-events';

/**
 * Events whose caller-supplied id is already taken. The same content returns the original
 * event; other content is a CONFLICT. Ids repeated inside the batch follow the same rule.
 */
export function findReplays(
  db: Database.Database,
  instance: InstanceRow,
  pending: readonly PendingEvent[],
  at: EventPath,
) {
  const replays = new Map<number, EventRecord>();
  const repeatOf = new Map<number, number>();
  const withIds = pending.filter((e) => e.userId !== undefined);
  if (withIds.length === 0) return { replays, repeatOf };
  const table = eventTable(instance.ino);
  const byId = db.prepare<[string], EventRow>(
    `SELECT ${eventColumns} FROM ${table} e ${eventJoins} WHERE e.id = ?`,
  );
  const byPos = db.prepare<[number], EventRow>(
    `SELECT ${eventColumns} FROM ${table} e ${eventJoins} WHERE e.pos = ? AND e.id IS NULL`,
  );
  const firstInBatch = new Map<string, PendingEvent>();
  for (const e of withIds) {
    const id = e.userId!;
    const earlier = firstInBatch.get(id);
    if (earlier) {
      if (!sameContent(earlier, e)) {
        throw new EngineError(
          'CONFLICT',
          `${at(e.index, 'id')}: "${id}" is used twice in this batch with different content`,
          { id },
        );
      }
      continue;
    }
    firstInBatch.set(id, e);
    let row: EventRow | undefined = byId.get(id);
    if (!row && looksGenerated(id)) {
      const pos = positionOfGeneratedId(instance.salt, id);
      row = pos === null ? undefined : byPos.get(pos);
      if (!row) {
        throw new EngineError(
          'VALIDATION_ERROR',
          `${at(e.index, 'id')}: "${id}" has the shape of a generated event id; choose another id`,
        );
      }
    }
    if (!row) continue;
    const stored = toEvent(row, instance);
    if (!sameAsStored(e, stored, row.ts)) {
      throw new EngineError(
        'CONFLICT',
        `${at(e.index, 'id')}: an event with id "${id}" already exists with other content`,
        { id },
      );
    }
    replays.set(e.index, stored);
  }
  // Repeats inside the batch resolve to their first occurrence, stored now or earlier.
  for (const e of withIds) {
    const first = firstInBatch.get(e.userId!)!;
    if (first !== e) repeatOf.set(e.index, first.index);
  }
  return { replays, repeatOf };
}

function sameContent(a: PendingEvent, b: PendingEvent): boolean {
  return (
    a.stream === b.stream &&
    a.type === b.type &&
    (!a.explicitTs || !b.explicitTs || a.ts === b.ts) &&
    jsonEqual(a.payload, b.payload) &&
    jsonEqual(a.metadata, b.metadata)
  );
}

function sameAsStored(e: PendingEvent, stored: EventRecord, storedTs: number): boolean {
  return (
    e.stream === stored.stream_id &&
    e.type === stored.event_type &&
    (!e.explicitTs || e.ts === storedTs) &&
    jsonEqual(e.payload, stored.payload) &&
    jsonEqual(e.metadata, stored.metadata)
  );
}
