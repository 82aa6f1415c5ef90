import type { EventlensBridge } from '../../src-shared/contract/bridge';
import type { EnvelopeFor, OperationName, ParamsOf } from '../../src-shared/contract/operations';
import { clientOver } from './client-base';
import type { EventLogClient } from './event-log-client';

/** The desktop app: the preload's `window.eventlens`, i.e. IPC to main. Always connected. */
export function createBridgeClient(bridge: EventlensBridge): EventLogClient {
  return clientOver({
    kind: 'electron',
    initialState: 'live',
    call: <Op extends OperationName>(op: Op, params: ParamsOf<Op>) =>
      (bridge[op] as unknown as (p: ParamsOf<Op>) => Promise<EnvelopeFor<Op>>)(params),
    listen: (onChange) => bridge.onChange(onChange),
  });
}
