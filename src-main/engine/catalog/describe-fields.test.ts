import { afterEach, describe, expect, it } from 'vitest';
import { describeFields, toSegments } from './describe-fields';
import { openTempService } from '../../test-support/temp-db';
import type { FieldInfo } from '../../../src-shared/contract/catalog';
import type { JsonObject } from '../../../src-shared/contract/json-value';

let ctx: ReturnType<typeof openTempService> | undefined;
afterEach(() => {
  ctx?.close();
  ctx = undefined;
});

const byPath = (fields: FieldInfo[]) => Object.fromEntries(fields.map((f) => [f.path, f]));
const numbered = (n: number, key: string) =>
  Array.from({ length: n }, (_, i) => ({ payload: { [key]: i } }));

type Ctx = ReturnType<typeof openTempService>;

/** Drops what the catalog counted for an instance, as if no event had ever been counted. */
function forgetCatalog(c: Ctx, name: string) {
  const ino = c.engine.instances.require(name).ino;
  c.engine.db.prepare('DELETE FROM field_catalog WHERE ino = ?').run(ino);
  c.engine.db.prepare('DELETE FROM field_scans WHERE ino = ?').run(ino);
}

/** Runs `fn` and reports the number of events each json_tree scan statement read. */
async function spyScan<T>(c: Ctx, fn: () => Promise<T>): Promise<{ result: T; scanned: number[] }> {
  const db = c.engine.db;
  const scanned: number[] = [];
  const original = db.prepare.bind(db);
  db.prepare = ((text: string) => {
    const stmt = original(text);
    if (!text.includes('json_tree')) return stmt;
    return new Proxy(stmt, {
      get(target, prop) {
        if (prop !== 'run') return Reflect.get(target, prop) as unknown;
        return (...params: [string, number, number]) => {
          scanned.push(params[2] - params[1]);
          return target.run(...params);
        };
      },
    });
  }) as typeof db.prepare;
  try {
    return { result: await fn(), scanned };
  } finally {
    db.prepare = original;
  }
}

