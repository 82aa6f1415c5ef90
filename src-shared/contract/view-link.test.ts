import { describe, expect, it } from 'vitest';
import { encodeViewLink, parseViewLink, type ViewLink } from './view-link';

describe('view links', () => {
  it('round-trips every part of a view', () => {
    const views: ViewLink[] = [
      { instance: 'a' },
      {
        instance: '14b39543-6215-4d1e-9a3b-0c7d1f2e3a4b',
        stream: 'C8x kt/ü&=#',
        query: {
          where: [
            { field: 'payload["id.orig_h"]', operator: 'eq', value: '10.0.0.1' },
            { or: [{ field: 'status', operator: 'gte', value: 500 }] },
          ],
          orderBy: { field: 'timestamp', direction: 'asc' },
          limit: 50,
        },
        range: { kind: 'relative', last: '24h', end: 'data' },
        event: 'e-1',
        tab: 'chart',
        chart: 'pie',
      },
      { instance: 'a', range: { kind: 'relative', last: '15m' } },
      {
        instance: 'a',
        range: { kind: 'absolute', from: 1_626_850_000_123, to: 1_626_860_000_999 },
      },
      { instance: 'a', query: { reduce: { type: 'count', groupBy: ['event_type'] } } },
    ];
    for (const view of views) {
      const fragment = encodeViewLink(view);
      expect(fragment).not.toMatch(/token/u);
      expect(parseViewLink(`#${fragment}`)).toEqual({ ok: true, view });
    }
  });

  it('reads no view from an empty fragment', () => {
    expect(parseViewLink('')).toEqual({ ok: true, view: null });
    expect(parseViewLink('#')).toEqual({ ok: true, view: null });
  });

  it('refuses a malformed link with a sentence naming the part, never a partial view', () => {
    const bad: [string, RegExp][] = [
      ['stream=x', /names no instance/u],
      ['instance=a&instance=b', /"instance" twice/u],
      ['instance=a&q=[1]', /not an object/u],
      ['instance=a&q={"from":{"instance":"b"}}', /not an object/u],
      ['instance=a&q={"where":[{"field":"x","operator":"like","value":1}]}', /where\[0\]/u],
      ['instance=a&q={"limit":10,"offset":5}', /pages/u],
      ['instance=a&range=0m', /not a range/u],
      ['instance=a&range=15m@later', /not a range/u],
      ['instance=a&range=2021-07-22..2021-07-21', /start is after the end/u],
      ['instance=a&tab=map', /tab "map"/u],
      ['instance=a&chart=radar', /chart "radar"/u],
      ['instance=a&event=', /empty event/u],
    ];
    for (const [fragment, why] of bad) {
      const parsed = parseViewLink(fragment);
      expect(parsed.ok, fragment).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(why);
    }
  });
});
