import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventInput } from '../../../src-shared/contract/operations';
import type { Query, WhereNode } from '../../../src-shared/contract/query';
import type { EventRecord } from '../../../src-shared/contract/records';
import { Engine } from '../engine';
import { maxIndexedChars } from '../search/text-index';
import type { EventLogService } from '../service';
import { memoryService } from '../../test-support/temp-db';
import { queryContext } from './context';
import { compileWhere } from './where-compiler';

/**
 * Text search as docs/query-dsl.md states it, pinned by hand (the differential test covers the
 * combinations): case folding, phrases, exclusions, literal `%` `_` `\` and quotes, regular
 * expressions, every string of the event, and the refusals.
 */
let engine: Engine;
let service: EventLogService;

const events: EventInput[] = [
  {
    stream_id: 'web-01',
    event_type: 'http.request',
    payload: { ua: 'Mozilla/5.0 (compatible; Googlebot/2.1)', path: '/a' },
  },
  {
    stream_id: 'web-01',
    event_type: 'app.log',
    payload: { message: 'So ein Ärger: timeout after 30 ms' },
  },
  {
    stream_id: 'web-02',
    event_type: 'app.log',
    payload: { message: 'İstanbul office', tags: ['Hauptstraße'] },
  },
  { stream_id: 'Googlebot-pool', event_type: 'probe', payload: { n: 1 } },
  {
    stream_id: 'web-02',
    event_type: 'app.log',
    payload: { message: '50%_ off \\ "quoted" it\'s' },
    metadata: { note: 'deep', x: { y: ['TIMED OUT'] } },
  },
  { stream_id: 'web-03', event_type: 'app.log', payload: { message: 'ok' }, id: 'Caller-Ref-42' },
];

beforeAll(() => {
  ({ engine, service } = memoryService('s'));
  // metadata.i numbers the events (numbers are not searched as text).
  engine.append(
    's',
    events.map((e, i) => ({ ...e, metadata: { ...e.metadata, i } })),
    false,
  );
});
afterAll(() => engine.close());

async function ids(...where: WhereNode[]): Promise<number[]> {
  const res = await service.api.queryEvents({
    query: { from: { instance: 's' }, where, limit: 100 },
  });
  if (!res.success) throw new Error(`${res.code}: ${res.error}`);
  return (res.data.result.events as EventRecord[]).map((e) => e.metadata.i as number);
}

async function failure(where: unknown): Promise<string> {
  const res = await service.api.queryEvents({
    query: { from: { instance: 's' }, where } as unknown as Query,
  });
  if (res.success) throw new Error('expected a failure');
  expect(res.code).toBe('VALIDATION_ERROR');
  return res.error;
}

const any = (operator: string, value: string) => ({ field: '*', operator, value }) as WhereNode;

describe('text search over every string of the event', () => {
  it('is case-insensitive with icontains, and folds as documented', async () => {
    expect(await ids(any('icontains', 'googlebot'))).toEqual([0, 3]); // payload and stream id
    expect(await ids(any('icontains', 'ärger'))).toEqual([1]);
    expect(await ids(any('icontains', 'ÄRGER'))).toEqual([1]);
    expect(await ids(any('icontains', 'i\u0307stanbul'))).toEqual([2]); // İ folds to i + U+0307
    expect(await ids(any('icontains', 'istanbul'))).toEqual([]); // the dot stays between i and s
    expect(await ids(any('icontains', 'STRASSE'))).toEqual([2]); // ß folds to ss, in an array
    expect(await ids(any('icontains', 'timed out'))).toEqual([4]); // metadata at any depth
    expect(await ids(any('icontains', 'app.log'))).toEqual([1, 2, 4, 5]); // the event type
    expect(await ids(any('icontains', 'caller-ref'))).toEqual([5]); // a caller-supplied id
  });

  it('is case-sensitive with contains', async () => {
    expect(await ids(any('contains', 'Googlebot'))).toEqual([0, 3]);
    expect(await ids(any('contains', 'googlebot'))).toEqual([]);
  });

  it('takes phrases whole, and excludes with not', async () => {
    expect(await ids(any('icontains', 'timeout after 30'))).toEqual([1]);
    expect(await ids(any('icontains', 'timeout 30'))).toEqual([]);
    expect(await ids(any('icontains', 'app.log'), { not: any('icontains', 'ärger') })).toEqual([
      2, 4, 5,
    ]);
  });

  it('takes %, _, \\ and quotes literally', async () => {
    expect(await ids(any('icontains', '50%_'))).toEqual([4]);
    expect(await ids(any('icontains', '5_%'))).toEqual([]);
    expect(await ids(any('icontains', '\\ "quoted"'))).toEqual([4]);
    expect(await ids(any('icontains', "it's"))).toEqual([4]);
  });

  it('does not search keys, numbers or generated ids', async () => {
    expect(await ids(any('icontains', 'message'))).toEqual([]);
    expect(await ids(any('icontains', '5.0'))).toEqual([0]); // in the user agent, not a number
    const first = await service.api.queryEvents({ query: { from: { instance: 's' }, limit: 1 } });
    const id = first.success ? (first.data.result.events![0] as EventRecord).id : '';
    expect(await ids(any('icontains', id))).toEqual([]);
    expect(await ids({ field: 'id', operator: 'eq', value: id })).toEqual([0]);
  });

  it('matches regular expressions against each string (RE2)', async () => {
    expect(await ids(any('matches', 'Googlebot/\\d\\.\\d'))).toEqual([0]);
    expect(await ids(any('matches', '^web-0[23]$'))).toEqual([2, 4, 5]); // stream ids, anchored
    expect(await ids(any('imatches', '(timeout|timed out)'))).toEqual([1, 4]);
    expect(await ids(any('matches', '(timeout|timed out)'))).toEqual([1]);
    // A pattern that backtracks catastrophically elsewhere runs in linear time here.
    expect(await ids(any('matches', '^(a+)+$'))).toEqual([]);
  });
});

