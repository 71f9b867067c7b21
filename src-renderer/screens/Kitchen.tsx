import { useEffect, useState } from 'react';
import type { OrderStatus } from '../../src-shared/order-states';
import { plainError } from '../lib/errors';
import { STATUS_LABEL } from '../lib/status';
import { clockDuration, shortDuration } from '../lib/time';
import { useSession } from '../session';
import { useQueueFeed, type KitchenOrder } from '../kitchen/feed';

const COLUMNS: { status: OrderStatus; title: string; action: string }[] = [
  { status: 'in_queue', title: 'New', action: 'tap to start' },
  { status: 'in_progress', title: 'Preparing', action: 'tap when ready' },
  { status: 'ready', title: 'Ready', action: 'tap when collected' },
];

const NEXT: Partial<Record<OrderStatus, OrderStatus>> = {
  in_queue: 'in_progress',
  in_progress: 'ready',
  ready: 'completed',
};

/** Minutes after which a card turns amber, then red. */
const WARN_MIN = 5;
const LATE_MIN = 10;

/**
 * The kitchen display: three columns, oldest first, big numbers, live. It says how fresh it is
 * and, when the counter PC cannot be reached, says so across the whole screen.
 */
export function Kitchen() {
  const { client } = useSession();
  const feed = useQueueFeed(client);
  const [now, setNow] = useState(() => Date.now());
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [busyId, setBusyId] = useState<string | null>(null);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  const serverNow = now + feed.skewMs;
  const note = (id: string, text: string | null) =>
    setNotes((n) => {
      const next = { ...n };
      if (text) next[id] = text;
      else delete next[id];
      return next;
    });

  async function advance(o: KitchenOrder) {
    const to = NEXT[o.status];
    if (!to || busyId) return;
    setBusyId(o.id);
    note(o.id, null);
    try {
      if (to === 'completed') {
        // Handing over is completion only once paid; the core refuses otherwise, we say why.
        const full = await client.getOrder({ id: o.id });
        feed.apply(full);
        if (full.balance > 0) {
          note(o.id, 'Not paid yet — collect payment at the till');
          return;
        }
      }
      feed.apply(await client.updateOrderStatus({ id: o.id, status: to }));
    } catch (e) {
      note(o.id, plainError(e).message);
      void feed.refresh();
    } finally {
      setBusyId(null);
    }
  }

  const age = feed.lastSync === null ? null : now - feed.lastSync;
  return (
    <div className="kitchen" data-feed-mode={feed.mode}>
      {feed.unreachable && (
        <div className="offline-banner" role="alert">
          <strong>COUNTER UNREACHABLE</strong> — this display is not updating.{' '}
          {age !== null ? `Last update ${shortDuration(age)} ago.` : 'No data yet.'} Check the
          counter PC and the network.
        </div>
      )}
      <div className="kitchen-bar">
        <h2>Kitchen</h2>
        <span className={`feed feed-${feed.unreachable ? 'down' : feed.mode}`} role="status">
          {feed.unreachable
            ? 'Offline'
            : feed.mode === 'live'
              ? 'Live'
              : feed.mode === 'polling'
                ? 'Polling every 5 s'
                : 'Connecting…'}
          {' · '}
          <span data-testid="freshness">
            {age === null ? 'waiting for data' : `updated ${shortDuration(age)} ago`}
          </span>
        </span>
      </div>
      <div className="columns">
        {COLUMNS.map((col) => {
          const list = feed.orders.filter((o) => o.status === col.status);
          return (
            <section key={col.status} className={`column c-${col.status}`} aria-label={col.title}>
              <h3>
                {col.title} <span className="count">{list.length}</span>
              </h3>
              {list.map((o) => {
                const mins = (serverNow - Date.parse(o.createdAt)) / 60000;
                const late = mins >= LATE_MIN ? 'late' : mins >= WARN_MIN ? 'warn' : '';
                return (
                  <button
                    key={o.id}
                    type="button"
                    className={`ticket ${late}`}
                    disabled={busyId === o.id}
                    aria-label={`Order ${o.number}, ${STATUS_LABEL[o.status]}, ${col.action}`}
                    onClick={() => void advance(o)}
                  >
                    <span className="ticket-head">
                      <span className="ticket-no">#{o.number}</span>
                      <span className="timer" aria-label="Waiting time">
                        {clockDuration(serverNow - Date.parse(o.createdAt))}
                      </span>
                    </span>
                    <span className="ticket-items">
                      {o.items.map((i, k) => (
                        <span key={k} className="ticket-item">
                          <b>{i.quantity}×</b> {i.name}
                          {i.modifiers?.map((m) => (
                            <span key={m} className="ticket-mod">
                              + {m}
                            </span>
                          ))}
                          {i.note && <span className="ticket-note">{i.note}</span>}
                        </span>
                      ))}
                    </span>
                    {notes[o.id] && <span className="ticket-warn">{notes[o.id]}</span>}
                  </button>
                );
              })}
              {list.length === 0 && <p className="muted empty">Nothing here.</p>}
            </section>
          );
        })}
      </div>
    </div>
  );
}
