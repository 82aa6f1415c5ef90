import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../src-shared/contract/records';
import { Engine } from './engine';
import { EventLogService } from './service';
import { tempDir } from '../test-support/temp-db';
import { EventLogModel, type ModelEventInput } from '../test-support/event-log-model';
import path from 'node:path';

/**
 * Model-based test: random sequences of the nine operations (and reopening the file) run
 * against the engine on a real file and against EventLogModel; every answer must agree.
 */
type Ref = { kind: 'id' | 'name' | 'other'; pick: number };
type EventSpec = {
  stream: string;
  type: string;
  payload: Record<string, number | string>;
  ts: number;
  id?: string;
  /** With an id: take content fixed by the id, except a payload bit, so replays and conflicts are common. */
  canon?: boolean;
  expect?: 'right' | 'wrong';
};
type Command =
  | { op: 'create'; name: string; description?: string }
  | { op: 'get' | 'delete' | 'stats'; ref: Ref }
  | { op: 'list' }
  | { op: 'update'; ref: Ref; name?: string; description?: string }
  | { op: 'append'; ref: Ref; events: EventSpec[]; single: boolean; autoCreate: boolean }
  | { op: 'query'; ref: Ref; stream?: string }
  | { op: 'reopen' };

const names = fc.constantFrom('a', 'b', 'c', 'd');
const ref: fc.Arbitrary<Ref> = fc.record({
  kind: fc.constantFrom('id', 'name', 'name', 'other'),
  pick: fc.nat(9),
});
const eventSpec: fc.Arbitrary<EventSpec> = fc.record(
  {
    stream: fc.constantFrom('s1', 's2', 's3', 'default'),
    type: fc.constantFrom('A', 'B', 'C'),
    payload: fc.dictionary(fc.constantFrom('k', 'n'), fc.oneof(fc.nat(3), fc.constantFrom('x'))),
    ts: fc.integer({ min: 1_700_000_000_000, max: 1_700_000_000_009 }),
    id: fc.constantFrom('e1', 'e2', 'e3'),
    canon: fc.constantFrom(true, true, true, false),
    expect: fc.constantFrom('right', 'right', 'right', 'right', 'right', 'wrong'),
  },
  { requiredKeys: ['stream', 'type', 'payload', 'ts'] },
);
const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('create' as const), name: names }), weight: 3 },
  {
    arbitrary: fc.record({
      op: fc.constant('create' as const),
      name: names,
      description: fc.constantFrom('', 'desc'),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ op: fc.constantFrom('get', 'delete', 'stats'), ref }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('list' as const) }), weight: 1 },
  {
    arbitrary: fc.record(
      {
        op: fc.constant('update' as const),
        ref,
        name: fc.oneof(names, fc.constantFrom('e', 'x')),
        description: fc.constantFrom('', 'new'),
      },
      { requiredKeys: ['op', 'ref'] },
    ),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('append' as const),
      ref,
      events: fc.array(eventSpec, { maxLength: 5 }),
      single: fc.boolean(),
      autoCreate: fc.boolean(),
    }),
    weight: 8,
  },
  {
    arbitrary: fc.record(
      { op: fc.constant('query' as const), ref, stream: fc.constantFrom('s1', 's2', 'none') },
      { requiredKeys: ['op', 'ref'] },
    ),
    weight: 3,
  },
  { arbitrary: fc.constant({ op: 'reopen' as const }), weight: 1 },
);

function resolve(model: EventLogModel, r: Ref): string {
  const list = model.instances;
  if (r.kind === 'other' || list.length === 0) return ['x', 'y', 'a', 'zz'][r.pick % 4]!;
  const inst = list[r.pick % list.length]!;
  return r.kind === 'id' ? inst.id : inst.name;
}

type Reply = { success: boolean; code?: string; error?: string; data?: unknown };

function expectOutcome(reply: Reply, outcome: { ok: boolean; code?: string }, what: string) {
  if (outcome.ok) expect(reply.success, `${what}: ${reply.error ?? ''}`).toBe(true);
  else {
    expect(reply.success, what).toBe(false);
    expect(reply.code, `${what}: ${reply.error ?? ''}`).toBe(outcome.code);
  }
}

