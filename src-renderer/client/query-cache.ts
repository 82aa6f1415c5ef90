import { QueryClient, type Query } from '@tanstack/react-query';
import type { ChangeEvent } from '../../src-shared/contract/change-events';
import type { FailureEnvelope } from '../../src-shared/contract/envelope';
import type { ErrorCode } from '../../src-shared/contract/error-codes';
import type { Instance } from '../../src-shared/contract/records';
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

const listQueries = new Set<OperationName>(['listInstances']);
const perInstance = new Set<OperationName>([
  'getInstance',
  'getInstanceStats',
  'queryEvents',
  'listStreams',
  'describeFields',
]);
const eventQueries = new Set<OperationName>([
  'getInstanceStats',
  'queryEvents',
  'listStreams',
  'describeFields',
]);

/**
 * Which cached queries a change makes wrong. A query that names the instance by id or by any
 * name it had is refreshed; one naming an instance the cache cannot place is refreshed too
 * (better one fetch too many than a stale view).
 */
export function invalidateFor(queryClient: QueryClient, change: ChangeEvent): Promise<void> {
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

  const ops = change.kind === 'eventsAppended' ? eventQueries : perInstance;
  return queryClient.invalidateQueries({
    predicate: (query: Query) => {
      const op = query.queryKey[0] as OperationName;
      if (change.kind !== 'eventsAppended' && listQueries.has(op)) return true;
      if (!ops.has(op)) return false;
      const ref = instanceRefOf(query.queryKey);
      return ref === undefined || refs.has(ref) || !placeable.has(ref);
    },
  });
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
  const flush = () => {
    const changes = coalesce(pending);
    pending = [];
    for (const change of changes) void invalidateFor(queryClient, change);
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
