import { useEffect, useState } from 'react';
import type { Client } from '../api/client';

/** Pings the server every few seconds so the cashier sees at once when the counter PC is gone. */
export function useConnection(client: Client, everyMs = 3000): 'online' | 'offline' | 'checking' {
  const [state, setState] = useState<'online' | 'offline' | 'checking'>('checking');
  useEffect(() => {
    let alive = true;
    const check = () =>
      client.ping({}).then(
        () => alive && setState('online'),
        () => alive && setState('offline'),
      );
    void check();
    const t = setInterval(check, everyMs);
    return () => {
      alive = false;
      clearInterval(t);
    };
  }, [client, everyMs]);
  return state;
}

export function ConnectionStatus({ state }: { state: 'online' | 'offline' | 'checking' }) {
  const text = state === 'online' ? 'Online' : state === 'offline' ? 'Offline' : 'Connecting…';
  return (
    <span className={`conn conn-${state}`} role="status" aria-label={`Connection: ${text}`}>
      <span className="dot" aria-hidden="true" />
      {text}
    </span>
  );
}
