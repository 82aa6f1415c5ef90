import type { EventlensBridge } from '../../src-shared/contract/bridge';
import type { EnvelopeFor, OperationName, ParamsOf } from '../../src-shared/contract/operations';
import { clientOver } from './client-base';
import type { EventLogClient } from './event-log-client';

/** The desktop app: the preload's `window.eventlens`, i.e. IPC to main. Always connected. */
export function createBridgeClient(bridge: EventlensBridge): EventLogClient {
  return clientOver({
    kind: 'electron',
    initialState: 'live',
    // IPC cannot be aborted; the answer to a cancelled call is simply not waited for.
    call: <Op extends OperationName>(op: Op, params: ParamsOf<Op>, requestId: string) =>
      (
        bridge[op] as unknown as (
          p: ParamsOf<Op>,
          o: { requestId: string },
        ) => Promise<EnvelopeFor<Op>>
      )(params, { requestId }),
    listen: (onChange) => bridge.onChange(onChange),
  });
}
