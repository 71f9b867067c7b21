import { useEffect, useMemo, useRef, useState } from 'react';
import type { MenuCategory, MenuItem } from '../../src-shared/contract/menu';
import type { Order } from '../../src-shared/contract/orders';
import type { Payment } from '../../src-shared/contract/payments';
import { ApiError, newIdempotencyKey } from '../api/client';
import { ErrorNote } from '../components/ErrorNote';
import { plainError } from '../lib/errors';
import { STATUS_LABEL } from '../lib/status';
import { useSession } from '../session';
import { addItem, estimate, type CartLine } from '../till/cart';
import { CartView } from '../till/CartView';
import { Totals } from '../till/OrderTotals';
import { PaymentPanel } from '../till/PaymentPanel';

const ALL = '__all__';

/** The till: menu on the left, the cart (then the created order and its payment) on the right. */
export function Till() {
  const { client, money, can } = useSession();
  const [categories, setCategories] = useState<MenuCategory[]>([]);
  const [items, setItems] = useState<MenuItem[]>([]);
  const [category, setCategory] = useState<string>(ALL);
  const [lines, setLines] = useState<CartLine[]>([]);
  const [order, setOrder] = useState<Order | null>(null);
  const [lastPayment, setLastPayment] = useState<Payment | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const createKey = useRef<string | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    Promise.all([client.listCategories({}), client.listMenuItems({})]).then(
      ([c, i]) => {
        setCategories(c.categories);
        setItems(i.items);
      },
      (e: unknown) => setError(plainError(e).message),
    );
  }, [client]);

  const shown = useMemo(() => {
    // "All" reads like the menu board: category by category, in the categories' order.
    const rank = new Map(categories.map((c, i) => [c.id, i]));
    const r = (i: MenuItem) => rank.get(i.categoryId ?? '') ?? categories.length;
    return items
      .filter((i) => !i.archived && (category === ALL || i.categoryId === category))
      .sort((a, b) => r(a) - r(b));
  }, [items, categories, category]);
  const est = estimate(lines);

  function changeCart(next: CartLine[]) {
    // A different cart is a different order: the next attempt gets its own key.
    createKey.current = null;
    setLines(next);
  }

  async function createOrder() {
    if (busy || lines.length === 0) return;
    setBusy(true);
    setError(null);
    createKey.current ??= newIdempotencyKey();
    try {
      const created = await client.createOrder(
        {
          items: lines.map((l) => ({
            menuItemId: l.item.id,
            quantity: l.quantity,
            ...(l.note.trim() ? { note: l.note.trim() } : {}),
          })),
        },
        { idempotencyKey: createKey.current },
      );
      createKey.current = null;
      setOrder(created);
    } catch (e) {
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) createKey.current = null;
      setError(plainError(e).message);
    } finally {
      setBusy(false);
    }
  }

  async function sendToKitchen() {
    if (!order || busy) return;
    setBusy(true);
    setError(null);
    try {
      setOrder(await client.updateOrderStatus({ id: order.id, status: 'in_queue' }));
    } catch (e) {
      setError(plainError(e).message);
    } finally {
      setBusy(false);
    }
  }

  function newOrder() {
    setOrder(null);
    setLines([]);
    setLastPayment(null);
    setError(null);
    createKey.current = null;
  }

  return (
    <div className="till">
      <section className="menu" aria-label="Menu">
        <div className="tabs" role="tablist" aria-label="Categories">
          {[{ id: ALL, name: 'All' }, ...categories].map((c) => (
            <button
              key={c.id}
              role="tab"
              aria-selected={category === c.id}
              onClick={() => setCategory(c.id)}
            >
              {c.name}
            </button>
          ))}
        </div>
        <div className="items">
          {shown.map((i) => (
            <button
              key={i.id}
              className="item"
              disabled={!i.available || order !== null}
              aria-label={`Add ${i.name}`}
              onClick={() => changeCart(addItem(lines, i, `l${++seq.current}`))}
            >
              <span className="name">{i.name}</span>
              <span className="price">{i.available ? money.format(i.price) : 'Sold out'}</span>
            </button>
          ))}
        </div>
      </section>
      <aside className="side" aria-label={order ? `Order ${order.number}` : 'Current sale'}>
        {!order ? (
          <>
            <h2>Current sale</h2>
            <CartView lines={lines} onChange={changeCart} />
            <Totals {...est} estimate />
            <ErrorNote message={error} />
            <div className="row">
              <button
                type="button"
                className="ghost"
                disabled={lines.length === 0}
                onClick={() => changeCart([])}
              >
                Clear
              </button>
              <button
                type="button"
                className="primary big grow"
                disabled={lines.length === 0 || busy || !can('orders.create')}
                onClick={createOrder}
              >
                {busy ? 'Creating…' : 'Create order'}
              </button>
            </div>
          </>
        ) : (
          <OrderPanel
            order={order}
            lastPayment={lastPayment}
            busy={busy}
            error={error}
            onPaid={(o, p) => {
              setOrder(o);
              setLastPayment(p);
            }}
            onSend={sendToKitchen}
            onNew={newOrder}
          />
        )}
      </aside>
    </div>
  );
}

function OrderPanel({
  order,
  lastPayment,
  busy,
  error,
  onPaid,
  onSend,
  onNew,
}: {
  order: Order;
  lastPayment: Payment | null;
  busy: boolean;
  error: string | null;
  onPaid(o: Order, p: Payment): void;
  onSend(): void;
  onNew(): void;
}) {
  const { money, can } = useSession();
  const paidInFull = order.balance === 0;
  return (
    <>
      <h2>
        Order <span className="order-no">#{order.number}</span>{' '}
        <span className={`badge s-${order.status}`}>{STATUS_LABEL[order.status]}</span>
      </h2>
      <ul className="lines">
        {order.items.map((i) => (
          <li key={i.id}>
            <span>
              {i.quantity} × {i.name}
              {i.note && <em className="line-note"> — {i.note}</em>}
            </span>
            <span>{money.format(i.lineTotal)}</span>
          </li>
        ))}
      </ul>
      <Totals subtotal={order.subtotal} tax={order.tax} total={order.total} />
      {order.paid > 0 && (
        <p className="paid-line">
          Paid {money.format(order.paid)}
          {!paidInFull && (
            <>
              {' '}
              · <strong>Still due {money.format(order.balance)}</strong>
            </>
          )}
        </p>
      )}
      {lastPayment?.change != null && lastPayment.change > 0 && (
        <div className="change-due" role="status" aria-label="Change due">
          <span>Change</span>
          <strong>{money.format(lastPayment.change)}</strong>
        </div>
      )}
      {paidInFull ? (
        <p className="paid-full" role="status">
          Paid in full
        </p>
      ) : (
        can('payments.take') && <PaymentPanel order={order} onPaid={onPaid} />
      )}
      <ErrorNote message={error} />
      <div className="row">
        {order.status === 'pending' && can('orders.status') && (
          <button type="button" className="big grow" disabled={busy} onClick={onSend}>
            Send to kitchen
          </button>
        )}
        <button type="button" className="ghost big grow" onClick={onNew}>
          New order
        </button>
      </div>
    </>
  );
}
