import { QueryClient, type Query } from '@tanstack/react-query';
import type { ChangeEvent } from '../../src-shared/contract/change-events';
import type { FailureEnvelope } from '../../src-shared/contract/envelope';
import type { ErrorCode } from '../../src-shared/contract/error-codes';
import type { Instance } from '../../src-shared/contract/records';
import {
  changeScopes,
  operationEffects,
  type OperationEffects,
} from '../../src-shared/contract/operation-effects';
import type { OperationName, ParamsOf } from '../../src-shared/contract/operations';
import type { EventLogClient } from './event-log-client';

/** Every cached query is keyed by the operation and its parameters, nothing else. */
export type OperationKey<Op extends OperationName = OperationName> = readonly [Op, ParamsOf<Op>];

export function operationKey<Op extends OperationName>(
  op: Op,
  params: ParamsOf<Op>,
): OperationKey<Op> {
  return [op, params] as const;
}

/** A failed envelope, thrown by query functions so TanStack Query sees an error state. */
export class OperationError extends Error {
  readonly code: ErrorCode;
  constructor(readonly envelope: FailureEnvelope<string>) {
    super(envelope.error);
    this.name = 'OperationError';
    this.code = envelope.code;
  }
}

/**
 * Data changes only through change events, which invalidate what they touch; so nothing goes
 * stale by age or window focus, and failures (deterministic envelopes) are not retried.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: Infinity, refetchOnWindowFocus: false, retry: false },
      mutations: { retry: false },
    },
  });
}

/** The instance a query's parameters name (by id or by name), if any. */
function instanceRefOf(key: readonly unknown[]): string | undefined {
  const params = key[1] as
    { instanceId?: unknown; query?: { from?: { instance?: unknown } } } | undefined;
  const ref = params?.instanceId ?? params?.query?.from?.instance;
  return typeof ref === 'string' ? ref : undefined;
}

/** Instances the cache knows, to match name references to the ids change events carry. */
function knownInstances(queryClient: QueryClient): Instance[] {
  const found: Instance[] = [];
  for (const [, data] of queryClient.getQueriesData<{
    instances?: Instance[];
    instance?: Instance;
  }>({ queryKey: ['listInstances'] })) {
    if (data?.instances) found.push(...data.instances);
  }
  for (const [, data] of queryClient.getQueriesData<{ instance?: Instance }>({
    queryKey: ['getInstance'],
  })) {
    if (data?.instance) found.push(data.instance);
  }
  return found;
}

/**
 * Which cached queries a change makes wrong: those whose operation reads what the change
 * changes (`effects`, by default the contract's operation-effects.ts). The instance list is the
 * whole file's; an instance or its events are refreshed for a query that names the instance by
 * id or by any name it had, or that names an instance the cache cannot place (better one fetch
 * too many than a stale view) — except by appends when the instance list is known: an instance
 * missing from it does not exist yet, and its creation is a change of its own that names it.
 * (Otherwise a read of an instance not created yet, such as the saved queries before the first
 * save, would be refetched on every append anywhere.)
 */
export function invalidateFor(
  queryClient: QueryClient,
  change: ChangeEvent,
  defer?: DeferRefresh,
  effects: Readonly<Record<string, Pick<OperationEffects, 'reads'>>> = operationEffects,
): Promise<void> {
  const id =
    change.kind === 'instanceCreated' || change.kind === 'instanceUpdated'
      ? change.instance.id
      : change.instanceId;
  const known = knownInstances(queryClient);
  const refs = new Set<string>([id]);
  for (const i of known) if (i.id === id) refs.add(i.name);
  if (change.kind === 'instanceCreated' || change.kind === 'instanceUpdated')
    refs.add(change.instance.name);
  const placeable = new Set(known.flatMap((i) => [i.id, i.name]));
  const listKnown = queryClient
    .getQueriesData<{ instances?: Instance[] }>({ queryKey: ['listInstances'] })
    .some(([, data]) => data?.instances !== undefined);
  const refreshUnplaced = !(listKnown && change.kind === 'eventsAppended');

  const changed = changeScopes[change.kind];
  return queryClient.invalidateQueries({
    predicate: (query: Query) => {
      const op = query.queryKey[0];
      const reads = typeof op === 'string' && Object.hasOwn(effects, op) ? effects[op]!.reads : [];
      const stale = reads.filter((scope) => changed.includes(scope));
      if (stale.includes('instanceList')) return true;
      if (stale.length === 0) return false;
      const ref = instanceRefOf(query.queryKey);
      const touched =
        ref === undefined || refs.has(ref) || (refreshUnplaced && !placeable.has(ref));
      if (!touched || !defer || change.kind !== 'eventsAppended') return touched;
      // A fetch under way finishes and is refreshed after it: refetching now would cancel it,
      // and under a live import's stream of appends a query slower than the throttle was
      // cancelled again and again and never answered.
      if (query.state.fetchStatus === 'fetching') {
        defer(query, Date.now());
        return false;
      }
      const due = query.state.dataUpdatedAt + refreshGapMs(tookMsOf(query.state.data));
      if (due <= Date.now()) return true;
      defer(query, due);
      return false;
    },
  });
}