/** What a lookup of an instance the model may or may not hold must answer. */
const foundOrNotFound = (inst: unknown) =>
  inst ? { ok: true } : { ok: false, code: 'NOT_FOUND' as const };

/** An instance as the API answers it, without the times the model does not keep. */
const untimed = <T extends { createdAt: string; updatedAt: string }>({
  createdAt: _c,
  updatedAt: _u,
  ...rest
}: T) => rest;

const publicInstance = (i: { id: string; name: string; description?: string }) => ({
  id: i.id,
  name: i.name,
  ...(i.description !== undefined ? { description: i.description } : {}),
});

async function runSequence(commands: Command[]): Promise<void> {
  const { dir, cleanup } = tempDir();
  const file = path.join(dir, 'model.db');
  let engine = Engine.open(file);
  let api = new EventLogService(engine).api;
  const model = new EventLogModel();
  try {
    for (const [step, c] of commands.entries()) {
      const what = `step ${step} ${JSON.stringify(c)}`;
      switch (c.op) {
        case 'create': {
          const reply = await api.createInstance({
            name: c.name,
            ...(c.description !== undefined ? { description: c.description } : {}),
          });
          const allowed = model.canCreate(c.name);
          expectOutcome(reply, allowed ? { ok: true } : { ok: false, code: 'CONFLICT' }, what);
          if (reply.success) {
            const created = model.create(c.name, c.description, reply.data.instance.id);
            expect(created.ok).toBe(true);
            expect(reply.data.instance).toMatchObject(publicInstance(reply.data.instance));
            expect(reply.data.instance.name).toBe(c.name);
          }
          break;
        }
        case 'get': {
          const r = resolve(model, c.ref);
          const reply = await api.getInstance({ instanceId: r });
          const inst = model.find(r);
          expectOutcome(reply, foundOrNotFound(inst), what);
          if (reply.success && inst) {
            expect(untimed(reply.data.instance), what).toEqual(publicInstance(inst));
          }
          break;
        }
        case 'list': {
          const reply = await api.listInstances({});
          expect(reply.success && reply.data.instances.map((i) => [i.id, i.name])).toEqual(
            model.instances.map((i) => [i.id, i.name]),
          );
          break;
        }
        case 'update': {
          const r = resolve(model, c.ref);
          const changes = {
            ...(c.name !== undefined ? { name: c.name } : {}),
            ...(c.description !== undefined ? { description: c.description } : {}),
          };
          const reply = await api.updateInstance({ instanceId: r, ...changes });
          const outcome = model.update(r, changes);
          expectOutcome(reply, outcome, what);
          if (reply.success && outcome.ok) {
            expect(untimed(reply.data.instance), what).toEqual(publicInstance(outcome.value));
          }
          break;
        }
        case 'delete': {
          const r = resolve(model, c.ref);
          const reply = await api.deleteInstance({ instanceId: r });
          const outcome = model.delete(r);
          expectOutcome(reply, outcome, what);
          if (reply.success && outcome.ok) {
            expect(reply.data.deletedEvents).toBe(outcome.value.deletedEvents);
            expect(reply.data.instance.id).toBe(outcome.value.instance.id);
          }
          break;
        }
        case 'stats': {
          const r = resolve(model, c.ref);
          const reply = await api.getInstanceStats({ instanceId: r });
          const inst = model.find(r);
          expectOutcome(reply, foundOrNotFound(inst), what);
          if (reply.success && inst) {
            expect(reply.data, what).toMatchObject({
              instanceId: inst.id,
              name: inst.name,
              ...model.stats(inst),
            });
          }
          break;
        }
        case 'query': {
          const r = resolve(model, c.ref);
          const reply = await api.queryEvents({
            query: {
              from: { instance: r, ...(c.stream ? { stream: c.stream } : {}) },
              limit: 10_000,
            },
          });
          const inst = model.find(r);
          expectOutcome(reply, foundOrNotFound(inst), what);
          if (reply.success && inst) {
            const expected = inst.events.filter((e) => !c.stream || e.stream_id === c.stream);
            expect(reply.data.result.events, what).toEqual(expected);
            expect(reply.data.result.total).toBe(expected.length);
          }
          break;
        }
        case 'append': {
          const r = resolve(model, c.ref);
          const events = c.single ? c.events.slice(0, 1) : c.events;
          const inputs = toInputs(model, r, events);
          const outcome = model.append(r, inputs, c.autoCreate);
          let answered: EventRecord[] = [];
          if (c.single && inputs.length === 1) {
            const reply = await api.appendEvent({
              instanceId: r,
              ...inputs[0]!,
              ...(c.autoCreate ? { autoCreateInstance: true } : {}),
            });
            expectOutcome(reply, outcome, what);
            if (reply.success) answered = [reply.data.event];
          } else {
            const reply = await api.appendEvents({
              instanceId: r,
              events: inputs,
              ...(c.autoCreate ? { autoCreateInstance: true } : {}),
            });
            expectOutcome(reply, outcome, what);
            if (reply.success) {
              answered = reply.data.events;
              expect(reply.data.count).toBe(inputs.length);
            }
          }
          if (!outcome.ok) break;
          const { instance, plan } = outcome.value;
          plan.forEach((p, i) => {
            const got = answered[i]!;
            if (p.kind === 'replay') {
              expect(got, what).toEqual(p.event);
              return;
            }
            expect(got, what).toMatchObject({
              instanceId: instance!.id,
              stream_id: p.input.stream_id,
              event_type: p.input.event_type,
              payload: p.input.payload,
              metadata: {},
              timestamp: p.input.timestamp,
              sequence_number: p.sequence,
            });
            if (p.input.id !== undefined) expect(got.id).toBe(p.input.id);
          });
          model.commit(instance!, plan, answered);
          break;
        }
        case 'reopen': {
          engine.close();
          engine = Engine.open(file);
          api = new EventLogService(engine).api;
          break;
        }
      }
    }
    // Whatever happened: generated ids are unique, and every stream is 1..n.
    for (const inst of model.instances) {
      expect(new Set(inst.events.map((e) => e.id)).size).toBe(inst.events.length);
      const perStream = new Map<string, number[]>();
      for (const e of inst.events) {
        perStream.set(e.stream_id, [...(perStream.get(e.stream_id) ?? []), e.sequence_number]);
      }
      for (const seqs of perStream.values()) expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
  } finally {
    engine.close();
    cleanup();
  }
}

function toInputs(model: EventLogModel, ref: string, specs: EventSpec[]): ModelEventInput[] {
  const inst = model.find(ref);
  const seqs = new Map(inst?.streams ?? []);
  return specs.map((s) => {
    const stream = s.id !== undefined && s.canon === true ? `by-${s.id}` : s.stream;
    const last = seqs.get(stream) ?? 0;
    seqs.set(stream, last + 1); // approximate: replays do not advance, which "wrong" may hit
    const canon = s.id !== undefined && s.canon === true;
    const input: ModelEventInput = {
      stream_id: canon ? `by-${s.id}` : s.stream,
      event_type: canon ? 'Canon' : s.type,
      payload: canon ? { bit: s.ts % 5 === 0 ? 1 : 0 } : s.payload,
      timestamp: new Date(canon ? 1_700_000_000_000 : s.ts).toISOString(),
    };
    if (s.id !== undefined) input.id = s.id;
    if (s.expect === 'right') input.expectedSequence = last;
    if (s.expect === 'wrong') input.expectedSequence = last + 2;
    return input;
  });
}

describe('model-based test of the nine operations', () => {
  it('agrees with the model on random operation sequences, across reopens', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 40 }), (commands) =>
        runSequence([{ op: 'create', name: 'a' }, ...commands]),
      ),
      { numRuns: Number(process.env.EVENTLENS_MODEL_RUNS ?? 60) },
    );
  });
});
