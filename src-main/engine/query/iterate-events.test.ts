import { afterEach, describe, expect, it } from 'vitest';
import type { EventRecord } from '../../../src-shared/contract/records';
import { Engine } from '../engine';

let engine: Engine | undefined;
afterEach(() => engine?.close());

describe('Engine.iterateEvents', () => {
  it('streams the whole result by keyset pages, in the query order, including later appends', () => {
    engine = Engine.open(':memory:');
    engine.createInstance('log');
    const make = (n: number, from: number) =>
      Array.from({ length: n }, (_, i) => ({
        stream_id: `s${(from + i) % 3}`,
        event_type: (from + i) % 2 ? 'odd' : 'even',
        timestamp: 1_000_000 + ((from + i) % 7) * 1000,
        payload: { i: from + i },
      }));
    engine.append('log', make(50, 0), false);
    const query = {
      from: { instance: 'log' },
      where: [{ field: 'event_type', operator: 'eq' as const, value: 'odd' }],
      orderBy: { field: 'payload.i', direction: 'desc' as const },
      limit: 3, // ignored
      offset: 5, // ignored
    };
    const seen: number[] = [];
    let pages = 0;
    for (const page of engine.iterateEvents(query, 4)) {
      pages += 1;
      seen.push(...page.map((e) => (e as EventRecord).payload.i as number));
      // Appended while iterating: sorts before the current position (desc), so not included.
      if (pages === 1) engine.append('log', make(10, 50), false);
    }
    const odd = Array.from({ length: 50 }, (_, i) => i).filter((i) => i % 2 === 1);
    expect(seen).toEqual([...odd].reverse());
    expect(pages).toBe(Math.ceil(odd.length / 4));

    // In append order, events appended during the walk come at the end and are included.
    const all: number[] = [];
    let first = true;
    for (const page of engine.iterateEvents({ from: { instance: 'log' } }, 7)) {
      all.push(...page.map((e) => (e as EventRecord).payload.i as number));
      if (first) engine.append('log', make(5, 60), false);
      first = false;
    }
    expect(all).toEqual(Array.from({ length: 65 }, (_, i) => i));
  });
});
