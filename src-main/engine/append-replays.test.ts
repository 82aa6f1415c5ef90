import { afterEach, describe, expect, it } from 'vitest';
import { dbFingerprint } from '../test-support/db-fingerprint';
import { failed, ok } from '../test-support/envelopes';
import { openTempService } from '../test-support/temp-db';

// The replay rule of caller-supplied ids (append-replays.ts), through the service.
let ctx: ReturnType<typeof openTempService>;
afterEach(() => ctx?.close());

async function open(name = 'log') {
  ctx = openTempService();
  return ok(await ctx.api.createInstance({ name })).instance;
}

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
