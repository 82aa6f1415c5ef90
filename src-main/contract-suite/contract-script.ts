import assert from 'node:assert/strict';
import type { EventLogApi, WireEnvelope } from '../../src-shared/contract/operations';

/** One call of the script and the envelope it got, normalised (see `normalise`). */
export interface TranscriptEntry {
  step: string;
  envelope: unknown;
}

/**
 * The contract suite: one scripted session over the operations (the nine and the [ext] ones) — successes and the
 * expected failures — checked step by step, and recorded. It runs unchanged over every
 * transport (direct calls, HTTP, Electron IPC); the transcripts must be equal, i.e. every
 * transport gives the same answers as the engine itself.
 *
 * Plain node:assert, so both Vitest and Playwright can run it. Expects an empty database.
 */
export async function runContractScript(api: EventLogApi): Promise<TranscriptEntry[]> {
  const transcript: TranscriptEntry[] = [];
  const record = <E extends WireEnvelope>(step: string, envelope: E): E => {
    assert.equal(typeof envelope.timestamp, 'string', `${step}: envelope.timestamp`);
    assert.equal(typeof envelope.requestId, 'string', `${step}: envelope.requestId`);
    transcript.push({ step, envelope: envelope });
    return envelope;
  };
  const ok = <E extends WireEnvelope>(step: string, envelope: E) => {
    record(step, envelope);
    if (!envelope.success)
      assert.fail(`${step}: expected success, got ${envelope.code}: ${envelope.error}`);
    return envelope;
  };
  const fails = (step: string, envelope: WireEnvelope, code: string, pattern: RegExp) => {
    record(step, envelope);
    assert.equal(envelope.success, false, `${step}: expected a failure`);
    if (envelope.success) return;
    assert.equal(envelope.code, code, `${step}: code (${envelope.error})`);
    assert.match(envelope.error, pattern, `${step}: error`);
  };

  // -- instances ------------------------------------------------------------------------------
  const empty = ok('list (empty)', await api.listInstances({}));
  assert.deepEqual(empty.success && empty.data.instances, []);

  const created = ok(
    'create',
    await api.createInstance({ name: 'orders', description: 'shop orders' }),
  );
  const instance = created.success ? created.data.instance : assert.fail('unreachable');
  assert.equal(instance.name, 'orders');
  assert.equal(created.type, 'eventLog.createInstance');

  fails(
    'create duplicate',
    await api.createInstance({ name: 'orders' }),
    'CONFLICT',
    /already exists/u,
  );
  fails('create blank', await api.createInstance({ name: '' }), 'VALIDATION_ERROR', /name/u);
  fails(
    'create with an unknown key',
    await api.createInstance({ name: 'x', colour: 'red' } as never),
    'VALIDATION_ERROR',
    /colour/u,
  );

  const byId = ok('get by id', await api.getInstance({ instanceId: instance.id }));
  assert.deepEqual(byId.success && byId.data.instance, instance);
  const byName = ok('get by name', await api.getInstance({ instanceId: 'orders' }));
  assert.deepEqual(byName.success && byName.data.instance, instance);
  fails('get unknown', await api.getInstance({ instanceId: 'nope' }), 'NOT_FOUND', /nope/u);

  const updated = ok(
    'update',
    await api.updateInstance({ instanceId: instance.id, description: 'all orders' }),
  );
  if (updated.success) {
    assert.equal(updated.data.instance.description, 'all orders');
    assert.ok(updated.data.instance.updatedAt >= instance.updatedAt);
  }

  fails(
    'update unknown',
    await api.updateInstance({ instanceId: 'nope', name: 'x' }),
    'NOT_FOUND',
    /nope/u,
  );

  // -- appends ----------------------------------------------------------------------------------
  const first = ok(
    'append one',
    await api.appendEvent({
      instanceId: instance.id,
      stream_id: 'order-1',
      event_type: 'OrderPlaced',
      payload: { total: 5, 'item.sku': 'A-1' },
      metadata: { by: 'contract' },
      timestamp: '2024-01-01T10:00:00.000Z',
    }),
  );
  assert.equal(first.success && first.data.event.sequence_number, 1);

  fails(
    'append to an unknown instance',
    await api.appendEvent({ instanceId: 'ghost', timestamp: 0 }),
    'NOT_FOUND',
    /ghost/u,
  );
  const auto = ok(
    'append with autoCreateInstance',
    await api.appendEvent({ instanceId: 'ghost', autoCreateInstance: true, timestamp: 1 }),
  );
  assert.equal(auto.success && auto.data.event.instanceId, 'ghost');

  fails(
    'rename onto a taken name',
    await api.updateInstance({ instanceId: instance.id, name: 'ghost' }),
    'CONFLICT',
    /already exists/u,
  );

  const batch = ok(
    'append a batch over two streams',
    await api.appendEvents({
      instanceId: 'orders',
      events: [
        {
          streamId: 'order-1',
          eventType: 'OrderPaid',
          payload: { total: 5 },
          timestamp: 1704103200000,
        },
        {
          stream_id: 'order-2',
          event_type: 'OrderPlaced',
          payload: { total: 12 },
          timestamp: '2024-01-01T11:00:00.000Z',
          expectedSequence: 0,
        },
        { stream_id: 'order-1', event_type: 'OrderShipped', timestamp: '2024-01-01T12:00:00.000Z' },
      ],
    }),
  );
  if (batch.success) {
    assert.equal(batch.data.count, 3);
    assert.deepEqual(
      batch.data.events.map((e) => [e.stream_id, e.sequence_number]),
      [
        ['order-1', 2],
        ['order-2', 1],
        ['order-1', 3],
      ],
    );
  }

  fails(
    'append a batch with a stale expectedSequence (atomic)',
    await api.appendEvents({
      instanceId: instance.id,
      events: [
        { stream_id: 'order-3', timestamp: 5 },
        { stream_id: 'order-2', expectedSequence: 0, timestamp: 6 },
      ],
    }),
    'CONFLICT',
    /order-2/u,
  );

  const keyed = {
    instanceId: instance.id,
    id: 'evt-42',
    stream_id: 'order-2',
    event_type: 'OrderPaid',
    payload: { total: 12 },
    timestamp: '2024-01-01T13:00:00.000Z',
  };
  const once = ok('append with an id', await api.appendEvent(keyed));
  const again = ok('append the same id again', await api.appendEvent(keyed));
  assert.deepEqual(again.success && again.data.event, once.success && once.data.event);
  fails(
    'append the same id with other content',
    await api.appendEvent({ ...keyed, payload: { total: 13 } }),
    'CONFLICT',
    /evt-42/u,
  );
  // Text that is not well-formed Unicode is refused, not stored as U+FFFD (a retry of the same
  // call would then have answered CONFLICT); the same answer every time, on every transport.
  const loneSurrogate = { instanceId: instance.id, stream_id: 's\ud800', id: 'my-1' };
  for (const attempt of ['', ' (retried)']) {
    fails(
      `append a stream id with a lone surrogate${attempt}`,
      await api.appendEvent(loneSurrogate),
      'VALIDATION_ERROR',
      /^stream_id: must be well-formed Unicode text/u,
    );
  }
  fails(
    'append a payload key with a lone surrogate',
    await api.appendEvent({ instanceId: instance.id, payload: { a: [{ 'k\udc00': 1 }] } }),
    'VALIDATION_ERROR',
    /^payload\.a\[0\]\["k\\udc00"\]: the key must be well-formed Unicode text/u,
  );
  fails(
    'append a payload value with a lone surrogate',
    await api.appendEvent({ instanceId: instance.id, payload: { a: 'x\udbff' } }),
    'VALIDATION_ERROR',
    /^payload\.a: must be well-formed Unicode text/u,
  );
  fails(
    'append a payload that is not an object',
    await api.appendEvent({ instanceId: instance.id, payload: [1, 2] as never }),
    'VALIDATION_ERROR',
    /payload/u,
  );

  // -- queries ------------------------------------------------------------------------------
  const all = ok(
    'query all',
    await api.queryEvents({ query: { from: { instance: instance.id } } }),
  );
  if (all.success) {
    assert.equal(all.data.result.total, 5);
    assert.equal(all.data.result.events?.length, 5);
  }
  // Only what every engine build answers (the query compiler grows elsewhere): the point here
  // is that each transport carries queries and results unchanged.
  const filtered = ok(
    'query filtered and paged',
    await api.queryEvents({
      query: {
        from: { instance: 'orders' },
        where: [{ field: 'payload.total', operator: 'eq', value: 5 }],
        limit: 1,
        offset: 1,
      },
    }),
  );
  if (filtered.success) {
    assert.equal(filtered.data.result.total, 2);
    assert.deepEqual([filtered.data.result.limit, filtered.data.result.offset], [1, 1]);
    assert.equal(filtered.data.result.events?.length, 1);
  }
  const dotted = ok(
    'query a stream and a dotted key',
    await api.queryEvents({
      query: {
        from: { instance: instance.id, stream: 'order-1' },
        where: [{ field: 'payload["item.sku"]', operator: 'eq', value: 'A-1' }],
      },
    }),
  );
  assert.equal(dotted.success && dotted.data.result.total, 1);
  fails(
    'query with an unknown operator',
    await api.queryEvents({
      query: {
        from: { instance: instance.id },
        where: [{ field: 'x', operator: 'like' as never, value: 1 }],
      },
    }),
    'VALIDATION_ERROR',
    /where\[0\]\.operator/u,
  );
  fails(
    'query an unknown instance',
    await api.queryEvents({ query: { from: { instance: 'nowhere' } } }),
    'NOT_FOUND',
    /nowhere/u,
  );

  // -- [ext] catalog reads -------------------------------------------------------------------
  const streams = ok(
    'list streams by count',
    await api.listStreams({ instanceId: instance.id, orderBy: 'count' }),
  );
  if (streams.success) {
    assert.equal(streams.data.total, 2);
    assert.deepEqual(
      streams.data.streams.map((s) => [s.streamId, s.eventCount, s.firstEventAt, s.lastEventAt]),
      [
        ['order-1', 3, '2024-01-01T10:00:00.000Z', '2024-01-01T12:00:00.000Z'],
        ['order-2', 2, '2024-01-01T11:00:00.000Z', '2024-01-01T13:00:00.000Z'],
      ],
    );
  }
  const named = ok(
    'list streams by name, filtered and paged',
    await api.listStreams({ instanceId: 'orders', nameContains: 'ORDER-', limit: 1, offset: 1 }),
  );
  if (named.success) {
    assert.equal(named.data.total, 2);
    assert.deepEqual(
      named.data.streams.map((s) => s.streamId),
      ['order-2'],
    );
  }
  fails(
    'list streams with an unknown order',
    await api.listStreams({ instanceId: instance.id, orderBy: 'size' as never }),
    'VALIDATION_ERROR',
    /orderBy/u,
  );
  const fields = ok('describe fields', await api.describeFields({ instanceId: instance.id }));
  if (fields.success) {
    assert.equal(fields.data.scannedEvents, 5);
    assert.deepEqual(fields.data.fields, [
      { path: 'metadata.by', types: ['string'], count: 1 },
      { path: 'payload.total', types: ['number'], count: 4 },
      { path: 'payload["item.sku"]', types: ['string'], count: 1 },
    ]);
  }
  fails(
    'describe fields of an unknown instance',
    await api.describeFields({ instanceId: 'nope' }),
    'NOT_FOUND',
    /nope/u,
  );

  // -- cancel [ext] --------------------------------------------------------------------------
  // Cancelling what is not running is safe and says so; a running query's cancellation is
  // timing-dependent and tested apart (cancel.test.ts).
  const idle = ok('cancel a query not in flight', await api.cancel({ requestId: 'never-sent' }));
  assert.equal(idle.success && idle.data.cancelled, false);
  fails(
    'cancel without a requestId',
    await api.cancel({} as never),
    'VALIDATION_ERROR',
    /requestId/u,
  );

  // -- stats and deletion ------------------------------------------------------------------
  const stats = ok('stats', await api.getInstanceStats({ instanceId: instance.id }));
  if (stats.success) {
    assert.equal(stats.data.eventCount, 5);
    assert.equal(stats.data.streamCount, 2);
    assert.equal(stats.data.firstEventAt, '2024-01-01T10:00:00.000Z');
    assert.equal(stats.data.lastEventAt, '2024-01-01T13:00:00.000Z');
  }
  fails('stats unknown', await api.getInstanceStats({ instanceId: 'nope' }), 'NOT_FOUND', /nope/u);

  const deleted = ok('delete', await api.deleteInstance({ instanceId: instance.id }));
  assert.equal(deleted.success && deleted.data.deletedEvents, 5);
  fails('get deleted', await api.getInstance({ instanceId: instance.id }), 'NOT_FOUND', /./u);
  fails('delete again', await api.deleteInstance({ instanceId: instance.id }), 'NOT_FOUND', /./u);
  const rest = ok('list (after delete)', await api.listInstances({}));
  assert.deepEqual(rest.success && rest.data.instances.map((i) => i.name), ['ghost']);

  return normalise(transcript);
}

const isoTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/u;
/** Values that differ from run to run by nature, not by transport. */
const volatileKeys = new Set([
  'timestamp',
  'requestId',
  'createdAt',
  'updatedAt',
  'tookMs',
  'databaseSizeBytes',
  'mirrorSizeBytes',
]);
/**
 * Keys only some transports' hosts add: which store answered, and the mirror's build progress
 * in an instance's stats (a host with a mirror says both).
 */
const hostKeys = new Set(['engine', 'mirror']);
const idKeys = new Set(['id', 'instanceId']);

/**
 * Makes transcripts of different runs comparable: drops times of the run (envelope time,
 * createdAt/updatedAt — but not event timestamps the script chose), request ids, query timings,
 * file sizes; and names generated ids by order of first appearance, so the same id keeps the
 * same name across steps (a replay returns the original event) without depending on the run.
 */
export function normalise(transcript: TranscriptEntry[]): TranscriptEntry[] {
  const ids = new Map<string, string>();
  const idName = (id: string) => {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u.test(id)) return id;
    let name = ids.get(id);
    if (!name) ids.set(id, (name = `<id ${ids.size + 1}>`));
    return name;
  };
  const walk = (value: unknown, key: string | undefined, depth: number): unknown => {
    if (Array.isArray(value)) return value.map((v) => walk(v, undefined, depth + 1));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([k]) => !hostKeys.has(k))
          .map(([k, v]) => [k, walk(v, k, depth + 1)]),
      );
    }
    if (key && volatileKeys.has(key)) {
      // Event timestamps are chosen by the script; the envelope's own timestamp is not.
      if (key === 'timestamp' && depth > 1 && typeof value === 'string' && isoTime.test(value))
        return value;
      return `<${key}>`;
    }
    if (typeof value === 'string') {
      if (key && idKeys.has(key)) return idName(value);
      // Messages may quote an id (e.g. "no instance with id ...").
      return value.replace(
        /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gu,
        idName,
      );
    }
    return value;
  };
  return transcript.map((e) => ({ step: e.step, envelope: walk(e.envelope, undefined, 0) }));
}