describe('describeFields', () => {
  it('reports every payload and metadata path with types and counts; arrays are leaves', async () => {
    ctx = openTempService();
    const { api } = ctx;
    await api.createInstance({ name: 'z' });
    await api.appendEvents({
      instanceId: 'z',
      events: [
        {
          payload: {
            user: { id: 'u1', age: 3 },
            tags: ['a', { deep: 1 }],
            'id.orig_h': '10.0.0.1',
          },
          metadata: { trace: 'x' },
        },
        { payload: { user: { id: 7 }, ok: true, gone: null, 'a"b': 1 } },
        { payload: {} },
      ],
    });
    const r = await api.describeFields({ instanceId: 'z' });
    if (!r.success) throw new Error(r.error);
    expect(r.data.scannedEvents).toBe(3);
    const f = byPath(r.data.fields);
    expect(Object.keys(f).sort()).toEqual(
      [
        'metadata.trace',
        'payload.user.id',
        'payload.user.age',
        'payload.tags',
        'payload["id.orig_h"]',
        'payload.ok',
        'payload.gone',
        'payload["a\\"b"]',
      ].sort(),
    );
    expect(f['payload.user.id']).toEqual({
      path: 'payload.user.id',
      types: expect.arrayContaining(['string', 'number']) as unknown,
      count: 2,
    });
    expect(f['payload.tags']).toMatchObject({ types: ['array'], count: 1 });
    expect(f['payload.gone']).toMatchObject({ types: ['null'], count: 1 });
    expect(f['payload.ok']).toMatchObject({ types: ['boolean'], count: 1 });
    expect(r.data.fields.map((x) => x.path)).toEqual([...r.data.fields.map((x) => x.path)].sort());
  });

  it('an append counts its events into a caught-up catalog; describeFields then scans nothing', async () => {
    ctx = openTempService();
    const { api, engine } = ctx;
    await api.createInstance({ name: 'z' });
    await api.appendEvents({ instanceId: 'z', events: numbered(25, 'a') });
    await api.appendEvents({ instanceId: 'z', events: [...numbered(3, 'a'), ...numbered(2, 'b')] });
    const { result, scanned } = await spyScan(ctx, () =>
      describeFields(engine.db, engine.instances, 'z'),
    );
    expect(scanned).toEqual([]);
    expect(result).toEqual({
      fields: [
        { path: 'payload.a', types: ['number'], count: 28 },
        { path: 'payload.b', types: ['number'], count: 2 },
      ],
      scannedEvents: 30,
    });
  });

  it('a catalog that is behind is scanned once, across chunks, and appends meanwhile wait for it', async () => {
    ctx = openTempService();
    const { api, engine } = ctx;
    await api.createInstance({ name: 'z' });
    await api.appendEvents({ instanceId: 'z', events: numbered(20, 'a') });
    forgetCatalog(ctx, 'z'); // as a file written before appends counted into the catalog
    // Behind: this append leaves its events to the scan (counting them here would count twice).
    await api.appendEvents({ instanceId: 'z', events: numbered(5, 'a') });
    // Chunks of 10 events: three transactions, the event loop gets a turn between them.
    let turns = 0;
    const first = await describeFields(engine.db, engine.instances, 'z', {
      chunkEvents: 10,
      yieldTurn: async () => {
        turns++;
        await Promise.resolve();
      },
    });
    expect(turns).toBe(2);
    expect(first).toEqual({
      fields: [{ path: 'payload.a', types: ['number'], count: 25 }],
      scannedEvents: 25,
    });
    // Caught up again: the next append counts itself.
    await api.appendEvents({ instanceId: 'z', events: [...numbered(3, 'a'), ...numbered(2, 'b')] });
    const second = await spyScan(ctx, () => describeFields(engine.db, engine.instances, 'z'));
    expect(second.scanned).toEqual([]);
    expect(second.result).toEqual({
      fields: [
        { path: 'payload.a', types: ['number'], count: 28 },
        { path: 'payload.b', types: ['number'], count: 2 },
      ],
      scannedEvents: 30,
    });
    // Behind again, by five events: a call reads only those.
    const mark = engine.db.prepare(
      'UPDATE field_scans SET scanned_upto = scanned_upto - 5, scanned_events = scanned_events - 5',
    );
    mark.run();
    engine.db.prepare("UPDATE field_catalog SET n = n - 3 WHERE path = 'payload.a'").run();
    engine.db.prepare("DELETE FROM field_catalog WHERE path = 'payload.b'").run();
    const third = await spyScan(ctx, () => describeFields(engine.db, engine.instances, 'z'));
    expect(third.scanned).toEqual([5, 5]); // payload and metadata of the five last events
    expect(third.result).toEqual(second.result);

    await api.deleteInstance({ instanceId: 'z' });
    await api.createInstance({ name: 'z' });
    const fresh = await api.describeFields({ instanceId: 'z' });
    expect(fresh.success && fresh.data).toEqual({ fields: [], scannedEvents: 0 });
  });

  it('counts taken on append equal the json_tree scan of the same events', async () => {
    ctx = openTempService();
    const { api } = ctx;
    await api.createInstance({ name: 'z' });
    const odd: JsonObject[] = [
      { 'a.b': 1, 'q"t': 'x', 'a[0]': true, '': null, ünï: 2.5, 'back\\slash': 'y' },
      { nested: { deep: { deeper: 'x', list: [1, { no: 1 }] }, empty: {} }, n: 1 },
      { nested: { deep: 'now a string' }, n: 'one', list: [], obj: { 'x y': [null] } },
      { n: null, big: 1e21, neg: -0.5, t: false },
      {},
    ];
    for (let i = 0; i < 4; i++) {
      await api.appendEvents({
        instanceId: 'z',
        events: odd.map((payload, j) => {
          const metadata: JsonObject = j % 2 ? { source: 'cli', 'trace.id': j } : {};
          return { payload, metadata };
        }),
      });
    }
    const kept = await api.describeFields({ instanceId: 'z' });
    forgetCatalog(ctx, 'z');
    const scanned = await api.describeFields({ instanceId: 'z' });
    if (!kept.success || !scanned.success) throw new Error('describeFields failed');
    expect(kept.data.fields.length).toBeGreaterThan(15);
    expect(kept.data).toEqual(scanned.data);
  });

  it('reads json_tree paths exactly, quoted keys included', () => {
    expect(toSegments('$.a."b.c"[2].d')).toEqual(['a', 'b.c', 2, 'd']);
    expect(toSegments('$."q\\"t"')).toEqual(['q"t']);
    expect(toSegments('$."a[0]".x')).toEqual(['a[0]', 'x']);
    expect(toSegments('nope')).toBeNull();
  });
});
