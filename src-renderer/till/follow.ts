import { useEffect, useRef } from 'react';
import type { Order } from '../../src-shared/contract/orders';
import type { Client } from '../api/client';
import { POLL_MS } from '../kitchen/feed';

/**
 * Keeps the order on the till in step with the kitchen's moves: the order stream
 * (`order.updated`) when the page talks HTTP, and a read every 5 s underneath (and over IPC,
 * where there is no stream). Stops once the order can no longer change status.
 */
export function useFollowOrder(client: Client, order: Order | null, onOrder: (o: Order) => void) {
  const latest = useRef(onOrder);
  latest.current = onOrder;
  const id = order?.id ?? null;
  // Nothing moves a refunded or cancelled order any more.
  const done = order !== null && (order.status === 'refunded' || order.status === 'cancelled');

  useEffect(() => {
    if (id === null || done) return;
    const { transport } = client;
    const token = client.getToken();
    let es: EventSource | null = null;
    if (transport.kind === 'http' && transport.baseUrl !== null && token) {
      es = new EventSource(
        `${transport.baseUrl}/api/orders/stream?access_token=${encodeURIComponent(token)}`,
      );
      es.addEventListener('order.updated', (ev: MessageEvent<string>) => {
        try {
          const o = JSON.parse(ev.data) as Order;
          if (o.id === id) latest.current(o);
        } catch {
          // A malformed event: the poll below catches up.
        }
      });
    }
    const poll = setInterval(() => {
      client.getOrder({ id }).then(
        (o) => latest.current(o),
        () => undefined,
      );
    }, POLL_MS);
    return () => {
      es?.close();
      clearInterval(poll);
    };
  }, [client, id, done]);
}
