import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRecord } from '../../../src-shared/contract/records';
import {
  aroundQuery,
  showInStreamQuery,
  streamNeighboursQuery,
  timeWindowQuery,
  type EventAnchor,
} from '../../../src-shared/search/around';
import { Engine } from '../engine';

/**
 * The shared "around this event" queries (src-shared/search/around.ts) on a real engine: each
 * holds the events its docs promise, the event itself among them, and opens at it by startAt.
 */
let engine: Engine;
let all: EventRecord[];
const t0 = Date.UTC(2026, 0, 12, 10);

beforeAll(() => {
  engine = Engine.open(':memory:', { autoIndex: false });
  engine.createInstance('web');
  // 300 events over 4 streams, 3 events a second, so a stream's ±N reach further back in
  // time than a few seconds across the instance.
  all = engine.append(
    'web',
    Array.from({ length: 300 }, (_, i) => ({
      stream_id: `s${(i * 7) % 4}`,
      timestamp: t0 + Math.floor(i / 3) * 1_000,
      payload: { n: i },
    })),
    false,
  ).events;
});
afterAll(() => engine.close());

const ns = (events: unknown[] | undefined) =>
  (events as EventRecord[]).map((e) => e.payload.n as number);
const anchorOf = (e: EventRecord): EventAnchor => ({ instance: 'web', ...e });
const ms = (e: EventRecord) => Date.parse(e.timestamp);

describe('around an event, on the engine', () => {
  const at = () => all[150]!;

  it('±N of its stream and ±T across, merged in time order', () => {
    const e = at();
    const inStream = all.filter((x) => x.stream_id === e.stream_id);
    const near = (x: EventRecord) =>
      x.stream_id === e.stream_id && Math.abs(x.sequence_number - e.sequence_number) <= 5;
    const moment = (x: EventRecord) => Math.abs(ms(x) - ms(e)) <= 2_000;

    const neighbours = engine.query(streamNeighboursQuery(anchorOf(e), { events: 5 }));
    expect(ns(neighbours.events)).toEqual(ns(inStream.filter(near)));
    expect(neighbours.events).toHaveLength(11);

    const window = engine.query(timeWindowQuery(anchorOf(e), { seconds: 2 }));
    expect(ns(window.events)).toEqual(ns(all.filter(moment)));

    const around = engine.query(aroundQuery(anchorOf(e), { events: 5, seconds: 2 }));
    const want = all.filter((x) => near(x) || moment(x)).sort((a, b) => ms(a) - ms(b));
    expect(ns(around.events)).toEqual(ns(want));
    expect(ns(around.events)).toContain(150);
  });

  it('each opens at the event by startAt; "Show in stream" pages back to its stream start', () => {
    const e = at();
    for (const q of [
      streamNeighboursQuery(anchorOf(e), { events: 5 }),
      timeWindowQuery(anchorOf(e), { seconds: 2 }),
      aroundQuery(anchorOf(e), { events: 5, seconds: 2, limit: 3 }),
    ]) {
      expect(ns(engine.query({ ...q, startAt: e.id }).events)[0]).toBe(150);
    }
    for (const newestFirst of [false, true]) {
      const q = showInStreamQuery(anchorOf(e), { newestFirst, limit: 10 });
      const page = engine.query(q);
      expect(ns(page.events)[0]).toBe(150);
      const stream = ns(all.filter((x) => x.stream_id === e.stream_id));
      if (newestFirst) stream.reverse();
      const { startAt: _s, ...view } = q;
      const back = engine.query({ ...view, cursor: page.prevCursor! });
      const i = stream.indexOf(150);
      expect(ns(back.events)).toEqual(stream.slice(i - 10, i));
    }
  });
});
