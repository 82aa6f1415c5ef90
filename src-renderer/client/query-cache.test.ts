import { QueryObserver, type QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../src-shared/contract/change-events';
import { operationEffects } from '../../src-shared/contract/operation-effects';
import { operationNames } from '../../src-shared/contract/operations';
import type { Instance } from '../../src-shared/contract/records';
import { clientOver } from './client-base';
import type { ConnectionState } from './event-log-client';
import {
  connectCacheToChanges,
  createQueryClient,
  invalidateFor,
  operationKey,
  refreshGapMs,
} from './query-cache';

const shop: Instance = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'shop',
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
};
const audit: Instance = { ...shop, id: '22222222-2222-4222-8222-222222222222', name: 'audit' };
/** One event appended to the shop's stream `s`. */
const oneAppended: ChangeEvent = {
  kind: 'eventsAppended',
  instanceId: shop.id,
  count: 1,
  streams: [{ streamId: 's', count: 1, lastSequence: 1 }],
};

let qc: QueryClient;
afterEach(() => qc?.clear());

/** A cache holding the queries a UI would have open, all fresh. */
function seeded(): QueryClient {
  qc = createQueryClient();
  qc.setQueryData(operationKey('listInstances', {}), { instances: [shop, audit] });
  qc.setQueryData(operationKey('getInstanceStats', { instanceId: shop.id }), {});
  qc.setQueryData(operationKey('getInstanceStats', { instanceId: 'audit' }), {});
  qc.setQueryData(operationKey('queryEvents', { query: { from: { instance: 'shop' } } }), {});
  qc.setQueryData(operationKey('queryEvents', { query: { from: { instance: audit.id } } }), {});
  qc.setQueryData(operationKey('getInstance', { instanceId: 'not-yet' }), {});
  return qc;
}

function invalidated(client: QueryClient): string[] {
  return client
    .getQueryCache()
    .getAll()
    .filter((q) => q.state.isInvalidated)
    .map((q) => JSON.stringify(q.queryKey))
    .sort();
}

const key = (...k: unknown[]) => JSON.stringify(k);

describe('query cache invalidation by change events', () => {
  it('an append refreshes the stats and queries of that instance, by id or by name', async () => {
    const client = seeded();
    await invalidateFor(client, oneAppended);
    expect(invalidated(client)).toEqual(
      [
        key('getInstanceStats', { instanceId: shop.id }),
        key('queryEvents', { query: { from: { instance: 'shop' } } }),
      ].sort(),
    );
  });

  it('an append leaves reads of an instance not created yet alone once the list is known', async () => {
    const notYet = operationKey('queryEvents', { query: { from: { instance: '_eventlens' } } });
    const client = seeded();
    client.setQueryData(notYet, {});
    await invalidateFor(client, oneAppended);
    expect(invalidated(client)).not.toContain(JSON.stringify(notYet));
    // Without the list the cache cannot tell: one fetch too many rather than a stale view.
    qc = createQueryClient();
    qc.setQueryData(notYet, {});
    await invalidateFor(qc, oneAppended);
    expect(invalidated(qc)).toEqual([JSON.stringify(notYet)]);
  });

  it('a new instance refreshes the list and anything that named it before it existed', async () => {
    const client = seeded();
    await invalidateFor(client, {
      kind: 'instanceCreated',
      instance: { ...shop, id: '33333333-3333-4333-8333-333333333333', name: 'not-yet' },
    });
    expect(invalidated(client)).toEqual(
      [key('listInstances', {}), key('getInstance', { instanceId: 'not-yet' })].sort(),
    );
  });

  it('a rename refreshes queries under the old name and the new one', async () => {
    const client = seeded();
    await invalidateFor(client, {
      kind: 'instanceUpdated',
      instance: { ...audit, name: 'audit-2' },
    });
    expect(invalidated(client)).toEqual(
      [
        key('listInstances', {}),
        key('getInstanceStats', { instanceId: 'audit' }),
        key('queryEvents', { query: { from: { instance: audit.id } } }),
        // Names no instance the cache knows: refreshed to be safe.
        key('getInstance', { instanceId: 'not-yet' }),
      ].sort(),
    );
  });

  it('a deletion refreshes the list and that instance only', async () => {
    const client = seeded();
    await invalidateFor(client, {
      kind: 'instanceDeleted',
      instanceId: audit.id,
      deletedEvents: 3,
    });
    expect(invalidated(client)).toContain(key('listInstances', {}));
    expect(invalidated(client)).toContain(key('getInstanceStats', { instanceId: 'audit' }));
    expect(invalidated(client)).not.toContain(key('getInstanceStats', { instanceId: shop.id }));
  });

  it('refreshes everything when the change stream comes back after a drop', async () => {
    const client = seeded();
    let setState: (s: ConnectionState) => void = () => {};
    const eventClient = clientOver({
      kind: 'http',
      initialState: 'connecting',
      call: () => Promise.reject(new Error('not called')),
      listen: (_onChange, onState) => {
        setState = onState;
        return () => {};
      },
    });
    const stop = connectCacheToChanges(client, eventClient);
    setState('live'); // the first contact: nothing was missed
    await Promise.resolve();
    expect(invalidated(client)).toEqual([]);
    setState('reconnecting');
    setState('live');
    await Promise.resolve();
    expect(invalidated(client)).toHaveLength(6);
    stop();
  });
});

