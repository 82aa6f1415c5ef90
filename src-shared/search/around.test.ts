import { describe, expect, it } from 'vitest';
import { querySchema, type Query } from '../contract/query';
import {
  aroundQuery,
  maxAroundEvents,
  showInStreamQuery,
  streamNeighboursQuery,
  timeWindowQuery,
  type EventAnchor,
} from './around';

const anchor: EventAnchor = {
  instance: 'web',
  id: 'given-7',
  stream_id: 'web-07',
  sequence_number: 4190,
  timestamp: '2026-01-12T10:00:05.000Z',
};

/** Every query built here is one the contract accepts as it is. */
function valid(q: Query): Query {
  const parsed = querySchema.safeParse(q);
  if (!parsed.success) throw new Error(parsed.error.message);
  return q;
}

describe('around an event', () => {
  it('±N of its stream by sequence number, in sequence order', () => {
    expect(valid(streamNeighboursQuery(anchor, { events: 10 }))).toEqual({
      from: { instance: 'web', stream: 'web-07' },
      where: [{ field: 'sequence_number', operator: 'between', value: [4180, 4200] }],
      orderBy: { field: 'sequence_number', direction: 'asc' },
      limit: 21,
    });
    // Sequence numbers start at 1.
    const early = streamNeighboursQuery({ ...anchor, sequence_number: 3 }, { events: 10 });
    expect(early.where).toEqual([
      { field: 'sequence_number', operator: 'between', value: [1, 13] },
    ]);
    expect(valid(streamNeighboursQuery(anchor, { events: 0 })).limit).toBe(1);
    expect(valid(streamNeighboursQuery(anchor, { events: maxAroundEvents })).limit).toBe(9_999);
  });

  it('±T seconds across the instance, in time order, from an ISO or a numeric timestamp', () => {
    const q = valid(timeWindowQuery(anchor, { seconds: 2.5, limit: 50 }));
    expect(q).toEqual({
      from: { instance: 'web' },
      where: [
        {
          field: 'timestamp',
          operator: 'between',
          value: ['2026-01-12T10:00:02.500Z', '2026-01-12T10:00:07.500Z'],
        },
      ],
      orderBy: { field: 'timestamp' },
      limit: 50,
    });
    const numeric = { ...anchor, timestamp: Date.parse(anchor.timestamp as string) };
    expect(timeWindowQuery(numeric, { seconds: 2.5, limit: 50 })).toEqual(q);
  });

  it('merges both in time order: the stream neighbours or the same moment', () => {
    expect(valid(aroundQuery(anchor))).toEqual({
      from: { instance: 'web' },
      where: [
        {
          or: [
            {
              and: [
                { field: 'stream_id', operator: 'eq', value: 'web-07' },
                { field: 'sequence_number', operator: 'between', value: [4180, 4200] },
              ],
            },
            {
              field: 'timestamp',
              operator: 'between',
              value: ['2026-01-12T10:00:00.000Z', '2026-01-12T10:00:10.000Z'],
            },
          ],
        },
      ],
      orderBy: { field: 'timestamp' },
      limit: 200,
    });
  });

  it('"Show in stream" opens the stream view at the event, either order', () => {
    expect(valid(showInStreamQuery(anchor))).toEqual({
      from: { instance: 'web', stream: 'web-07' },
      orderBy: { field: 'sequence_number', direction: 'asc' },
      limit: 100,
      startAt: 'given-7',
    });
    expect(showInStreamQuery(anchor, { newestFirst: true, limit: 30 })).toMatchObject({
      orderBy: { field: 'sequence_number', direction: 'desc' },
      limit: 30,
    });
  });

  it('refuses bad numbers with a message that names them', () => {
    expect(() => streamNeighboursQuery(anchor, { events: -1 })).toThrow(
      'events must be a whole number from 0 to 4999, not -1',
    );
    expect(() => aroundQuery(anchor, { events: 1.5 })).toThrow('events must be');
    expect(() => aroundQuery(anchor, { events: maxAroundEvents + 1 })).toThrow('events must be');
    expect(() => timeWindowQuery(anchor, { seconds: Number.NaN })).toThrow(
      'seconds must be from 0 to 86400, not NaN',
    );
    expect(() => timeWindowQuery(anchor, { seconds: 86_401 })).toThrow('seconds must be');
    expect(() => timeWindowQuery(anchor, { limit: 0 })).toThrow(
      'limit must be a whole number from 1 to 10000, not 0',
    );
    expect(() => showInStreamQuery(anchor, { limit: 10_001 })).toThrow('limit must be');
    expect(() => timeWindowQuery({ ...anchor, timestamp: 'yesterday' })).toThrow(
      "the event's timestamp is not a usable instant: yesterday",
    );
    expect(() => timeWindowQuery({ ...anchor, timestamp: 8.64e15 })).toThrow('not a usable');
    expect(() => streamNeighboursQuery({ ...anchor, sequence_number: 0 })).toThrow(
      "the event's sequence_number must be a whole number from 1, not 0",
    );
  });
});
