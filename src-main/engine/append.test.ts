import { afterEach, describe, expect, it } from 'vitest';
import { dbFingerprint } from '../test-support/db-fingerprint';
import { failed, isoMs, ok } from '../test-support/envelopes';
import { openTempService } from '../test-support/temp-db';

let ctx: ReturnType<typeof openTempService>;
afterEach(() => ctx?.close());

async function open(name = 'log') {
  ctx = openTempService();
  return ok(await ctx.api.createInstance({ name })).instance;
}

async function streamEvents(instance: string, stream?: string) {
  const result = ok(
    await ctx.api.queryEvents({
      query: { from: { instance, ...(stream ? { stream } : {}) }, limit: 10_000 },
    }),
  ).result;
  return result.events as { stream_id: string; sequence_number: number; id: string }[];
}

describe('appendEvent', () => {
  it('fills the defaults: stream "default", type "event", {} payload and metadata, now', async () => {
    const inst = await open();
    const before = Date.now();
    const { event } = ok(await ctx.api.appendEvent({ instanceId: inst.id }));
    const after = Date.now();
    expect(event).toMatchObject({
      instanceId: inst.id,
      stream_id: 'default',
      event_type: 'event',
      payload: {},
      metadata: {},
      sequence_number: 1,
    });
    expect(event.timestamp).toMatch(isoMs);
    const t = Date.parse(event.timestamp);
    expect(t >= before && t <= after).toBe(true);
    expect(typeof event.id).toBe('string');
  });

  it('accepts both spellings of stream and type; snake_case wins when both are given', async () => {
    const inst = await open();
    const camel = ok(
      await ctx.api.appendEvent({ instanceId: inst.id, streamId: 'a', eventType: 'A' }),
    ).event;
    const snake = ok(
      await ctx.api.appendEvent({ instanceId: inst.id, stream_id: 'a', event_type: 'B' }),
    ).event;
    const both = ok(
      await ctx.api.appendEvent({
        instanceId: inst.id,
        stream_id: 'snake',
        streamId: 'camel',
        event_type: 'Snake',
        eventType: 'Camel',
      }),
    ).event;
    expect([camel, snake, both].map((e) => [e.stream_id, e.event_type, e.sequence_number])).toEqual(
      [
        ['a', 'A', 1],
        ['a', 'B', 2],
        ['snake', 'Snake', 1],
      ],
    );
    const batch = ok(
      await ctx.api.appendEvents({
        instanceId: inst.id,
        events: [{ streamId: 'camel', stream_id: 'snake', eventType: 'x', event_type: 'y' }],
      }),
    ).events;
    expect(batch[0]).toMatchObject({ stream_id: 'snake', event_type: 'y', sequence_number: 2 });
  });

  it('stores payload and metadata as given, and reads them back equal', async () => {
    const inst = await open();
    const payload = {
      text: 'héllo "world" \u2028 ✓ 𝄞',
      n: -1.5e-7,
      big: 2 ** 53 - 1,
      nested: { a: [1, 'two', null, true, { deep: [[]] }], 'dotted.key': { '': 0 } },
      empty: {},
    };
    const metadata = { traceId: 'abc', tags: ['x'] };
    const { event } = ok(await ctx.api.appendEvent({ instanceId: inst.id, payload, metadata }));
    expect(event.payload).toEqual(payload);
    expect(event.metadata).toEqual(metadata);
    const [stored] = await streamEvents(inst.id);
    expect(stored).toEqual(event);
  });

  it('takes the timestamp as ISO 8601 (any zone) or epoch ms, and answers UTC with ms', async () => {
    const inst = await open();
    const cases: [string | number, string][] = [
      ['2024-02-29T23:59:59.999Z', '2024-02-29T23:59:59.999Z'],
      ['2024-03-01T01:00:00+02:00', '2024-02-29T23:00:00.000Z'],
      ['2024-03-01', '2024-03-01T00:00:00.000Z'],
      [0, '1970-01-01T00:00:00.000Z'],
      [1700000000123, '2023-11-14T22:13:20.123Z'],
      ['1969-07-20T20:17:40Z', '1969-07-20T20:17:40.000Z'],
    ];
    for (const [timestamp, expected] of cases) {
      const { event } = ok(await ctx.api.appendEvent({ instanceId: inst.id, timestamp }));
      expect(event.timestamp, String(timestamp)).toBe(expected);
    }
  });

  it('autoCreateInstance creates a missing instance with id = name = instanceId', async () => {
    ctx = openTempService();
    const err = failed(await ctx.api.appendEvent({ instanceId: 'orders' }), 'NOT_FOUND');
    expect(err).toContain('autoCreateInstance');
    expect(ok(await ctx.api.listInstances({})).instances).toEqual([]);
    const { event } = ok(
      await ctx.api.appendEvent({ instanceId: 'orders', autoCreateInstance: true }),
    );
    expect(event.instanceId).toBe('orders');
    const { instance } = ok(await ctx.api.getInstance({ instanceId: 'orders' }));
    expect(instance).toMatchObject({ id: 'orders', name: 'orders' });
    // The flag on an existing instance just appends.
    const again = ok(
      await ctx.api.appendEvents({
        instanceId: 'orders',
        autoCreateInstance: true,
        events: [{}],
      }),
    );
    expect(again.events[0]!.sequence_number).toBe(2);
    failed(await ctx.api.appendEvents({ instanceId: 'missing', events: [{}] }), 'NOT_FOUND');
    // An empty batch with the flag still creates the instance (and stores nothing).
    expect(
      ok(await ctx.api.appendEvents({ instanceId: 'empty', autoCreateInstance: true, events: [] })),
    ).toEqual({ events: [], count: 0 });
    expect(ok(await ctx.api.getInstanceStats({ instanceId: 'empty' }))).toMatchObject({
      instanceId: 'empty',
      eventCount: 0,
    });
  });
});

