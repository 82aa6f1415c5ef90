import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbFingerprint } from '../test-support/db-fingerprint';
import { failed, ok } from '../test-support/envelopes';
import { openTempService } from '../test-support/temp-db';

/**
 * Bad input in every parameter: VALIDATION_ERROR, an error that names the offending input, and
 * a database that is byte-for-byte what it was (content fingerprint before and after).
 */
let ctx: ReturnType<typeof openTempService>;
let instanceId: string;

beforeAll(async () => {
  ctx = openTempService();
  instanceId = ok(await ctx.api.createInstance({ name: 'log' })).instance.id;
  ok(
    await ctx.api.appendEvents({
      instanceId,
      events: [{ streamId: 's', payload: { a: 1 } }, { streamId: 't' }],
    }),
  );
});
afterAll(() => ctx?.close());

const parse = (json: string): unknown => JSON.parse(json);

function nested(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = { k: v };
  return v;
}

const long = (n: number) => 'x'.repeat(n);

/** [operation, params, text the error must contain]. */
type Case = [string, unknown, string];

const ev = (extra: Record<string, unknown>) => ({ instanceId: 'log', ...extra });
const batch = (event: unknown) => ({ instanceId: 'log', events: [{}, event] });
/** queryEvents' params: a query of the `log` instance with `rest` in it. */
const onLog = (rest: Record<string, unknown>) => ({
  query: { from: { instance: 'log' }, ...rest },
});

