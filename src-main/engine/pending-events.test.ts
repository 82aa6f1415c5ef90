import { afterEach, describe, expect, it } from 'vitest';
import { dbFingerprint } from '../test-support/db-fingerprint';
import { failed, ok } from '../test-support/envelopes';
import { openTempService } from '../test-support/temp-db';

// The limits EventPreparer checks (pending-events.ts) before an append writes anything.
let ctx: ReturnType<typeof openTempService>;
afterEach(() => ctx?.close());

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