describe('appendEvents', () => {
  it('numbers each stream from 1 in array order, across many streams in one batch', async () => {
    const inst = await open();
    const streams = ['a', 'b', 'a', 'c', 'a', 'b'];
    const { events, count } = ok(
      await ctx.api.appendEvents({
        instanceId: inst.id,
        events: streams.map((s, i) => ({ streamId: s, payload: { i } })),
      }),
    );
    expect(count).toBe(6);
    expect(events.map((e) => [e.stream_id, e.sequence_number, e.payload.i])).toEqual([
      ['a', 1, 0],
      ['b', 1, 1],
      ['a', 2, 2],
      ['c', 1, 3],
      ['a', 3, 4],
      ['b', 2, 5],
    ]);
    const next = ok(
      await ctx.api.appendEvents({ instanceId: inst.id, events: [{ streamId: 'b' }] }),
    ).events;
    expect(next[0]!.sequence_number).toBe(3);
    expect(new Set(events.map((e) => e.id)).size).toBe(6);
  });

  it('an empty batch succeeds with count 0 and changes nothing', async () => {
    const inst = await open();
    const before = dbFingerprint(ctx.engine.db);
    expect(ok(await ctx.api.appendEvents({ instanceId: inst.id, events: [] }))).toEqual({
      events: [],
      count: 0,
    });
    expect(dbFingerprint(ctx.engine.db)).toBe(before);
  });

  it('is atomic: one failing event stores none of the batch and burns no sequence number', async () => {
    const inst = await open();
    ok(await ctx.api.appendEvents({ instanceId: inst.id, events: [{ streamId: 's' }] }));
    const before = dbFingerprint(ctx.engine.db);
    const err = failed(
      await ctx.api.appendEvents({
        instanceId: inst.id,
        events: [
          { streamId: 's' },
          { streamId: 'new-stream', eventType: 'NewType' },
          { streamId: 's', expectedSequence: 1 }, // s is at 2 by then
        ],
      }),
      'CONFLICT',
    );
    expect(err).toContain('events[2].expectedSequence');
    expect(dbFingerprint(ctx.engine.db)).toBe(before);
    const next = ok(await ctx.api.appendEvent({ instanceId: inst.id, streamId: 's' })).event;
    expect(next.sequence_number).toBe(2);
    expect(ok(await ctx.api.getInstanceStats({ instanceId: inst.id }))).toMatchObject({
      eventCount: 2,
      streamCount: 1,
    });
  });

  it('generated ids are unique and sort in append order', async () => {
    const inst = await open();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { events } = ok(
        await ctx.api.appendEvents({
          instanceId: inst.id,
          events: Array.from({ length: 50 }, (_, j) => ({ streamId: `s${j % 7}` })),
        }),
      );
      ids.push(...events.map((e) => e.id));
    }
    expect(new Set(ids).size).toBe(250);
    expect([...ids].sort()).toEqual(ids);
    const other = ok(await ctx.api.createInstance({ name: 'other' })).instance;
    const foreign = ok(await ctx.api.appendEvent({ instanceId: other.id })).event;
    expect(ids).not.toContain(foreign.id);
  });
});

