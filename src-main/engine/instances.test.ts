import { describe, expect, it } from 'vitest';
import { failed, isoMs, ok, uuid } from '../test-support/envelopes';
import { servicePerTest } from '../test-support/service-per-test';

const newService = servicePerTest();

describe('instances', () => {
  it('createInstance answers the instance with a generated id and ISO times', async () => {
    const ctx = newService();
    const env = await ctx.api.createInstance({ name: 'audit', description: 'who did what' });
    expect(env).toMatchObject({ type: 'eventLog.createInstance', success: true });
    expect(env.timestamp).toMatch(isoMs);
    expect(env.requestId.length).toBeGreaterThan(0);
    const { instance } = ok(env);
    expect(instance).toEqual({
      id: expect.stringMatching(uuid) as string,
      name: 'audit',
      description: 'who did what',
      createdAt: expect.stringMatching(isoMs) as string,
      updatedAt: instance.createdAt,
    });
    const bare = ok(await ctx.api.createInstance({ name: 'plain' })).instance;
    expect(bare).not.toHaveProperty('description');
    expect(bare.id).not.toBe(instance.id);
  });

  it('refuses a duplicate name with CONFLICT "already exists", and a name that is an id', async () => {
    const ctx = newService();
    const first = ok(await ctx.api.createInstance({ name: 'audit' })).instance;
    expect(failed(await ctx.api.createInstance({ name: 'audit' }), 'CONFLICT')).toContain(
      'already exists',
    );
    // References try the id first, so a name equal to another instance's id could never be used.
    failed(await ctx.api.createInstance({ name: first.id }), 'CONFLICT');
    const other = ok(await ctx.api.createInstance({ name: 'other' })).instance;
    failed(await ctx.api.updateInstance({ instanceId: other.id, name: 'audit' }), 'CONFLICT');
    failed(await ctx.api.updateInstance({ instanceId: other.id, name: first.id }), 'CONFLICT');
    expect(ok(await ctx.api.listInstances({})).instances.map((i) => i.name)).toEqual([
      'audit',
      'other',
    ]);
  });

  it('getInstance takes the id or the unique name, id first; unknown is NOT_FOUND', async () => {
    const ctx = newService();
    const a = ok(await ctx.api.createInstance({ name: 'alpha' })).instance;
    expect(ok(await ctx.api.getInstance({ instanceId: a.id })).instance).toEqual(a);
    expect(ok(await ctx.api.getInstance({ instanceId: 'alpha' })).instance).toEqual(a);
    // An auto-created instance has id = name; another instance may not take that name, and
    // a lookup of the shared text finds the instance whose id it is.
    ok(await ctx.api.appendEvent({ instanceId: 'beta', autoCreateInstance: true }));
    const beta = ok(await ctx.api.getInstance({ instanceId: 'beta' })).instance;
    expect(beta).toMatchObject({ id: 'beta', name: 'beta' });
    // Renamed, it keeps its id; both texts reach it, and the old id stays reserved.
    ok(await ctx.api.updateInstance({ instanceId: 'beta', name: 'gamma' }));
    expect(ok(await ctx.api.getInstance({ instanceId: 'beta' })).instance.name).toBe('gamma');
    expect(ok(await ctx.api.getInstance({ instanceId: 'gamma' })).instance.id).toBe('beta');
    failed(await ctx.api.createInstance({ name: 'beta' }), 'CONFLICT');
    // autoCreateInstance with an existing name appends to that instance, creating nothing.
    ok(await ctx.api.appendEvent({ instanceId: 'gamma', autoCreateInstance: true }));
    expect(ok(await ctx.api.listInstances({})).instances).toHaveLength(2);
    const err = failed(await ctx.api.getInstance({ instanceId: 'nope' }), 'NOT_FOUND');
    expect(err).toContain('"nope"');
  });

  it('listInstances is oldest first', async () => {
    const ctx = newService();
    expect(ok(await ctx.api.listInstances({})).instances).toEqual([]);
    const names = ['c', 'a', 'b', 'd'];
    for (const name of names) ok(await ctx.api.createInstance({ name }));
    const list = ok(await ctx.api.listInstances({})).instances;
    expect(list.map((i) => i.name)).toEqual(names);
    const times = list.map((i) => i.createdAt);
    expect([...times].sort()).toEqual(times);
  });

  it('updateInstance changes name and description, moves updatedAt, leaves events alone', async () => {
    const ctx = newService();
    const a = ok(await ctx.api.createInstance({ name: 'a', description: 'first' })).instance;
    const events = ok(
      await ctx.api.appendEvents({ instanceId: a.id, events: [{ payload: { n: 1 } }, {}] }),
    ).events;
    const renamed = ok(await ctx.api.updateInstance({ instanceId: 'a', name: 'a2' })).instance;
    expect(renamed).toMatchObject({ id: a.id, name: 'a2', description: 'first' });
    expect(renamed.createdAt).toBe(a.createdAt);
    expect(renamed.updatedAt > a.updatedAt).toBe(true);
    const described = ok(
      await ctx.api.updateInstance({ instanceId: a.id, description: '' }),
    ).instance;
    expect(described).toMatchObject({ name: 'a2', description: '' });
    expect(described.updatedAt > renamed.updatedAt).toBe(true);
    // Renaming to its own name is no conflict.
    ok(await ctx.api.updateInstance({ instanceId: a.id, name: 'a2' }));
    failed(await ctx.api.getInstance({ instanceId: 'a' }), 'NOT_FOUND');
    const after = ok(await ctx.api.queryEvents({ query: { from: { instance: 'a2' } } })).result;
    expect(after.events).toEqual(events);
    failed(await ctx.api.updateInstance({ instanceId: 'ghost', name: 'x' }), 'NOT_FOUND');
  });

  it('deleteInstance removes the instance and all its events, and nothing else', async () => {
    const ctx = newService();
    const keep = ok(await ctx.api.createInstance({ name: 'keep' })).instance;
    ok(await ctx.api.appendEvents({ instanceId: 'keep', events: [{ streamId: 's' }] }));
    const gone = ok(await ctx.api.createInstance({ name: 'gone' })).instance;
    ok(
      await ctx.api.appendEvents({
        instanceId: gone.id,
        events: [{ streamId: 's1', eventType: 't1' }, { streamId: 's2' }, { streamId: 's1' }],
      }),
    );
    const deleted = ok(await ctx.api.deleteInstance({ instanceId: 'gone' }));
    expect(deleted).toEqual({ instance: gone, deletedEvents: 3 });
    failed(await ctx.api.getInstance({ instanceId: gone.id }), 'NOT_FOUND');
    failed(await ctx.api.getInstanceStats({ instanceId: gone.id }), 'NOT_FOUND');
    failed(await ctx.api.queryEvents({ query: { from: { instance: gone.id } } }), 'NOT_FOUND');
    failed(await ctx.api.deleteInstance({ instanceId: gone.id }), 'NOT_FOUND');
    const db = ctx.engine.db;
    const leftovers = db
      .prepare(
        `SELECT (SELECT count(*) FROM streams WHERE ino NOT IN (SELECT ino FROM instances)) +
                (SELECT count(*) FROM type_counts WHERE ino NOT IN (SELECT ino FROM instances))`,
      )
      .pluck()
      .get();
    expect(leftovers).toBe(0);
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'ev\\_%' ESCAPE '\\'",
      )
      .pluck()
      .all();
    expect(tables).toHaveLength(1);
    expect(ok(await ctx.api.getInstanceStats({ instanceId: keep.id })).eventCount).toBe(1);
    // The name is free again, and the new instance starts empty.
    const again = ok(await ctx.api.createInstance({ name: 'gone' })).instance;
    expect(again.id).not.toBe(gone.id);
    expect(ok(await ctx.api.getInstanceStats({ instanceId: 'gone' }))).toMatchObject({
      eventCount: 0,
      streamCount: 0,
      eventTypes: [],
    });
    const first = ok(await ctx.api.appendEvent({ instanceId: 'gone', streamId: 's1' })).event;
    expect(first.sequence_number).toBe(1);
  });

  it('getInstanceStats reports counts, types, streams, time range and file size', async () => {
    const ctx = newService();
    ok(await ctx.api.createInstance({ name: 'shop', description: 'orders' }));
    const empty = ok(await ctx.api.getInstanceStats({ instanceId: 'shop' }));
    expect(empty).toMatchObject({
      name: 'shop',
      description: 'orders',
      eventCount: 0,
      streamCount: 0,
      eventTypes: [],
      firstEventAt: null,
      lastEventAt: null,
    });
    ok(
      await ctx.api.appendEvents({
        instanceId: 'shop',
        events: [
          { streamId: 'o1', eventType: 'Placed', timestamp: '2026-01-02T00:00:00Z' },
          { streamId: 'o1', eventType: 'Paid', timestamp: 1767225600000 }, // 2026-01-01
          { streamId: 'o2', eventType: 'Placed', timestamp: '2026-01-03T10:00:00.5Z' },
        ],
      }),
    );
    const stats = ok(await ctx.api.getInstanceStats({ instanceId: 'shop' }));
    expect(stats).toMatchObject({
      instanceId: empty.instanceId,
      eventCount: 3,
      streamCount: 2,
      eventTypes: [
        { eventType: 'Placed', count: 2 },
        { eventType: 'Paid', count: 1 },
      ],
      firstEventAt: '2026-01-01T00:00:00.000Z',
      lastEventAt: '2026-01-03T10:00:00.500Z',
      createdAt: empty.createdAt,
    });
    expect(stats.databaseSizeBytes).toBeGreaterThan(0);
  });
});