describe('the case-insensitive operators on one field', () => {
  it('compare folded strings and never match other types', async () => {
    expect(await ids({ field: 'payload.message', operator: 'ieq', value: 'OK' })).toEqual([5]);
    expect(
      await ids({ field: 'payload.message', operator: 'istartsWith', value: 'so EIN' }),
    ).toEqual([1]);
    expect(await ids({ field: 'payload.ua', operator: 'icontains', value: 'GOOGLEBOT' })).toEqual([
      0,
    ]);
    expect(await ids({ field: 'payload.tags', operator: 'icontains', value: 'straße' })).toEqual(
      [],
    );
    expect(
      await ids({ field: 'payload.tags[0]', operator: 'icontains', value: 'STRASSE' }),
    ).toEqual([2]);
    expect(await ids({ field: 'payload.n', operator: 'ieq', value: '1' })).toEqual([]);
    expect(await ids({ field: 'stream_id', operator: 'istartsWith', value: 'GOOGLE' })).toEqual([
      3,
    ]);
    expect(await ids({ field: 'event_type', operator: 'imatches', value: '^APP\\.' })).toEqual([
      1, 2, 4, 5,
    ]);
    expect(await ids({ field: 'id', operator: 'icontains', value: 'REF-42' })).toEqual([5]);
    expect(await ids({ field: 'payload.path', operator: 'matches', value: '^/a$' })).toEqual([0]);
  });
});

describe('refusals', () => {
  it('names the problem of a bad pattern, term or field', async () => {
    expect(await failure([{ field: '*', operator: 'matches', value: '(a)\\1' }])).toBe(
      'query.where[0].value: not a valid regular expression: backreferences are not supported at character 4',
    );
    expect(await failure([{ field: 'payload.m', operator: 'imatches', value: '(?=x)' }])).toContain(
      'lookaround',
    );
    expect(await failure([{ field: '*', operator: 'icontains', value: 'x'.repeat(1001) }])).toBe(
      'query.where[0].value: is 1,001 characters long (the limit is 1,000 for a search term)',
    );
    expect(await failure([{ field: '*', operator: 'eq', value: 'x' }])).toContain(
      '"*" (every string in the event) takes contains, icontains, matches, imatches',
    );
    expect(await failure([{ field: 'timestamp', operator: 'icontains', value: 'x' }])).toContain(
      'does not apply to timestamp',
    );
    expect(
      await failure([
        { field: 'payload.m', operator: 'matches', value: '((((a{100}){100}){100}){100})' },
      ]),
    ).toMatch(/^query\.where\[0\]\.value: the regular expression is refused/u);
  });
});

describe('the text index', () => {
  it('answers icontains over every field from the index alone', () => {
    const ctx = queryContext(engine.db, engine.instances.require('s'));
    const where = compileWhere([{ field: '*', operator: 'icontains', value: 'googlebot' }], ctx);
    expect(where.text).toMatch(/^e\.pos IN \(SELECT rowid FROM tx_\d+ WHERE tx_\d+ MATCH \?\)$/u);
    const plan = engine.db
      .prepare(`EXPLAIN QUERY PLAN SELECT e.pos FROM ${ctx.table} e WHERE ${where.text}`)
      .all(...where.params) as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/VIRTUAL TABLE INDEX/u);
  });

  it('finds events the index has not reached yet, and events too big for it', () => {
    const lazy = Engine.open(':memory:', { textIndexInline: 0 });
    try {
      lazy.createInstance('t');
      lazy.append('t', [{ payload: { m: 'alpha needle' } }], false); // in the tail
      lazy.catchUpTextIndex('t');
      lazy.append('t', [{ payload: { m: 'beta needle' } }], false); // the tail again
      lazy.append(
        't',
        [{ payload: { big: 'x'.repeat(maxIndexedChars), m: 'gamma NEEDLE' } }],
        false,
      );
      lazy.catchUpTextIndex('t', { maxEvents: 1 }); // indexes beta; gamma is too big to index
      lazy.append('t', [{ payload: { m: 'delta needle' } }], false);
      const found = (value: string, operator = 'icontains') =>
        lazy
          .query({ from: { instance: 't' }, where: [{ field: '*', operator, value } as WhereNode] })
          .events!.map((e) => ((e as EventRecord).payload as { m: string }).m);
      expect(found('needle')).toEqual([
        'alpha needle',
        'beta needle',
        'gamma NEEDLE',
        'delta needle',
      ]);
      expect(found('NEEDLE', 'contains')).toEqual(['gamma NEEDLE']);
      expect(found('^(beta|gamma) ', 'imatches')).toEqual(['beta needle', 'gamma NEEDLE']);
    } finally {
      lazy.close();
    }
  });
});
