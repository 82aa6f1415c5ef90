import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type { ConnectionState, EventLogClient } from './event-log-client';
import { connectCacheToChanges } from './query-cache';

const ClientContext = createContext<EventLogClient | null>(null);

/** Provides the client and the query cache, and wires change events into the cache. */
export function ClientProvider(props: {
  client: EventLogClient;
  queryClient: QueryClient;
  children: ReactNode;
}) {
  const { client, queryClient } = props;
  useEffect(() => connectCacheToChanges(queryClient, client), [client, queryClient]);
  return (
    <ClientContext.Provider value={client}>
      <QueryClientProvider client={queryClient}>{props.children}</QueryClientProvider>
    </ClientContext.Provider>
  );
}

export function useClient(): EventLogClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside <ClientProvider>');
  return client;
}

export function useConnectionState(): ConnectionState {
  const client = useClient();
  const subscribe = useCallback(
    (changed: () => void) => client.onConnectionState(changed),
    [client],
  );
  return useSyncExternalStore(subscribe, () => client.connectionState());
}