describe('expectedSequence', () => {
  it('0 means the stream must not exist; a mismatch is CONFLICT with the actual number', async () => {
    const inst = await open();
    const first = ok(
      await ctx.api.appendEvent({ instanceId: inst.id, streamId: 's', expectedSequence: 0 }),
    ).event;
    expect(first.sequence_number).toBe(1);
    const conflict = await ctx.api.appendEvent({
      instanceId: inst.id,
      streamId: 's',
      expectedSequence: 0,
    });
    expect(failed(conflict, 'CONFLICT')).toContain('is at sequence 1');
    expect(!conflict.success && conflict.details).toMatchObject({
      streamId: 's',
      expectedSequence: 0,
      actualSequence: 1,
    });
    failed(
      await ctx.api.appendEvent({ instanceId: inst.id, streamId: 's', expectedSequence: 5 }),
      'CONFLICT',
    );
    ok(await ctx.api.appendEvent({ instanceId: inst.id, streamId: 's', expectedSequence: 1 }));
  });

  it('applies per event in a batch: the last sequence before that event', async () => {
    const inst = await open();
    const { events } = ok(
      await ctx.api.appendEvents({
        instanceId: inst.id,
        events: [
          { streamId: 'a', expectedSequence: 0 },
          { streamId: 'b' },
          { streamId: 'a', expectedSequence: 1 },
          { streamId: 'a' },
          { streamId: 'b', expectedSequence: 1 },
          { streamId: 'a', expectedSequence: 3 },
        ],
      }),
    );
    expect(events.map((e) => `${e.stream_id}${e.sequence_number}`)).toEqual([
      'a1',
      'b1',
      'a2',
      'a3',
      'b2',
      'a4',
    ]);
  });
});