describe('invalidation comes from the operation table', () => {
  const rename: ChangeEvent = { kind: 'instanceUpdated', instance: { ...shop, name: 'shop-2' } };

  it('every operation that reads events is refreshed by an append, and only those', async () => {
    qc = createQueryClient();
    qc.setQueryData(operationKey('listInstances', {}), { instances: [shop] });
    for (const op of operationNames) qc.setQueryData([op, { instanceId: shop.id }], {});
    await invalidateFor(qc, oneAppended);
    const readsEvents = operationNames.filter((op) =>
      operationEffects[op].reads.includes('events'),
    );
    expect(readsEvents).toContain('queryEvents');
    expect(invalidated(qc)).toEqual(
      readsEvents.map((op) => JSON.stringify([op, { instanceId: shop.id }])).sort(),
    );
  });

  it('a new entry in the table drives invalidation without a line in the cache', async () => {
    qc = createQueryClient();
    qc.setQueryData(operationKey('listInstances', {}), { instances: [shop] });
    const futureKey = ['searchEvents', { instanceId: shop.id }];
    const futureListKey = ['listSavedSearches', {}];
    qc.setQueryData(futureKey, {});
    qc.setQueryData(futureListKey, {});
    const effects = {
      ...operationEffects,
      searchEvents: { reads: ['instance', 'events'] as const },
      listSavedSearches: { reads: ['instanceList'] as const },
    };
    await invalidateFor(qc, oneAppended, undefined, effects);
    expect(invalidated(qc)).toEqual([JSON.stringify(futureKey)]);
    qc.getQueryCache().clear();
    qc.setQueryData(futureKey, {});
    qc.setQueryData(futureListKey, {});
    await invalidateFor(qc, rename, undefined, effects);
    expect(invalidated(qc)).toEqual(
      [JSON.stringify(futureKey), JSON.stringify(futureListKey)].sort(),
    );
    // Without the entries the same cache is left alone: the table alone decides.
    qc.getQueryCache().clear();
    qc.setQueryData(futureKey, {});
    await invalidateFor(qc, oneAppended);
    expect(invalidated(qc)).toEqual([]);
  });
});

/** A live client whose change events the test sends by hand (`emit`). */
function changesByHand() {
  let send: (c: ChangeEvent) => void = () => {};
  const eventClient = clientOver({
    kind: 'http',
    initialState: 'live',
    call: () => Promise.reject(new Error('not called')),
    listen: (onChange) => {
      send = onChange;
      return () => {};
    },
  });
  return { eventClient, emit: (c: ChangeEvent) => send(c) };
}

describe('throttled invalidation', () => {
  it('applies the first change at once and gathers a burst into one refresh', async () => {
    const client = seeded();
    const { eventClient, emit } = changesByHand();
    let invalidations = 0;
    const original = client.invalidateQueries.bind(client);
    client.invalidateQueries = (...args: Parameters<typeof original>) => {
      invalidations++;
      return original(...args);
    };
    const stop = connectCacheToChanges(client, eventClient, 20);
    emit(oneAppended);
    expect(invalidations).toBe(1);
    for (let i = 0; i < 50; i++) emit(oneAppended);
    expect(invalidations).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(invalidations).toBe(2);
    stop();
  });
});

describe('costly views refresh less often', () => {
  it('an aggregation that took a second waits ten times that after its answer; a cheap one does not', async () => {
    qc = createQueryClient();
    const heavyKey = operationKey('queryEvents', {
      query: { from: { instance: shop.id }, reduce: { type: 'count' } },
    });
    const cheapKey = operationKey('queryEvents', { query: { from: { instance: shop.id } } });
    qc.setQueryData(heavyKey, { result: { tookMs: 1_000 } });
    qc.setQueryData(cheapKey, { result: { tookMs: 3 } });
    const deferred: { key: string; wait: number }[] = [];
    const now = Date.now();
    await invalidateFor(qc, oneAppended, (query, due) =>
      deferred.push({ key: JSON.stringify(query.queryKey), wait: due - now }),
    );
    expect(invalidated(qc)).toEqual([JSON.stringify(cheapKey)]);
    expect(deferred.map((d) => d.key)).toEqual([JSON.stringify(heavyKey)]);
    expect(deferred[0]!.wait).toBeGreaterThan(9_000);
    expect(deferred[0]!.wait).toBeLessThanOrEqual(10_000);
    expect(refreshGapMs(10_000)).toBe(30_000); // capped
    expect(refreshGapMs(undefined)).toBe(0);
  });
});

describe('a fetch under way is not cancelled by appends', () => {
  it('a query slower than the throttle answers during a stream of appends, then refreshes', async () => {
    qc = createQueryClient();
    const { eventClient, emit } = changesByHand();
    const key = operationKey('queryEvents', { query: { from: { instance: shop.id } } });
    let started = 0;
    let answered = 0;
    // An active query (an observer) whose answer takes 60 ms and stops when aborted.
    const observer = new QueryObserver(qc, {
      queryKey: key,
      queryFn: ({ signal }) =>
        new Promise((resolve, reject) => {
          started++;
          const t = setTimeout(() => resolve({ answer: ++answered }), 60);
          signal.addEventListener('abort', () => {
            clearTimeout(t);
            reject(new Error('aborted'));
          });
        }),
    });
    const unsubscribe = observer.subscribe(() => {});
    const stop = connectCacheToChanges(qc, eventClient, 10);
    // Appends every 10 ms for 300 ms: five times the query's time.
    for (let i = 0; i < 30; i++) {
      emit(oneAppended);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(answered).toBeGreaterThan(0);
    const duringAppends = answered;
    // After the last append the query is refreshed once more: what it shows includes it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(answered).toBeGreaterThan(duringAppends);
    expect(observer.getCurrentResult().data).toEqual({ answer: answered });
    expect(started).toBe(answered);
    stop();
    unsubscribe();
  });
});