const cases: Case[] = [
  // createInstance
  ['createInstance', {}, 'name'],
  ['createInstance', { name: 5 }, 'name'],
  ['createInstance', { name: '' }, 'name'],
  ['createInstance', { name: '   ' }, 'blank'],
  ['createInstance', { name: long(201) }, 'name'],
  ['createInstance', { name: 'a\u0000b' }, 'control'],
  ['createInstance', { name: 'ok', description: 7 }, 'description'],
  ['createInstance', { name: 'ok', description: long(10_001) }, 'description'],
  ['createInstance', { name: 'ok', extra: 1 }, '"extra"'],
  ['createInstance', parse('{"name":"ok","__proto__":{"x":1}}'), '__proto__'],
  ['createInstance', null, 'name'], // missing (null or undefined) params mean {}
  ['createInstance', [], 'expected object'],
  ['createInstance', 'name', 'expected object'],
  // getInstance, deleteInstance, getInstanceStats
  ['getInstance', {}, 'instanceId'],
  ['getInstance', { instanceId: 1 }, 'instanceId'],
  ['getInstance', { instanceId: '' }, 'instanceId'],
  ['getInstance', { instanceId: long(201) }, 'instanceId'],
  ['getInstance', { instanceId: 'log', more: true }, '"more"'],
  ['deleteInstance', {}, 'instanceId'],
  ['deleteInstance', { instanceId: ['log'] }, 'instanceId'],
  ['deleteInstance', { instanceId: 'log', force: true }, '"force"'],
  ['getInstanceStats', { instanceId: null }, 'instanceId'],
  ['getInstanceStats', { instanceId: 'log', x: 1 }, '"x"'],
  // listInstances
  ['listInstances', { filter: 'x' }, '"filter"'],
  ['listInstances', 42, 'expected object'],
  // updateInstance
  ['updateInstance', { name: 'x' }, 'instanceId'],
  ['updateInstance', { instanceId: 'log', name: '' }, 'name'],
  ['updateInstance', { instanceId: 'log', name: 3 }, 'name'],
  ['updateInstance', { instanceId: 'log', description: long(10_001) }, 'description'],
  ['updateInstance', { instanceId: 'log', createdAt: 'x' }, '"createdAt"'],
  // appendEvent
  ['appendEvent', {}, 'instanceId'],
  ['appendEvent', ev({ streamId: 5 }), 'streamId'],
  ['appendEvent', ev({ stream_id: '' }), 'stream_id'],
  ['appendEvent', ev({ stream_id: long(513) }), 'stream_id'],
  ['appendEvent', ev({ stream_id: 'a\nb' }), 'stream_id'],
  ['appendEvent', ev({ event_type: long(257) }), 'event_type'],
  ['appendEvent', ev({ eventType: {} }), 'eventType'],
  ['appendEvent', ev({ eventType: 'x\u007f' }), 'eventType'],
  ['appendEvent', ev({ payload: 'text' }), 'payload'],
  ['appendEvent', ev({ payload: [1, 2] }), 'payload'],
  ['appendEvent', ev({ payload: null }), 'payload'],
  ['appendEvent', ev({ payload: { n: NaN } }), 'payload.n'],
  ['appendEvent', ev({ payload: { n: Infinity } }), 'payload.n'],
  ['appendEvent', ev({ payload: { a: [1, { b: -Infinity }] } }), 'payload.a[1].b'],
  ['appendEvent', ev({ payload: { d: new Date(0) } }), 'payload.d'],
  ['appendEvent', ev({ payload: { u: undefined } }), 'payload.u'],
  ['appendEvent', ev({ payload: { f: () => 1 } }), 'payload.f'],
  ['appendEvent', ev({ payload: { b: 1n } }), 'payload.b'],
  ['appendEvent', ev({ payload: nested(70) }), 'deeper than 64'],
  ['appendEvent', ev({ payload: parse('{"a":{"__proto__":{"polluted":1}}}') }), '__proto__'],
  ['appendEvent', ev({ metadata: parse('{"__proto__":{}}') }), 'metadata'],
  ['appendEvent', ev({ metadata: 1 }), 'metadata'],
  ['appendEvent', ev({ timestamp: 'yesterday' }), 'timestamp'],
  ['appendEvent', ev({ timestamp: '2024-02-30T00:00:00Z' }), 'timestamp'],
  ['appendEvent', ev({ timestamp: NaN }), 'timestamp'],
  ['appendEvent', ev({ timestamp: 9e15 }), 'timestamp'],
  ['appendEvent', ev({ timestamp: true }), 'timestamp'],
  ['appendEvent', ev({ id: '' }), 'id'],
  ['appendEvent', ev({ id: long(201) }), 'id'],
  ['appendEvent', ev({ id: 7 }), 'id'],
  ['appendEvent', ev({ expectedSequence: -1 }), 'expectedSequence'],
  ['appendEvent', ev({ expectedSequence: 1.5 }), 'expectedSequence'],
  ['appendEvent', ev({ expectedSequence: '1' }), 'expectedSequence'],
  ['appendEvent', ev({ expectedSequence: NaN }), 'expectedSequence'],
  ['appendEvent', ev({ autoCreateInstance: 'yes' }), 'autoCreateInstance'],
  ['appendEvent', ev({ sequence_number: 3 }), '"sequence_number"'],
  ['appendEvent', parse('{"instanceId":"log","__proto__":{"isAdmin":true}}'), '__proto__'],
  // appendEvents
  ['appendEvents', { instanceId: 'log' }, 'events'],
  ['appendEvents', { instanceId: 'log', events: {} }, 'events'],
  ['appendEvents', { instanceId: 'log', events: 'x' }, 'events'],
  ['appendEvents', { events: [] }, 'instanceId'],
  ['appendEvents', { instanceId: 'log', events: [], extra: 1 }, '"extra"'],
  ['appendEvents', { instanceId: 'log', events: [], autoCreateInstance: 1 }, 'autoCreateInstance'],
  ['appendEvents', batch(null), 'events[1]'],
  ['appendEvents', batch([]), 'events[1]'],
  ['appendEvents', batch('e'), 'events[1]'],
  ['appendEvents', batch({ instanceId: 'log' }), 'events[1]'],
  ['appendEvents', batch({ streamId: 1 }), 'events[1].streamId'],
  ['appendEvents', batch({ payload: { x: NaN } }), 'events[1].payload.x'],
  ['appendEvents', batch({ payload: nested(65) }), 'events[1].payload'],
  ['appendEvents', batch({ payload: parse('{"__proto__":1}') }), 'events[1].payload'],
  ['appendEvents', batch(parse('{"__proto__":{}}')), 'events[1]'],
  ['appendEvents', batch({ expectedSequence: -2 }), 'events[1].expectedSequence'],
  ['appendEvents', batch({ autoCreateInstance: true }), 'events[1]'],
  // queryEvents (the DSL has its own tests; here the envelope and the path)
  ['queryEvents', {}, 'query'],
  ['queryEvents', { query: {} }, 'query.from'],
  ['queryEvents', onLog({ limit: -1 }), 'query.limit'],
  ['queryEvents', onLog({ limit: 1e9 }), 'query.limit'],
  ['queryEvents', onLog({ where: 'x' }), 'query.where'],
  [
    'queryEvents',
    onLog({ where: [{ field: 'a', operator: 'like', value: 1 }] }),
    'query.where[0].operator',
  ],
  ['queryEvents', onLog({ select: [''] }), 'query.select[0]'],
  ['queryEvents', { query: { from: { instance: 'log' } }, more: 1 }, '"more"'],
  // Text that is not well-formed Unicode (a lone UTF-16 surrogate), in every text parameter.
  ['createInstance', { name: 'a\ud800' }, 'name: must be well-formed Unicode'],
  ['createInstance', { name: 'ok', description: '\udc00' }, 'description: must be well-formed'],
  ['updateInstance', { instanceId: 'log', name: 'b\udbff' }, 'name: must be well-formed'],
  ['getInstance', { instanceId: 'log\ud800' }, 'instanceId: must be well-formed'],
  ['deleteInstance', { instanceId: '\udfff' }, 'instanceId: must be well-formed'],
  ['appendEvent', ev({ streamId: 's\ud800', id: 'my-1' }), 'streamId: must be well-formed'],
  ['appendEvent', ev({ event_type: 't\ud800' }), 'event_type: must be well-formed'],
  ['appendEvent', ev({ id: 'my-\ud800' }), 'id: must be well-formed'],
  ['appendEvent', ev({ payload: { a: { b: [0, 'x\ud800y'] } } }), 'payload.a.b[1]: must be'],
  ['appendEvent', ev({ payload: { 'k\ud800': 1 } }), 'the key must be well-formed'],
  ['appendEvent', ev({ metadata: { m: [{ n: '\udc00' }] } }), 'metadata.m[0].n: must be'],
  ['appendEvent', { instanceId: 'log\ud800' }, 'instanceId: must be well-formed'],
  ['appendEvents', batch({ stream_id: 's\ud800' }), 'events[1].stream_id: must be'],
  ['appendEvents', batch({ payload: { deep: { 'x\udfff': 'y' } } }), 'events[1].payload.deep'],
  ['queryEvents', { query: { from: { instance: 'log\ud800' } } }, 'query.from.instance: must'],
  ['queryEvents', { query: { from: { instance: 'log', stream: 's\ud800' } } }, 'from.stream'],
  [
    'queryEvents',
    onLog({ where: [{ field: 'a', operator: 'eq', value: '\ud800' }] }),
    'query.where[0].value: must be well-formed',
  ],
  [
    'queryEvents',
    onLog({ where: [{ or: [{ field: 'a', operator: 'in', value: ['ok', 'x\udc00'] }] }] }),
    'query.where[0].or[0].value[1]: must be well-formed',
  ],
  [
    'queryEvents',
    onLog({ where: [{ field: 'a', operator: 'contains', value: 'x\ud800' }] }),
    'query.where[0].value: must be well-formed',
  ],
  [
    'queryEvents',
    onLog({ where: [{ field: 'a\ud800', operator: 'exists', value: true }] }),
    'query.where[0].field: field name must be well-formed',
  ],
  [
    'queryEvents',
    onLog({ select: ['payload["\\ud800"]'] }),
    'query.select[0]: the quoted key at position 7 must be well-formed',
  ],
  ['listStreams', { instanceId: 'log', nameContains: 's\ud800' }, 'nameContains: must be'],
  ['describeFields', { instanceId: 'log\ud800' }, 'instanceId: must be well-formed'],
  ['cancel', { requestId: 'r\ud800' }, 'requestId: must be well-formed'],
];

