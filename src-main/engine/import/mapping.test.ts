import { describe, expect, it } from 'vitest';
import { parseFieldSource } from '../../../src-shared/contract/import-spec';
import { compilePath } from './field-path';
import { compileMapping, compileSource } from './mapping';

const ctx = { file: 'f.log', line: 7, text: 'the line' };

describe('field paths', () => {
  it('finds dotted keys as written, nested objects, and array items', () => {
    const zeek = { 'id.orig_h': '10.0.0.1', id: { orig_h: 'nested' }, a: { 'b.c': { d: 1 } } };
    expect(compilePath('id.orig_h')(zeek)).toBe('10.0.0.1');
    expect(compilePath('a.b.c.d')(zeek)).toBe(1);
    expect(compilePath('repo.name')({ repo: { name: 'x/y' } })).toBe('x/y');
    expect(compilePath('tags.1')({ tags: ['a', 'b'] })).toBe('b');
    expect(compilePath('tags.x')({ tags: ['a'] })).toBeUndefined();
    expect(compilePath('toString')({})).toBeUndefined();
  });
});

describe('field sources', () => {
  const record = { Channel: 'Sysmon', EventID: 10, Content: 'to blk_-123 done', empty: '' };
  const text = (s: string) => compileSource(parseFieldSource(s)).text(record);

  it('reads fields, templates, alternatives, constants and parts of fields', () => {
    expect(text('Channel')).toBe('Sysmon');
    expect(text('EventID')).toBe('10');
    expect(text('{Channel}:{EventID}')).toBe('Sysmon:10');
    expect(text('{missing|empty|Channel}')).toBe('Sysmon');
    expect(text('{missing}:{EventID}')).toBe(':10');
    expect(text('{missing}-{other}')).toBeUndefined();
    expect(text('=fixed')).toBe('fixed');
    expect(text('Content~blk_-?\\d+')).toBe('blk_-123');
    expect(text('Content~to (\\w+)')).toBe('blk_');
    expect(text('Content~nothing')).toBeUndefined();
  });
});

describe('mappings', () => {
  it('maps stream, type, time, payload (the rest) and metadata with the source line', () => {
    const m = compileMapping({
      stream: { field: 'user' },
      type: { field: 'action' },
      time: { source: { field: 'ts' }, format: 'epoch-s' },
      metadata: { fields: ['req'], raw: true },
    });
    expect(
      m.map({ user: 'u1', action: 'login', ts: 1600000000, req: 'r9', ip: '1.2.3.4' }, ctx),
    ).toEqual({
      event: {
        stream_id: 'u1',
        event_type: 'login',
        timestamp: 1600000000000,
        payload: { ip: '1.2.3.4' },
        metadata: { req: 'r9', source: { file: 'f.log', line: 7 }, raw: 'the line' },
      },
    });
  });

  it('keeps fields used through templates or parts in the payload; excludes on request', () => {
    const m = compileMapping({
      type: { template: '{a}:{b}' },
      stream: { field: 'msg', match: 'id=(\\d+)' },
      payload: { from: 'rest', exclude: ['drop'] },
      metadata: { source: false },
    });
    const out = m.map({ a: 1, b: 2, msg: 'id=5', drop: true }, ctx);
    expect(out.event?.payload).toEqual({ a: 1, b: 2, msg: 'id=5' });
    expect(out.event?.stream_id).toBe('5');
    expect(out.event?.metadata).toEqual({});
  });

  it('takes a subtree as payload or metadata', () => {
    const m = compileMapping({
      payload: { from: 'field', field: 'payload' },
      metadata: { from: 'metadata', source: false },
    });
    expect(m.map({ payload: { x: 1 }, metadata: { y: 2 } }, ctx).event).toMatchObject({
      payload: { x: 1 },
      metadata: { y: 2 },
    });
    expect(m.map({ payload: 'text' }, ctx).event?.payload).toEqual({ value: 'text' });
    expect(m.map({}, ctx).event?.payload).toEqual({});
  });

  it('uses the fallbacks for missing streams and types, and counts them', () => {
    const m = compileMapping({
      stream: { field: 's' },
      type: { field: 't' },
      typeFallback: 'misc',
    });
    expect(m.map({ s: '' }, ctx).event).toMatchObject({ stream_id: 'default', event_type: 'misc' });
    expect(m.stats).toMatchObject({ streamFallbacks: 1, typeFallbacks: 1 });
  });

  it('turns records it cannot map into reasons', () => {
    const m = compileMapping({
      stream: { field: 's' },
      id: { field: 'id' },
      time: { source: { field: 't' }, format: 'iso' },
    });
    expect(m.map({ s: 'a' }, ctx).error).toBe('no timestamp: the field "t" is missing');
    expect(m.map({ s: 'a', t: 'yesterday' }, ctx).error).toBe(
      'timestamp "yesterday" does not match the format iso',
    );
    expect(m.map({ s: 'a\u0001', t: '2020-01-01' }, ctx).error).toMatch(/control characters/u);
    expect(m.map({ s: 'x'.repeat(600), t: '2020-01-01' }, ctx).error).toMatch(/longer than 512/u);
    expect(m.map({ s: 'a', t: '2020-01-01', id: 'y'.repeat(201) }, ctx).error).toMatch(
      /id is longer/u,
    );
    const proto = JSON.parse('{"s":"a","t":"2020-01-01","__proto__":{"x":1}}') as Record<
      string,
      unknown
    >;
    expect(m.map(proto, ctx).error).toMatch(/__proto__/u);
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 70; i++) deep = deep.d = {};
    expect(m.map({ s: 'a', t: '2020-01-01', root }, ctx).error).toMatch(/nested deeper than 64/u);
    expect(m.map({ s: 'a', t: '2020-01-01', id: 'e1' }, ctx).event?.id).toBe('e1');
  });
});
