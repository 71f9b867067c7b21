import { useEffect, useState } from 'react';
import type { Order } from '../../src-shared/contract/orders';
import { Dialog } from '../components/Dialog';
import { ErrorNote } from '../components/ErrorNote';
import { plainError } from '../lib/errors';
import { timeOfDay } from '../lib/time';
import { useSession } from '../session';

/** Orders parked at the till, oldest hold first, each one tap from being taken back up. */
export function HeldOrders({
  onRecalled,
  onClose,
}: {
  onRecalled(o: Order): void;
  onClose(): void;
}) {
  const { client, money, settings } = useSession();
  const [orders, setOrders] = useState<Order[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client.listOrders({ held: true, limit: 100 }).then(
      (r) =>
        setOrders([...r.orders].sort((a, b) => (a.heldAt ?? '').localeCompare(b.heldAt ?? ''))),
      (e: unknown) => setError(plainError(e).message),
    );
  }, [client]);

  async function recall(o: Order) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      onRecalled(await client.recallOrder({ id: o.id }));
    } catch (e) {
      setError(plainError(e).message);
      setBusy(false);
    }
  }

  return (
    <Dialog title="Held orders" onClose={onClose} wide>
      <ErrorNote message={error} />
      {orders === null ? (
        <p className="muted">Loading…</p>
      ) : orders.length === 0 ? (
        <p className="muted empty">No orders on hold.</p>
      ) : (
        <ul className="held-list">
          {orders.map((o) => (
            <li key={o.id}>
              <span className="order-no">#{o.number}</span>
              <span className="grow">
                {o.items.map((i) => `${i.quantity} × ${i.name}`).join(', ')}
                {o.holdNote && <em className="line-note"> — {o.holdNote}</em>}
                <span className="muted block">
                  held {timeOfDay(o.heldAt ?? o.createdAt, settings.locale, settings.timeZone)}
                </span>
              </span>
              <strong>{money.format(o.total)}</strong>
              <button
                type="button"
                className="primary"
                disabled={busy}
                onClick={() => void recall(o)}
              >
                Recall #{o.number}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
