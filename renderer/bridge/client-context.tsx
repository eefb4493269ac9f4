import { createContext, useContext, type ReactNode } from 'react';
import type { ShoeboxClient } from './shoebox-client';

const ClientContext = createContext<ShoeboxClient | null>(null);

/** Gives the components below it the client (the real one in the app, a fake in tests). */
export function ClientProvider({
  client,
  children,
}: {
  client: ShoeboxClient;
  children: ReactNode;
}) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

/** The client from the nearest ClientProvider. */
export function useClient(): ShoeboxClient {
  const client = useContext(ClientContext);
  if (client === null) throw new Error('useClient needs a <ClientProvider> above it');
  return client;
}
