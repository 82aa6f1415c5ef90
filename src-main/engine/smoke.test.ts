import { describe, expect, it } from 'vitest';
import { servicePerTest } from '../test-support/service-per-test';

const newService = servicePerTest();

describe('smoke', () => {
  it('creates, appends and queries', async () => {
    const ctx = newService();
    const created = await ctx.api.createInstance({ name: 'shop', description: 'orders' });
    expect(created.success).toBe(true);
    if (!created.success) return;
    const id = created.data.instance.id;
    const a = await ctx.api.appendEvent({
      instanceId: id,
      streamId: 'order-1',
      eventType: 'OrderCreated',
      payload: { total: 5 },
    });
    if (!a.success) console.log(a);
    expect(a).toMatchObject({
      success: true,
      data: { event: { sequence_number: 1, stream_id: 'order-1' } },
    });
    const b = await ctx.api.appendEvents({
      instanceId: id,
      events: [{ stream_id: 'order-1' }, { stream_id: 'order-2' }, {}],
    });
    expect(b.success && b.data.events.map((e) => [e.stream_id, e.sequence_number])).toEqual([
      ['order-1', 2],
      ['order-2', 1],
      ['default', 1],
    ]);
    const q = await ctx.api.queryEvents({ query: { from: { instance: id, stream: 'order-1' } } });
    expect(q.success && q.data.result.total).toBe(2);
    expect(q.success && q.data.result.events?.map((e) => e.id)).toEqual(
      b.success && a.success ? [a.data.event.id, b.data.events[0]!.id] : [],
    );
    const s = await ctx.api.getInstanceStats({ instanceId: 'shop' });
    expect(s).toMatchObject({ success: true, data: { eventCount: 4, streamCount: 3 } });
    console.log(JSON.stringify(s, null, 1), JSON.stringify(q, null, 1).slice(0, 800));
  });
});