describe('bad input', () => {
  it.each(cases.map((c, i) => [i, ...c] as const))(
    '#%i %s: VALIDATION_ERROR naming the input, nothing changed',
    async (_i, operation, params, mentions) => {
      const before = dbFingerprint(ctx.engine.db);
      const envelope = await ctx.service.call(operation, params);
      const error = failed(envelope, 'VALIDATION_ERROR');
      expect(error).toContain(mentions);
      expect(envelope.type).toBe(`eventLog.${operation}`);
      expect(dbFingerprint(ctx.engine.db)).toBe(before);
    },
  );

  it('a refused lone surrogate is refused again on retry, and the text then stores as sent', async () => {
    const before = dbFingerprint(ctx.engine.db);
    const call = { instanceId: 'log', streamId: 's\ud800', id: 'my-1' };
    for (let attempt = 0; attempt < 2; attempt++) {
      failed(await ctx.service.call('appendEvent', call), 'VALIDATION_ERROR');
      failed(
        await ctx.service.call('appendEvents', { instanceId: 'log', events: [call] }),
        'VALIDATION_ERROR',
      );
    }
    expect(dbFingerprint(ctx.engine.db)).toBe(before);
    // Well-formed text, astral characters (surrogate pairs) included, is stored as sent.
    const fine = {
      instanceId: 'log',
      streamId: 's\ud83d\ude00',
      id: 'my-1',
      payload: { '\u{1F600}': 'ok' },
    };
    const stored = ok(await ctx.service.call('appendEvent', fine)) as {
      event: { stream_id: string };
    };
    expect(stored.event.stream_id).toBe('s😀');
    expect(ok(await ctx.service.call('appendEvent', fine))).toEqual(stored);
  });

  it('a huge string is refused without echoing it back', async () => {
    const before = dbFingerprint(ctx.engine.db);
    const huge = long(5_000_000);
    for (const params of [
      { instanceId: huge },
      { instanceId: 'log', streamId: huge },
      { instanceId: 'log', id: huge },
    ]) {
      const error = failed(await ctx.service.call('appendEvent', params), 'VALIDATION_ERROR');
      expect(error.length).toBeLessThan(2_000);
    }
    expect(dbFingerprint(ctx.engine.db)).toBe(before);
  });

  it('an unknown operation names it; operation names take an optional "eventLog." prefix', async () => {
    const before = dbFingerprint(ctx.engine.db);
    const unknown = await ctx.service.call('dropEverything', {});
    expect(failed(unknown, 'VALIDATION_ERROR')).toContain('"dropEverything"');
    failed(await ctx.service.call(42, {}), 'VALIDATION_ERROR');
    failed(await ctx.service.call('__proto__', {}), 'VALIDATION_ERROR');
    failed(await ctx.service.call('toString', {}), 'VALIDATION_ERROR');
    expect(dbFingerprint(ctx.engine.db)).toBe(before);
    const prefixed = await ctx.service.call('eventLog.listInstances', {});
    expect(prefixed).toMatchObject({ type: 'eventLog.listInstances', success: true });
    // Missing params mean {} (listInstances takes none).
    expect(await ctx.service.call('listInstances', undefined)).toMatchObject({ success: true });
  });

  it('keeps the requestId given, and makes one up otherwise', async () => {
    const given = await ctx.service.call('getInstance', { instanceId: 1 }, 'req-7');
    expect(given.requestId).toBe('req-7');
    const made = await ctx.service.call('getInstance', { instanceId: 1 });
    expect(made.requestId.length).toBeGreaterThan(8);
  });

  it('nothing was polluted', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});
