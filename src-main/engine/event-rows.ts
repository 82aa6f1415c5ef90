import type { JsonObject } from '../../src-shared/contract/json-value';
import type { EventRecord } from '../../src-shared/contract/records';
import { eventIdFor } from './ids';

/** A stored event as the standard SELECT below returns it. */
export interface EventRow {
  pos: number;
  seq: number;
  ts: number;
  id: string | null;
  payload: string;
  metadata: string;
  stream: string;
  type: string;
}

/** The columns of EventRow, for an events table aliased `e`; needs `eventJoins`. */
export const eventColumns =
  'e.pos, e.seq, e.ts, e.id, json(e.payload) AS payload, json(e.metadata) AS metadata, ' +
  's.name AS stream, t.name AS type';

export const eventJoins = 'JOIN streams s ON s.sno = e.sno JOIN event_types t ON t.tno = e.tno';

export interface InstanceKeys {
  id: string;
  salt: string;
}

export function toEvent(row: EventRow, instance: InstanceKeys): EventRecord {
  return {
    id: row.id ?? eventIdFor(instance.salt, row.pos),
    instanceId: instance.id,
    stream_id: row.stream,
    event_type: row.type,
    payload: JSON.parse(row.payload) as JsonObject,
    metadata: JSON.parse(row.metadata) as JsonObject,
    timestamp: new Date(row.ts).toISOString(),
    sequence_number: row.seq,
  };
}
