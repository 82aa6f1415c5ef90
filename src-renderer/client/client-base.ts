import { bridgeOperationNames } from '../../src-shared/contract/bridge';
import type { ChangeListener } from '../../src-shared/contract/change-events';
import type { EnvelopeFor, OperationName, ParamsOf } from '../../src-shared/contract/operations';
import {
  cancelledFailure,
  newRequestId,
  type CallOptions,
  type ClientCallOptions,
  type ConnectionState,
  type EventLogClient,
  type TransportKind,
} from './event-log-client';

/** What a transport provides; the rest of EventLogClient is the same for both. */
export interface Transport {
  kind: TransportKind;
  /** One call with the given requestId; `signal` may abort the wait (cancel is sent apart). */
  call<Op extends OperationName>(
    op: Op,
    params: ParamsOf<Op>,
    requestId: string,
    signal?: AbortSignal,
  ): Promise<EnvelopeFor<Op>>;
  /** Starts delivering changes; returns the function that stops. */
  listen(onChange: ChangeListener, onState: (state: ConnectionState) => void): () => void;
  initialState: ConnectionState;
}

/** See `call` below: how old a call must be before an abort stops it in the engine. */
export const cancelGraceMs = 400;

/**
 * Builds the client over a transport. One underlying subscription serves every listener; it is
 * opened with the first listener and closed with the last.
 */
export function clientOver(transport: Transport): EventLogClient {
  const changeListeners = new Set<ChangeListener>();
  const stateListeners = new Set<(s: ConnectionState) => void>();
  let state: ConnectionState = transport.initialState;
  let stop: (() => void) | undefined;

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const l of stateListeners) l(next);
  };

  /**
   * Every call carries a requestId the client chose. When the caller's signal aborts, the
   * engine is told to cancel (a separate `cancel` call: the query may be running in a worker)
   * and the caller gets a CANCELLED envelope at once, without waiting for the engine.
   */
  const call = <Op extends OperationName>(
    op: Op,
    params: ParamsOf<Op>,
    options: ClientCallOptions = {},
  ): Promise<EnvelopeFor<Op>> => {
    const requestId = options.requestId ?? newRequestId();
    const { signal } = options;
    if (!signal) return transport.call(op, params, requestId);
    if (signal.aborted) return Promise.resolve(cancelledFailure(op, requestId));
    const startedAt = Date.now();
    let settled = false;
    return new Promise<EnvelopeFor<Op>>((resolve) => {
      const onAbort = () => {
        resolve(cancelledFailure(op, requestId));
        // Stopping a running query costs the engine a worker thread; a young one is likely to
        // finish at once, so it gets until it is `cancelGraceMs` old before it is stopped.
        const wait = Math.max(0, startedAt + cancelGraceMs - Date.now());
        // Both ways: dropping the call frees its connection (a browser opens at most six per
        // server, and five long queries plus the change stream fill them, so a `cancel` alone
        // would wait behind the very queries it stops; the server cancels a query whose
        // connection closes), and `cancel` reaches an engine behind a transport without
        // connections (Electron's IPC).
        const stop = () => {
          if (settled) return;
          transportAbort.abort();
          void transport.call('cancel', { requestId }, newRequestId());
        };
        if (wait === 0) stop();
        else setTimeout(stop, wait);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      // The transport gets its own signal, aborted only after the grace period above, so
      // that a young call can still finish.
      const transportAbort = new AbortController();
      void transport.call(op, params, requestId, transportAbort.signal).then((envelope) => {
        settled = true;
        signal.removeEventListener('abort', onAbort);
        resolve(envelope);
      });
    });
  };
  const operations = Object.fromEntries(
    bridgeOperationNames.map((op) => [
      op,
      (params: never, options?: CallOptions) => call(op, params, options),
    ]),
  ) as unknown as Omit<
    EventLogClient,
    'transport' | 'call' | 'subscribe' | 'connectionState' | 'onConnectionState'
  >;

  return {
    ...operations,
    transport: transport.kind,
    call,
    subscribe(listener) {
      changeListeners.add(listener);
      stop ??= transport.listen((change) => {
        for (const l of changeListeners) l(change);
      }, setState);
      return () => {
        changeListeners.delete(listener);
        if (changeListeners.size === 0 && stop) {
          stop();
          stop = undefined;
        }
      };
    },
    connectionState: () => state,
    onConnectionState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
  };
}
