import { afterEach, describe, expect, it } from 'vitest';
import { describeFields, toSegments } from './describe-fields';
import { openTempService } from '../../test-support/temp-db';
import type { FieldInfo } from '../../../src-shared/contract/catalog';

let ctx: ReturnType<typeof openTempService> | undefined;
afterEach(() => {
  ctx?.close();
  ctx = undefined;
});

const byPath = (fields: FieldInfo[]) => Object.fromEntries(fields.map((f) => [f.path, f]));

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

  it('counts only new events on later calls, across chunks, and forgets a deleted instance', async () => {
    ctx = openTempService();
    const { api, engine } = ctx;
    await api.createInstance({ name: 'z' });
    const events = (n: number, key: string) =>
      Array.from({ length: n }, (_, i) => ({ payload: { [key]: i } }));
    await api.appendEvents({ instanceId: 'z', events: events(25, 'a') });
    // Chunks of 10 events: three transactions, the event loop gets a turn between them.
    let turns = 0;
    const first = await describeFields(engine.db, engine.instances, 'z', 10, async () => {
      turns++;
      await Promise.resolve();
    });
    expect(turns).toBe(2);
    expect(first).toEqual({
      fields: [{ path: 'payload.a', types: ['number'], count: 25 }],
      scannedEvents: 25,
    });
    await api.appendEvents({ instanceId: 'z', events: [...events(3, 'a'), ...events(2, 'b')] });
    // Spy on the scan: the second call reads only the five new events.
    const scanned: number[] = [];
    const original = engine.db.prepare.bind(engine.db);
    engine.db.prepare = ((text: string) => {
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
    }) as typeof engine.db.prepare;
    const second = await describeFields(engine.db, engine.instances, 'z');
    engine.db.prepare = original;
    expect(scanned).toEqual([5, 5]); // payload and metadata of the five new events
    expect(second).toEqual({
      fields: [
        { path: 'payload.a', types: ['number'], count: 28 },
        { path: 'payload.b', types: ['number'], count: 2 },
      ],
      scannedEvents: 30,
    });
    const third = await api.describeFields({ instanceId: 'z' });
    expect(third.success && third.data).toEqual(second);

    await api.deleteInstance({ instanceId: 'z' });
    await api.createInstance({ name: 'z' });
    const fresh = await api.describeFields({ instanceId: 'z' });
    expect(fresh.success && fresh.data).toEqual({ fields: [], scannedEvents: 0 });
  });

  it('reads json_tree paths exactly, quoted keys included', () => {
    expect(toSegments('$.a."b.c"[2].d')).toEqual(['a', 'b.c', 2, 'd']);
    expect(toSegments('$."q\\"t"')).toEqual(['q"t']);
    expect(toSegments('$."a[0]".x')).toEqual(['a[0]', 'x']);
    expect(toSegments('nope')).toBeNull();
  });
});
