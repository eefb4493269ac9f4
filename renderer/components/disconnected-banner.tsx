import { useSyncExternalStore } from 'react';
import { isConnected, subscribeToConnection } from '../bridge/connection-status';
import '../styles/status.css';

/** A banner over the window while Shoebox cannot be reached; it goes once the link is back. */
export function DisconnectedBanner() {
  const connected = useSyncExternalStore(subscribeToConnection, isConnected);
  if (connected) return null;
  return (
    <div className="disconnected-banner" role="alert">
      Disconnected from Shoebox — retrying…
    </div>
  );
}
