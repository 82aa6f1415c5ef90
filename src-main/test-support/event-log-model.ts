import type { JsonObject } from '../../src-shared/contract/json-value';
import type { EventRecord } from '../../src-shared/contract/records';
import { jsonEqual } from '../engine/json-equal';

/**
 * A small in-memory model of the nine operations, written from the contract (CONTRACT.md and
 * docs/contract-notes.md) and nothing else. The model-based test runs random operation
 * sequences against it and the real engine and compares every answer.
 */
export interface ModelInstance {
  id: string;
  name: string;
  description?: string;
  events: EventRecord[];
  /** stream → last sequence number */
  streams: Map<string, number>;
  /** caller-supplied id → the event stored under it */
  byUserId: Map<string, EventRecord>;
}

export interface ModelEventInput {
  stream_id: string;
  event_type: string;
  payload: JsonObject;
  timestamp: string;
  id?: string;
  expectedSequence?: number;
}

export type ModelOutcome<T> = { ok: true; value: T } | { ok: false; code: string };

const fail = (code: string): { ok: false; code: string } => ({ ok: false, code });

export class EventLogModel {
  readonly instances: ModelInstance[] = [];

  /** References try the id first, then the unique name. */
  find(ref: string): ModelInstance | undefined {
    return this.instances.find((i) => i.id === ref) ?? this.instances.find((i) => i.name === ref);
  }

  private nameTaken(name: string, self?: ModelInstance): boolean {
    return this.instances.some((i) => i !== self && (i.name === name || i.id === name));
  }

  /** The id is the engine's (a UUID the model cannot know in advance). */
  create(name: string, description: string | undefined, id: string): ModelOutcome<ModelInstance> {
    if (this.nameTaken(name)) return fail('CONFLICT');
    const instance: ModelInstance = {
      id,
      name,
      ...(description !== undefined ? { description } : {}),
      events: [],
      streams: new Map(),
      byUserId: new Map(),
    };
    this.instances.push(instance);
    return { ok: true, value: instance };
  }

  /** Whether create would succeed (so the caller knows to expect an id from the engine). */
  canCreate(name: string): boolean {
    return !this.nameTaken(name);
  }

  update(
    ref: string,
    changes: { name?: string; description?: string },
  ): ModelOutcome<ModelInstance> {
    const inst = this.find(ref);
    if (!inst) return fail('NOT_FOUND');
    if (changes.name !== undefined && changes.name !== inst.name) {
      if (this.nameTaken(changes.name, inst)) return fail('CONFLICT');
    }
    if (changes.name !== undefined) inst.name = changes.name;
    if (changes.description !== undefined) inst.description = changes.description;
    return { ok: true, value: inst };
  }

  delete(ref: string): ModelOutcome<{ instance: ModelInstance; deletedEvents: number }> {
    const inst = this.find(ref);
    if (!inst) return fail('NOT_FOUND');
    this.instances.splice(this.instances.indexOf(inst), 1);
    return { ok: true, value: { instance: inst, deletedEvents: inst.events.length } };
  }

  /**
   * Appends atomically. `stored` gives the engine's answer for each newly stored event (its
   * generated id), which the model checks against everything else it knows, then keeps.
   */
  append(
    ref: string,
    inputs: readonly ModelEventInput[],
    autoCreate: boolean,
  ): ModelOutcome<{ instance: ModelInstance | null; plan: PlannedEvent[] }> {
    let inst = this.find(ref);
    if (!inst && !autoCreate) return fail('NOT_FOUND');
    const streams = new Map(inst?.streams ?? []);
    const firstInBatch = new Map<string, ModelEventInput>();
    const plan: PlannedEvent[] = [];
    // Ids first (as the contract notes say): a reused id with other content fails the batch.
    for (const e of inputs) {
      if (e.id === undefined) continue;
      const first = firstInBatch.get(e.id);
      if (first) {
        if (!sameInput(first, e)) return fail('CONFLICT');
        continue;
      }
      firstInBatch.set(e.id, e);
      const stored = inst?.byUserId.get(e.id);
      if (stored && !sameAsStored(e, stored)) return fail('CONFLICT');
    }
    const planned = new Map<string, PlannedEvent>();
    for (const e of inputs) {
      const stored = e.id !== undefined ? inst?.byUserId.get(e.id) : undefined;
      if (stored) {
        plan.push({ kind: 'replay', event: stored });
        continue;
      }
      const earlier = e.id !== undefined ? planned.get(e.id) : undefined;
      if (earlier) {
        plan.push(earlier);
        continue;
      }
      const last = streams.get(e.stream_id) ?? 0;
      if (e.expectedSequence !== undefined && e.expectedSequence !== last) return fail('CONFLICT');
      streams.set(e.stream_id, last + 1);
      const p: PlannedEvent = { kind: 'new', input: e, sequence: last + 1 };
      plan.push(p);
      if (e.id !== undefined) planned.set(e.id, p);
    }
    if (!inst) {
      const created = this.create(ref, undefined, ref);
      if (!created.ok) return created;
      inst = created.value;
    }
    return { ok: true, value: { instance: inst, plan } };
  }

  /** Keeps the events of a successful append, as the engine answered them. */
  commit(inst: ModelInstance, plan: readonly PlannedEvent[], answered: readonly EventRecord[]) {
    const seen = new Set<PlannedEvent>();
    plan.forEach((p, i) => {
      if (p.kind !== 'new' || seen.has(p)) return; // a replay, or a repeat inside the batch
      seen.add(p);
      const event = answered[i]!;
      inst.events.push(event);
      inst.streams.set(event.stream_id, event.sequence_number);
      if (p.input.id !== undefined) inst.byUserId.set(p.input.id, event);
    });
  }

  stats(inst: ModelInstance) {
    const types = new Map<string, number>();
    for (const e of inst.events) types.set(e.event_type, (types.get(e.event_type) ?? 0) + 1);
    const times = inst.events.map((e) => e.timestamp).sort();
    return {
      eventCount: inst.events.length,
      streamCount: inst.streams.size,
      eventTypes: [...types]
        .map(([eventType, count]) => ({ eventType, count }))
        .sort((a, b) => b.count - a.count || (a.eventType < b.eventType ? -1 : 1)),
      firstEventAt: times[0] ?? null,
      lastEventAt: times[times.length - 1] ?? null,
    };
  }
}

export type PlannedEvent =
  | { kind: 'replay'; event: EventRecord }
  | { kind: 'new'; input: ModelEventInput; sequence: number };

function sameInput(a: ModelEventInput, b: ModelEventInput): boolean {
  return (
    a.stream_id === b.stream_id &&
    a.event_type === b.event_type &&
    a.timestamp === b.timestamp &&
    jsonEqual(a.payload, b.payload)
  );
}

function sameAsStored(e: ModelEventInput, stored: EventRecord): boolean {
  return (
    e.stream_id === stored.stream_id &&
    e.event_type === stored.event_type &&
    new Date(e.timestamp).toISOString() === stored.timestamp &&
    jsonEqual(e.payload, stored.payload) &&
    jsonEqual({}, stored.metadata)
  );
}
