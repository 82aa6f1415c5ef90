import { useClient, useConnectionState } from './client-context';

const transportLabel = { electron: 'Desktop (IPC)', http: 'Browser (HTTP)' } as const;
const stateLabel = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
} as const;

/** Which transport the client uses and whether change events are flowing. */
export function ConnectionStatus() {
  const client = useClient();
  const state = useConnectionState();
  return (
    <div className="status" aria-label="Connection">
      <span className="badge" data-testid="transport" data-transport={client.transport}>
        {transportLabel[client.transport]}
      </span>
      <span
        className={`badge state-${state}`}
        data-testid="connection"
        data-state={state}
        role="status"
      >
        {stateLabel[state]}
      </span>
    </div>
  );
}
