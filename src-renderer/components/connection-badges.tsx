import { useClient, useConnectionState } from '../client/client-context';

const stateLabel = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
} as const;
const transportLabel = { electron: 'Desktop', http: 'Browser' } as const;

/** Which transport the client uses and whether change events are flowing. */
export function ConnectionBadges() {
  const client = useClient();
  const state = useConnectionState();
  return (
    <>
      <span className="status-item" data-testid="transport" data-transport={client.transport}>
        {transportLabel[client.transport]}
      </span>
      <span
        className={`status-item state-${state}`}
        data-testid="connection"
        data-state={state}
        role="status"
      >
        <span className="dot" /> {stateLabel[state]}
      </span>
    </>
  );
}
