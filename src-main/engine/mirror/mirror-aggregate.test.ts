import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../src-shared/contract/json-value';
import type { EventInput } from '../../../src-shared/contract/operations';
import type { Query } from '../../../src-shared/contract/query';
import type { QueryResult } from '../../../src-shared/contract/records';
import { Engine } from '../engine';
import { Mirror } from './mirror';

/**
 * Aggregations with more groups than one DuckDB chunk (2,048 rows): the mirror reads a page
 * of groups a column at a time across chunks (mirror-aggregate.ts `pageGroups`), and every
 * group's keys, count and value must be SQLite's — a time bucket beside a key of every kind
 * of value, a key no event has, the bucket first or second, and a page that starts and ends
 * inside chunks. The differential test's datasets are too small to leave one chunk.
 */
let engine: Engine;
let mirror: Mirror;
const hour = 3_600_000;
const start = Date.UTC(2026, 0, 1);
/** Every kind of value, and none. */
const tiers: (JsonValue | undefined)[] = [
  'gold',
  3,
  2.5,
  true,
  false,
  { a: 1 },
  [1],
  null,
  undefined,
];

beforeAll(async () => {
  engine = Engine.open(':memory:', { autoIndex: false });
  mirror = await Mirror.open({ db: engine.db, file: ':memory:', config: { threads: 1 } });
  engine.createInstance('hist');
  const events: EventInput[] = [];
  for (let i = 0; i < 6_000; i++) {
    const tier = tiers[i % tiers.length];
    events.push({
      stream_id: `s${i % 10}`,
      event_type: 'visit',
      // 3,000 hours, two events in each, of different tiers: 6,000 groups by hour and tier.
      timestamp: start + Math.floor(i / 2) * hour + (i % 2) * 1_000,
      payload: { user: tier === undefined ? {} : { tier }, n: i % 13 },
    });
  }
  for (let i = 0; i < events.length; i += 1_000) {
    engine.append('hist', events.slice(i, i + 1_000), false);
  }
  await mirror.catchUpAll();
});
afterAll(async () => {
  await mirror.close();
  engine.close();
});

const comparable = ({ tookMs: _t, ...rest }: QueryResult) => rest;
const from = { instance: 'hist' };

describe('mirror aggregations over many groups', () => {
  it.each<[string, Query]>([
    [
      'count by hour and tier',
      {
        from,
        reduce: {
          type: 'count',
          groupBy: [{ field: 'timestamp', interval: '1h' }, 'payload.user.tier'],
        },
        limit: 10_000,
      },
    ],
    [
      'sum by tier and hour, a page inside the chunks',
      {
        from,
        reduce: {
          type: 'sum',
          field: 'payload.n',
          groupBy: ['payload.user.tier', { field: 'timestamp', interval: '1h' }],
        },
        limit: 2_500,
        offset: 1_000,
      },
    ],
    [
      'avg by hour and a path no event has',
      {
        from,
        reduce: {
          type: 'avg',
          field: 'payload.n',
          groupBy: [{ field: 'timestamp', interval: '1h' }, 'payload.nope'],
        },
        limit: 10_000,
      },
    ],
    [
      'max by time, largest first',
      { from, reduce: { type: 'max', field: 'payload.n', groupBy: ['timestamp'] }, limit: 5_000 },
    ],
  ])('%s: SQLite’s answer', async (_name, query) => {
    const ours = await mirror.query(query);
    expect(ours, 'the mirror answers').not.toBeNull();
    const aggregation = ours!.aggregation;
    expect(aggregation && 'groups' in aggregation && aggregation.groups.length).toBeGreaterThan(
      2_048,
    );
    expect(comparable(ours!)).toEqual(comparable(engine.query(query)));
  });
});