/** Called for a query whose refresh waits until `due` (epoch ms) and its fetch under way. */
export type DeferRefresh = (query: Query, due: number) => void;

/**
 * How long after its last answer a view may be refreshed again by appends: at once when it is
 * cheap, but a view that took a second (a histogram or facets over millions of events) waits
 * ten times that, at most half a minute. A live import then keeps the table's "N new" exact
 * while the aggregations catch up every few seconds, instead of rerunning them per batch and
 * keeping the query workers busy.
 */
export function refreshGapMs(tookMs: number | undefined): number {
  if (tookMs === undefined || tookMs < 50) return 0;
  return Math.min(30_000, tookMs * 10);
}

function tookMsOf(data: unknown): number | undefined {
  const took = (data as { result?: { tookMs?: unknown } } | undefined)?.result?.tookMs;
  return typeof took === 'number' ? took : undefined;
}

/**
 * Keeps the cache true to the database: every change event invalidates what it touches, and a
 * stream that comes back after a drop refreshes everything (events may have been missed).
 *
 * Invalidations are throttled: the first change is applied at once, and changes arriving within
 * `throttleMs` after it are gathered and applied together at the end of that window. A live
 * import appends thousands of events a second in many batches; refetching every open view per
 * batch would keep the views busy refetching and never settled.
 */
export function connectCacheToChanges(
  queryClient: QueryClient,
  client: EventLogClient,
  throttleMs = 250,
): () => void {
  let pending: ChangeEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Costly views whose refresh waits (refreshGapMs): one timer per query.
  const deferred = new Map<string, ReturnType<typeof setTimeout>>();
  const defer: DeferRefresh = (query, due) => {
    if (deferred.has(query.queryHash)) return;
    const arm = (wait: number) => {
      const timer = setTimeout(() => {
        // Its answer is still on the way: let it land, then refresh.
        if (query.state.fetchStatus === 'fetching') return arm(throttleMs);
        deferred.delete(query.queryHash);
        void queryClient.invalidateQueries({ queryKey: query.queryKey, exact: true });
      }, wait);
      deferred.set(query.queryHash, timer);
    };
    arm(Math.max(0, due - Date.now()));
  };
  const flush = () => {
    const changes = coalesce(pending);
    pending = [];
    for (const change of changes) void invalidateFor(queryClient, change, defer);
  };
  const stopChanges = client.subscribe((change) => {
    pending.push(change);
    if (timer !== undefined) return;
    flush();
    const tick = () => {
      if (pending.length === 0) {
        timer = undefined;
        return;
      }
      flush();
      timer = setTimeout(tick, throttleMs);
    };
    timer = setTimeout(tick, throttleMs);
  });
  let wasLive = client.connectionState() === 'live';
  const stopState = client.onConnectionState((state) => {
    if (state === 'live' && wasLive) void queryClient.invalidateQueries();
    if (state === 'live') wasLive = true;
  });
  return () => {
    clearTimeout(timer);
    for (const wait of deferred.values()) clearTimeout(wait);
    deferred.clear();
    stopChanges();
    stopState();
  };
}

/** Appends to the same instance invalidate the same queries: one of them is enough. */
function coalesce(changes: ChangeEvent[]): ChangeEvent[] {
  const seen = new Set<string>();
  const out: ChangeEvent[] = [];
  for (const change of changes) {
    if (change.kind === 'eventsAppended') {
      if (seen.has(change.instanceId)) continue;
      seen.add(change.instanceId);
    }
    out.push(change);
  }
  return out;
}