describe('caller-supplied ids', () => {
  it('the same id with the same content returns the original event and stores nothing', async () => {
    const inst = await open();
    const input = { streamId: 's', eventType: 'T', payload: { a: 1, b: [2] }, id: 'evt-1' };
    const original = ok(await ctx.api.appendEvent({ instanceId: inst.id, ...input })).event;
    expect(original.id).toBe('evt-1');
    const before = dbFingerprint(ctx.engine.db);
    // Key order does not matter; a timestamp is compared only when given.
    const replay = ok(
      await ctx.api.appendEvent({
        instanceId: inst.id,
        ...input,
        payload: { b: [2], a: 1 },
      }),
    ).event;
    expect(replay).toEqual(original);
    const batch = ok(
      await ctx.api.appendEvents({
        instanceId: inst.id,
        events: [{ streamId: 's' }, { ...input, timestamp: original.timestamp }, input],
      }),
    );
    expect(batch.events[1]).toEqual(original);
    expect(batch.events[2]).toEqual(original);
    expect(batch.events[0]!.sequence_number).toBe(2);
    expect(batch.count).toBe(3);
    expect(ok(await ctx.api.getInstanceStats({ instanceId: inst.id })).eventCount).toBe(2);
    expect(before).not.toBe(dbFingerprint(ctx.engine.db)); // the plain event was stored
  });

  it('the same id with other content is CONFLICT, and the batch stores nothing', async () => {
    const inst = await open();
    ok(
      await ctx.api.appendEvent({
        instanceId: inst.id,
        streamId: 's',
        id: 'x',
        payload: { v: 1 },
        timestamp: '2026-01-01T00:00:00Z',
      }),
    );
    const before = dbFingerprint(ctx.engine.db);
    const variants = [
      { streamId: 's', id: 'x', payload: { v: 2 } },
      { streamId: 'other', id: 'x', payload: { v: 1 } },
      { streamId: 's', id: 'x', payload: { v: 1 }, eventType: 'Other' },
      { streamId: 's', id: 'x', payload: { v: 1 }, metadata: { m: 1 } },
      { streamId: 's', id: 'x', payload: { v: 1 }, timestamp: '2026-01-01T00:00:01Z' },
    ];
    for (const v of variants) {
      const err = failed(
        await ctx.api.appendEvents({ instanceId: inst.id, events: [{ streamId: 'y' }, v] }),
        'CONFLICT',
      );
      expect(err).toContain('events[1].id');
      expect(err).toContain('"x"');
    }
    const twice = failed(
      await ctx.api.appendEvents({
        instanceId: inst.id,
        events: [
          { id: 'dup', payload: { a: 1 } },
          { id: 'dup', payload: { a: 2 } },
        ],
      }),
      'CONFLICT',
    );
    expect(twice).toContain('twice');
    expect(dbFingerprint(ctx.engine.db)).toBe(before);
  });

  it('ids are per instance', async () => {
    const a = await open('a');
    const b = ok(await ctx.api.createInstance({ name: 'b' })).instance;
    const ea = ok(await ctx.api.appendEvent({ instanceId: a.id, id: 'same', payload: { x: 1 } }));
    const eb = ok(await ctx.api.appendEvent({ instanceId: b.id, id: 'same', payload: { x: 2 } }));
    expect(ea.event.instanceId).toBe(a.id);
    expect(eb.event.instanceId).toBe(b.id);
  });

  it("ids shaped like generated ids are refused, except an event's own id with its content", async () => {
    const inst = await open();
    const stored = ok(
      await ctx.api.appendEvent({ instanceId: inst.id, streamId: 's', payload: { k: 1 } }),
    ).event;
    // Re-sending an event as it was answered (with its generated id) is an idempotent replay.
    const replay = ok(
      await ctx.api.appendEvent({
        instanceId: inst.id,
        streamId: 's',
        payload: { k: 1 },
        id: stored.id,
      }),
    ).event;
    expect(replay).toEqual(stored);
    failed(
      await ctx.api.appendEvent({
        instanceId: inst.id,
        streamId: 's',
        payload: { k: 2 },
        id: stored.id,
      }),
      'CONFLICT',
    );
    const other = ok(await ctx.api.createInstance({ name: 'other' })).instance;
    const foreign = ok(await ctx.api.appendEvent({ instanceId: other.id })).event;
    const before = dbFingerprint(ctx.engine.db);
    const err = failed(
      await ctx.api.appendEvent({ instanceId: inst.id, id: foreign.id }),
      'VALIDATION_ERROR',
    );
    expect(err).toContain('generated');
    // A position this instance has not reached yet is refused too.
    const future = stored.id.slice(0, -4) + 'ffff';
    failed(await ctx.api.appendEvent({ instanceId: inst.id, id: future }), 'VALIDATION_ERROR');
    expect(dbFingerprint(ctx.engine.db)).toBe(before);
  });
});

