import { useCallback, useEffect, useState } from 'react';
import { FilterToolbar } from '../components/FilterToolbar';
import type { Order } from '../../src-shared/contract/orders';
import { ORDER_STATUSES, type OrderStatus } from '../../src-shared/order-states';
import { ErrorNote } from '../components/ErrorNote';
import { plainError } from '../lib/errors';
import { STATUS_LABEL } from '../lib/status';
import { timeOfDay } from '../lib/time';
import { useSession } from '../session';
import { OrderDetail } from '../orders/OrderDetail';

/** Orders newest first, filtered by status; one opens beside the list with what can be done. */
export function Orders() {
  const { client, money, settings } = useSession();
  const [status, setStatus] = useState<OrderStatus | ''>('');
  const [orders, setOrders] = useState<Order[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (after?: string) => {
      try {
        const res = await client.listOrders({
          limit: 50,
          ...(status ? { status } : {}),
          ...(after ? { cursor: after } : {}),
        });
        setOrders((prev) => (after ? [...prev, ...res.orders] : res.orders));
        setCursor(res.nextCursor);
        setError(null);
      } catch (e) {
        setError(plainError(e).message);
      }
    },
    [client, status],
  );

  useEffect(() => {
    void load();
  }, [load]);

  function changed(o: Order) {
    setOrders((prev) => prev.map((p) => (p.id === o.id ? o : p)));
  }

  return (
    <div className="split">
      <section className="list-pane" aria-label="Orders">
        <FilterToolbar
          title="Orders"
          label="Status"
          value={status}
          options={ORDER_STATUSES}
          optionLabel={(v) => STATUS_LABEL[v]}
          onChange={setStatus}
          onRefresh={() => void load()}
        />
        <ErrorNote message={error} />
        <table className="table">
          <thead>
            <tr>
              <th>#</th>
              <th>Time</th>
              <th>Status</th>
              <th className="num">Total</th>
              <th className="num">Due</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <tr key={o.id} aria-selected={o.id === openId}>
                <td>
                  <button
                    type="button"
                    className="link"
                    aria-label={`Open order ${o.number}`}
                    onClick={() => setOpenId(o.id)}
                  >
                    #{o.number}
                  </button>
                </td>
                <td>{timeOfDay(o.createdAt, settings.locale, settings.timeZone)}</td>
                <td>
                  <span className={`badge s-${o.status}`}>{STATUS_LABEL[o.status]}</span>
                </td>
                <td className="num">{money.format(o.total)}</td>
                <td className="num">{o.balance > 0 ? money.format(o.balance) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {orders.length === 0 && <p className="muted empty">No orders.</p>}
        {cursor && (
          <button type="button" className="ghost" onClick={() => void load(cursor)}>
            Load more
          </button>
        )}
      </section>
      <section className="detail-pane" aria-label="Order detail">
        {openId ? (
          <OrderDetail key={openId} id={openId} onChanged={changed} />
        ) : (
          <p className="muted empty">Pick an order to see it.</p>
        )}
      </section>
    </div>
  );
}
