import { bridgeOperationNames } from '../../src-shared/contract/bridge';
import type { EnvelopeFor, OperationName, ParamsOf } from '../../src-shared/contract/operations';
import type {
  ChangeListener,
  ConnectionState,
  EventLogClient,
  TransportKind,
} from './event-log-client';

/** What a transport provides; the rest of EventLogClient is the same for both. */
export interface Transport {
  kind: TransportKind;
  call<Op extends OperationName>(op: Op, params: ParamsOf<Op>): Promise<EnvelopeFor<Op>>;
  /** Starts delivering changes; returns the function that stops. */
  listen(onChange: ChangeListener, onState: (state: ConnectionState) => void): () => void;
  initialState: ConnectionState;
}

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

  const call = <Op extends OperationName>(op: Op, params: ParamsOf<Op>) =>
    transport.call(op, params);
  const operations = Object.fromEntries(
    bridgeOperationNames.map((op) => [op, (params: never) => call(op, params)]),
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