describe('limits', () => {
  it('refuses an event over the byte limit with LIMIT_EXCEEDED before any write', async () => {
    ctx = openTempService({ limits: { maxEventBytes: 1000 } });
    ok(await ctx.api.createInstance({ name: 'l' }));
    const before = dbFingerprint(ctx.engine.db);
    ok(await ctx.api.appendEvent({ instanceId: 'l', payload: { s: 'x'.repeat(900) } }));
    const after = dbFingerprint(ctx.engine.db);
    expect(after).not.toBe(before);
    const err = failed(
      await ctx.api.appendEvents({
        instanceId: 'l',
        events: [{}, { payload: { s: 'x'.repeat(600) }, metadata: { s: 'é'.repeat(200) } }],
      }),
      'LIMIT_EXCEEDED',
    );
    expect(err).toContain('events[1]');
    // Multi-byte characters count in UTF-8 bytes.
    failed(
      await ctx.api.appendEvent({ instanceId: 'l', payload: { s: '€'.repeat(340) } }),
      'LIMIT_EXCEEDED',
    );
    // Checked before the instance would be auto-created, too.
    failed(
      await ctx.api.appendEvent({
        instanceId: 'fresh',
        autoCreateInstance: true,
        payload: { s: 'x'.repeat(2000) },
      }),
      'LIMIT_EXCEEDED',
    );
    expect(dbFingerprint(ctx.engine.db)).toBe(after);
  });

  it('refuses a batch over the event-count limit; the defaults are 1 MiB and 10,000', async () => {
    ctx = openTempService({ limits: { maxBatchEvents: 3 } });
    ok(await ctx.api.createInstance({ name: 'l' }));
    const before = dbFingerprint(ctx.engine.db);
    const err = failed(
      await ctx.api.appendEvents({ instanceId: 'l', events: [{}, {}, {}, {}] }),
      'LIMIT_EXCEEDED',
    );
    expect(err).toContain('4 events');
    expect(err).toContain('3');
    failed(
      await ctx.api.appendEvents({
        instanceId: 'new',
        autoCreateInstance: true,
        events: [{}, {}, {}, {}],
      }),
      'LIMIT_EXCEEDED',
    );
    expect(dbFingerprint(ctx.engine.db)).toBe(before);
    expect(ok(await ctx.api.appendEvents({ instanceId: 'l', events: [{}, {}, {}] })).count).toBe(3);
    ctx.close();

    ctx = openTempService();
    expect(ctx.engine.limits).toEqual({ maxEventBytes: 1024 * 1024, maxBatchEvents: 10_000 });
    ok(await ctx.api.createInstance({ name: 'd' }));
    const big = 'x'.repeat(1024 * 1024 - 20);
    ok(await ctx.api.appendEvent({ instanceId: 'd', payload: { big } })); // just under 1 MiB
    failed(
      await ctx.api.appendEvent({ instanceId: 'd', payload: { big: big + 'x'.repeat(20) } }),
      'LIMIT_EXCEEDED',
    );
    const full = Array.from({ length: 10_000 }, () => ({}));
    expect(ok(await ctx.api.appendEvents({ instanceId: 'd', events: full })).count).toBe(10_000);
    failed(
      await ctx.api.appendEvents({ instanceId: 'd', events: [...full, {}] }),
      'LIMIT_EXCEEDED',
    );
  });
});

describe('streams read back', () => {
  it('a query on one stream returns its events in sequence order, across segments', async () => {
    const inst = await open();
    // 20,000 events: several 4,096-position segments of the events table.
    const streams = ['hot', 'warm', 'cold'];
    for (let b = 0; b < 4; b++) {
      ok(
        await ctx.api.appendEvents({
          instanceId: inst.id,
          events: Array.from({ length: 5_000 }, (_, i) => ({
            streamId: streams[i % 10 === 0 ? 2 : i % 3 === 0 ? 1 : 0]!,
          })),
        }),
      );
    }
    for (const s of streams) {
      const events = await streamEvents(inst.id, s);
      expect(events.length).toBeGreaterThan(0);
      expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i + 1));
    }
  });
});

describe('appends inside a caller’s transaction', () => {
  it('a rolled-back outer transaction leaves no type id behind: later events keep their types', async () => {
    // A live source moves its file position in the append's transaction: the append is then a
    // savepoint, and a type it created is gone if the outer transaction rolls back.
    const inst = await open();
    const { engine } = ctx;
    const outer = engine.db.transaction(() => {
      engine.append(inst.id, [{ streamId: 's', eventType: 'tick', payload: {} }], false);
      throw new Error('the position could not be stored');
    });
    expect(() => outer()).toThrow('the position could not be stored');
    // A type created now may take the number the rolled-back "tick" had.
    engine.append(inst.id, [{ streamId: 's', eventType: 'other', payload: {} }], false);
    engine.append(inst.id, [{ streamId: 's', eventType: 'tick', payload: {} }], false);
    const types = (await streamEvents(inst.id, 's')).map(
      (e) => (e as unknown as { event_type: string }).event_type,
    );
    expect(types).toEqual(['other', 'tick']);
  });
});
