import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeEvent, StreamAppend } from '../../src-shared/contract/change-events';
import { runCli } from '../test-support/built-cli';
import { openTempService } from '../test-support/temp-db';
import { ChangeFeed } from './change-feed';

let ctx: ReturnType<typeof openTempService> | undefined;
let feed: ChangeFeed | undefined;
afterEach(() => {
  feed?.stop();
  ctx?.close();
  feed = undefined;
  ctx = undefined;
});

/** A feed without its timer: the test decides when to look. */
function setup() {
  ctx = openTempService();
  feed = new ChangeFeed(ctx.service, { intervalMs: 0 }).start();
  const seen: ChangeEvent[] = [];
  feed.subscribe((c) => seen.push(c));
  return { ctx, feed, seen };
}

async function createInstance(name: string): Promise<string> {
  const r = await ctx!.api.createInstance({ name });
  if (!r.success) throw new Error(r.error);
  return r.data.instance.id;
}

/** Appends through another process, the built CLI, which the feed must notice on its own. */
async function appendByCli(instanceId: string, events: { stream_id?: string }[]): Promise<void> {
  const r = await runCli('appendEvents', { instanceId, events }, ctx!.file);
  expect(r.success).toBe(true);
}

const eventsAppended = (instanceId: string, count: number, streams: StreamAppend[]) => ({
  kind: 'eventsAppended' as const,
  instanceId,
  count,
  streams,
});

describe('ChangeFeed', () => {
  it('passes on changes made through the service at once, and does not repeat them', async () => {
    const { feed, seen } = setup();
    const id = await createInstance('shop');
    await ctx!.api.appendEvents({
      instanceId: id,
      events: [{ stream_id: 'a' }, { stream_id: 'b' }, { stream_id: 'a' }],
    });
    expect(seen.map((c) => c.kind)).toEqual(['instanceCreated', 'eventsAppended']);
    expect(seen[1]).toMatchObject({ instanceId: id, count: 3 });
    expect(feed.poll()).toEqual([]);
    expect(feed.poll()).toEqual([]);
  });

  it('reports an instance and events appended by another process (the CLI)', async () => {
    const { ctx, feed, seen } = setup();
    const created = await runCli('createInstance', { name: 'audit' }, ctx.file);
    expect(created.success).toBe(true);
    const id = (created.data as { instance: { id: string } }).instance.id;
    await appendByCli(id, [{ stream_id: 'u1' }, { stream_id: 'u2' }, { stream_id: 'u1' }]);
    expect(seen).toEqual([]); // nothing until the feed looks
    const changes = feed.poll();
    expect(changes).toEqual([
      {
        kind: 'instanceCreated',
        instance: expect.objectContaining({ id, name: 'audit' }) as unknown,
      },
      eventsAppended(id, 3, [
        { streamId: 'u1', count: 2, lastSequence: 2 },
        { streamId: 'u2', count: 1, lastSequence: 1 },
      ]),
    ]);
    expect(seen).toEqual(changes);
    expect(feed.poll()).toEqual([]);
  });

  it('counts only the other process’s events when both append between two looks', async () => {
    const { ctx, feed, seen } = setup();
    const id = await createInstance('shared');
    await ctx.api.appendEvents({ instanceId: id, events: [{ stream_id: 's' }, {}] });
    await appendByCli(id, [{ stream_id: 's' }, { stream_id: 't' }]);
    await ctx.api.appendEvent({ instanceId: id, stream_id: 's' });
    seen.length = 0;
    expect(feed.poll()).toEqual([
      // `s` got 1 of ours, 1 of theirs, 1 of ours: its head is 3; the count is theirs alone,
      // and `default` (ours only) is not reported again.
      eventsAppended(id, 2, [
        { streamId: 's', count: 1, lastSequence: 3 },
        { streamId: 't', count: 1, lastSequence: 1 },
      ]),
    ]);
  });

  it('reports updates and deletions by another process, not ours', async () => {
    const { ctx, feed } = setup();
    const mine = await createInstance('mine');
    const theirs = await createInstance('theirs');
    await ctx.api.appendEvent({ instanceId: theirs });
    await ctx.api.updateInstance({ instanceId: mine, description: 'by us' });
    expect(feed.poll()).toEqual([]);

    expect(
      (await runCli('updateInstance', { instanceId: mine, name: 'renamed' }, ctx.file)).success,
    ).toBe(true);
    expect((await runCli('deleteInstance', { instanceId: theirs }, ctx.file)).success).toBe(true);
    expect(feed.poll()).toEqual([
      {
        kind: 'instanceUpdated',
        instance: expect.objectContaining({
          id: mine,
          name: 'renamed',
          description: 'by us',
        }) as unknown,
      },
      { kind: 'instanceDeleted', instanceId: theirs, deletedEvents: 1 },
    ]);
  });

  it('looks on its own timer when started with an interval', async () => {
    ctx = openTempService();
    feed = new ChangeFeed(ctx.service, { intervalMs: 20 }).start();
    const next = new Promise<ChangeEvent>((resolve) => feed!.subscribe(resolve));
    const created = await runCli('createInstance', { name: 'timed' }, ctx.file);
    expect(created.success).toBe(true);
    await expect(next).resolves.toMatchObject({
      kind: 'instanceCreated',
      instance: { name: 'timed' },
    });
  });
});
