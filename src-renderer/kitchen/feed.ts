import { useCallback, useEffect, useRef, useState } from 'react';
import type { Order, QueueOrder } from '../../src-shared/contract/orders';
import { LIVE_STATUSES } from '../../src-shared/order-states';
import { ApiError, type Client } from '../api/client';

/** A queue card: what the queue endpoint gives, plus the balance when an event told us. */
export type KitchenOrder = QueueOrder & { balance?: number };

export type FeedMode = 'connecting' | 'live' | 'polling';

export interface QueueFeed {
  orders: KitchenOrder[];
  mode: FeedMode;
  /** Local ms time of the last answer from the server (an event, a 200 or a 304). */
  lastSync: number | null;
  /** The last attempt to reach the server failed, or nothing was heard for too long. */
  unreachable: boolean;
  /** Server time minus local time, so ages are right even on a kitchen PC with a wrong clock. */
  skewMs: number;
  /** Applies an order the screen just changed itself (no need to wait for the event). */
  apply(order: Order): void;
  refresh(): Promise<void>;
}

export const POLL_MS = 5000;
/** Silence longer than this with no answer at all counts as unreachable. */
export const STALE_MS = 15000;

const isLive = (s: string) => (LIVE_STATUSES as readonly string[]).includes(s);

function toCard(o: Order): KitchenOrder {
  return {
    id: o.id,
    number: o.number,
    status: o.status,
    // The queue's shape: `modifiers` (names) only on lines that have some.
    items: o.items.map((i) => ({
      name: i.name,
      quantity: i.quantity,
      note: i.note,
      ...(i.modifiers.length > 0 ? { modifiers: i.modifiers.map((m) => m.name) } : {}),
    })),
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    balance: o.balance,
  };
}

function sorted(m: Map<string, KitchenOrder>): KitchenOrder[] {
  return [...m.values()].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.number - b.number,
  );
}

/**
 * The kitchen queue, kept live: Server-Sent Events (`order.updated`) when the page talks HTTP,
 * the same events pushed over IPC in the desktop app, with a poll every 5 s underneath as a
 * safety net and as the only source when the stream is down.
 */
export function useQueueFeed(client: Client): QueueFeed {
  const orders = useRef(new Map<string, KitchenOrder>());
  const etag = useRef<string | null>(null);
  const [view, setView] = useState<KitchenOrder[]>([]);
  const [mode, setMode] = useState<FeedMode>('connecting');
  const [lastSync, setLastSync] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);
  const [skewMs, setSkewMs] = useState(0);
  const [now, setNow] = useState(() => Date.now());

  const heard = useCallback(() => {
    setLastSync(Date.now());
    setFailed(false);
  }, []);

  const apply = useCallback((o: Order) => {
    const prev = orders.current.get(o.id);
    // An older snapshot (an event overtaken by our own PATCH answer) never rolls a card back.
    if (prev && prev.updatedAt > o.updatedAt) return;
    if (isLive(o.status)) orders.current.set(o.id, toCard(o));
    else orders.current.delete(o.id);
    setView(sorted(orders.current));
  }, []);

  const replace = useCallback((list: QueueOrder[], generatedAt: string) => {
    const next = new Map<string, KitchenOrder>();
    for (const q of list) {
      const balance = orders.current.get(q.id)?.balance;
      next.set(q.id, balance === undefined ? q : { ...q, balance });
    }
    orders.current = next;
    setView(sorted(next));
    setSkewMs(Date.parse(generatedAt) - Date.now());
  }, []);

  const refresh = useCallback(async () => {
    const { transport } = client;
    const token = client.getToken();
    try {
      if (transport.kind === 'http' && transport.baseUrl !== null) {
        const headers: Record<string, string> = {};
        if (token) headers.authorization = `Bearer ${token}`;
        if (etag.current) headers['if-none-match'] = etag.current;
        const res = await fetch(`${transport.baseUrl}/api/orders/queue`, {
          headers,
          // Our own ETag, not the browser cache's: a 304 must reach us to prove we are fresh.
          cache: 'no-store',
          signal: AbortSignal.timeout(4000),
        });
        if (res.status === 304) return heard();
        if (!res.ok) throw new ApiError(res.status, 'http', res.statusText);
        const body = (await res.json()) as { orders: QueueOrder[]; generatedAt: string };
        etag.current = res.headers.get('etag');
        replace(body.orders, body.generatedAt);
      } else {
        const body = await client.orderQueue({});
        replace(body.orders, body.generatedAt);
      }
      heard();
    } catch {
      setFailed(true);
    }
  }, [client, heard, replace]);

  // The stream: EventSource over HTTP; in the desktop app the same events pushed over IPC.
  useEffect(() => {
    const { transport } = client;
    const token = client.getToken();
    if (transport.kind === 'ipc' && transport.subscribe && token) {
      const subscribe = transport.subscribe;
      let close: (() => void) | null = null;
      let reopen: ReturnType<typeof setTimeout> | undefined;
      let stopped = false;
      let lastId: string | undefined;
      const open = () => {
        close = subscribe('orderStream', lastId ? { lastEventId: lastId } : {}, token, (m) => {
          if (m.kind === 'event') {
            if (m.id) lastId = m.id;
            if (m.event === 'order.updated' && m.data) {
              apply(m.data as Order);
              heard();
            }
            return;
          }
          // The stream ended (a restore, a refusal): poll, and open it again shortly.
          setMode('polling');
          void refresh();
          if (!stopped) reopen = setTimeout(open, POLL_MS);
        });
        setMode('live');
        void refresh();
      };
      open();
      return () => {
        stopped = true;
        clearTimeout(reopen);
        close?.();
      };
    }
    if (transport.kind !== 'http' || transport.baseUrl === null || !token) {
      setMode('polling');
      return;
    }
    let es: EventSource | null = null;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const open = () => {
      const url = `${transport.baseUrl}/api/orders/stream?access_token=${encodeURIComponent(token)}`;
      es = new EventSource(url);
      es.onopen = () => {
        setMode('live');
        // Whatever changed while we were not listening: one conditional read catches up.
        void refresh();
      };
      es.addEventListener('order.updated', (ev: MessageEvent<string>) => {
        try {
          apply(JSON.parse(ev.data) as Order);
          heard();
        } catch {
          void refresh();
        }
      });
      es.onerror = () => {
        setMode('polling');
        // Find out now whether the host is gone or only the stream dropped.
        void refresh();
        // EventSource retries by itself unless the server refused outright (then it is CLOSED).
        if (es?.readyState === EventSource.CLOSED && !stopped) {
          es.close();
          reopen = setTimeout(open, POLL_MS);
        }
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(reopen);
      es?.close();
    };
  }, [client, apply, heard, refresh]);

  // The safety-net poll and the clock that ages the cards.
  useEffect(() => {
    void refresh();
    const poll = setInterval(() => void refresh(), POLL_MS);
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearInterval(poll);
      clearInterval(tick);
    };
  }, [refresh]);

  const silent = lastSync !== null && now - lastSync > STALE_MS;
  return {
    orders: view,
    mode,
    lastSync,
    unreachable: failed || silent,
    skewMs,
    apply,
    refresh,
  };
}
