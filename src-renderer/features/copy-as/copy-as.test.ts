import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Query } from '../../../src-shared/contract/query';
import { query as queryArb } from '../../test-support/dsl-arbitraries';
import { asCliCommand, asDslJson, asSdkCall, jsLiteral, shellQuote } from './copy-as';

/** Evaluates a JS expression; the literal printer is checked by what JavaScript reads back. */
function evaluate(expr: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the point is to run the printed code
  const run = new Function(`return (${expr});`) as () => unknown;
  return run();
}

describe('copy as', () => {
  it('the SDK call holds exactly the query (random queries, evaluated as JavaScript)', () => {
    fc.assert(
      fc.property(queryArb('it\'s "shop"'), (q) => {
        const call = asSdkCall(q);
        expect(call.startsWith('await eventLog.queryEvents(')).toBe(true);
        const inner = call.slice('await eventLog.queryEvents('.length, -');'.length);
        expect(evaluate(inner)).toStrictEqual(q);
      }),
      { numRuns: 300 },
    );
  });

  it('prints short objects on one line and quotes only keys that need it', () => {
    const q: Query = {
      from: { instance: 'shop' },
      where: [{ field: 'payload["id.orig_h"]', operator: 'startsWith', value: '10.0.' }],
      limit: 10,
    };
    expect(asSdkCall(q)).toBe(`await eventLog.queryEvents({
  from: { instance: 'shop' },
  where: [
    { field: 'payload["id.orig_h"]', operator: 'startsWith', value: '10.0.' },
  ],
  limit: 10,
});`);
    expect(jsLiteral({ 'a-b': 1, ok: [] })).toBe(`{ 'a-b': 1, ok: [] }`);
    expect(asDslJson(q)).toBe(JSON.stringify(q, null, 2));
  });

  it('quotes shell words so any text survives, and leaves plain words bare', () => {
    expect(shellQuote('events.db')).toBe('events.db');
    expect(shellQuote('/tmp/my events.db')).toBe(`'/tmp/my events.db'`);
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
    expect(shellQuote('$HOME `x` \\ !')).toBe(`'$HOME \`x\` \\ !'`);
    expect(shellQuote('')).toBe(`''`);
    expect(asCliCommand({ from: { instance: "o'brien" } }, { db: '/tmp/a b.db' })).toBe(
      `eventlens queryEvents '{"query":{"from":{"instance":"o'\\''brien"}}}' --db '/tmp/a b.db'`,
    );
  });
});
