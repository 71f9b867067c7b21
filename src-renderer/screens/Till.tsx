import { useMemo, useRef, useState } from 'react';
import type { Customer, MenuItem } from '../../src-shared/contract/menu';
import type { Order } from '../../src-shared/contract/orders';
import type { Payment } from '../../src-shared/contract/payments';
import { ApiError, newIdempotencyKey } from '../api/client';
import { useManagerApproval } from '../components/Approval';
import { ErrorNote } from '../components/ErrorNote';
import { plainError } from '../lib/errors';
import { STATUS_LABEL } from '../lib/status';
import { useSession } from '../session';
import { addItem, estimate, type CartLine, type ChosenModifier } from '../till/cart';
import { CartView } from '../till/CartView';
import { CustomerPicker } from '../till/CustomerPicker';
import { DiscountForm } from '../till/DiscountForm';
import { HeldOrders } from '../till/HeldOrders';
import { ModifierPicker } from '../till/ModifierPicker';
import { useTillMenu } from '../till/menu-feed';
import { groupsFor } from '../till/modifiers';
import { OrderLines } from '../till/OrderLines';
import { Totals } from '../till/OrderTotals';
import { PaymentPanel } from '../till/PaymentPanel';

const ALL = '__all__';

/** The till: menu on the left, the cart (then the created order and its payment) on the right. */
export function Till() {
  const { client, money, can } = useSession();
  const [category, setCategory] = useState<string>(ALL);
  const [lines, setLines] = useState<CartLine[]>([]);
  const [order, setOrder] = useState<Order | null>(null);
  const [lastPayment, setLastPayment] = useState<Payment | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [picking, setPicking] = useState<MenuItem | null>(null);
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [dialog, setDialog] = useState<'customer' | 'held' | null>(null);
  const approval = useManagerApproval();
  const createKey = useRef<string | null>(null);
  const seq = useRef(0);

  // Kept current while the till is open: a sold-out switch shows within seconds.
  const { categories, items, groups, error: menuError } = useTillMenu(client);

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
    setInfo(null);
  }

  function tap(item: MenuItem) {
    if (groupsFor(item.id, groups).length > 0) return setPicking(item);
    changeCart(addItem(lines, item, `l${++seq.current}`));
  }

  function attach(c: Customer | null) {
    createKey.current = null;
    setCustomer(c);
    setDialog(null);
  }

  /** Sends the cart as a new order; null when it was refused (the error is on screen). */
  async function sendCart(): Promise<Order | null> {
    createKey.current ??= newIdempotencyKey();
    try {
      const created = await client.createOrder(
        {
          items: lines.map((l) => ({
            menuItemId: l.item.id,
            quantity: l.quantity,
            ...(l.note.trim() ? { note: l.note.trim() } : {}),
            ...(l.modifiers.length > 0 ? { modifiers: l.modifiers.map((m) => m.id) } : {}),
          })),
          ...(customer ? { customerId: customer.id } : {}),
        },
        { idempotencyKey: createKey.current },
      );
      createKey.current = null;
      return created;
    } catch (e) {
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) createKey.current = null;
      setError(plainError(e).message);
      return null;
    }
  }

  async function createOrder() {
    if (busy || lines.length === 0) return;
    setBusy(true);
    setError(null);
    const created = await sendCart();
    if (created) setOrder(created);
    setBusy(false);
  }

  /** Parks the sale (creating the order first if it is still a cart) and clears the till. */
  async function hold() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const target = order ?? (lines.length > 0 ? await sendCart() : null);
      if (!target) return;
      const held = await client.holdOrder({ id: target.id });
      newOrder();
      setInfo(`Order #${held.number} is on hold. Recall it from “Held orders”.`);
    } catch (e) {
      setError(plainError(e).message);
    } finally {
      setBusy(false);
    }
  }

  function recalled(o: Order) {
    newOrder();
    setDialog(null);
    setOrder(o);
    setInfo(`Order #${o.number} recalled.`);
    if (o.customerId)
      client.getCustomer({ id: o.customerId }).then(setCustomer, () => setCustomer(null));
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
    setInfo(null);
    setCustomer(null);
    createKey.current = null;
  }

  const idle = order === null && lines.length === 0;

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
          <span className="spacer" />
          <button
            type="button"
            className="ghost"
            disabled={!idle}
            title={idle ? undefined : 'Finish or hold the current sale first'}
            onClick={() => setDialog('held')}
          >
            Held orders
          </button>
        </div>
        <ErrorNote message={menuError} />
        <div className="items">
          {shown.map((i) => (
            <button
              key={i.id}
              className="item"
              disabled={!i.available || order !== null}
              aria-label={`Add ${i.name}`}
              onClick={() => tap(i)}
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
            <CustomerBar
              customer={customer}
              onPick={() => setDialog('customer')}
              onRemove={() => attach(null)}
            />
            <CartView lines={lines} onChange={changeCart} />
            <Totals {...est} estimate />
            <ErrorNote message={error} />
            {info && (
              <p className="info" role="status">
                {info}
              </p>
            )}
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
                className="ghost"
                disabled={lines.length === 0 || busy || !can('orders.create')}
                onClick={() => void hold()}
              >
                Hold
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
            customer={customer}
            lastPayment={lastPayment}
            busy={busy}
            error={error}
            info={info}
            gate={(what, call) => approval.gated('orders.discount', what, call)}
            onChanged={setOrder}
            onPaid={(o, p) => {
              setOrder(o);
              setLastPayment(p);
            }}
            onSend={sendToKitchen}
            onHold={() => void hold()}
            onNew={newOrder}
          />
        )}
      </aside>
      {picking && (
        <ModifierPicker
          item={picking}
          groups={groupsFor(picking.id, groups)}
          onClose={() => setPicking(null)}
          onAdd={(mods: ChosenModifier[]) => {
            changeCart(addItem(lines, picking, `l${++seq.current}`, mods));
            setPicking(null);
          }}
        />
      )}
      {dialog === 'customer' && <CustomerPicker onPick={attach} onClose={() => setDialog(null)} />}
      {dialog === 'held' && <HeldOrders onRecalled={recalled} onClose={() => setDialog(null)} />}
      {approval.dialog}
    </div>
  );
}

function CustomerBar({
  customer,
  onPick,
  onRemove,
}: {
  customer: Customer | null;
  onPick(): void;
  onRemove(): void;
}) {
  return (
    <div className="customer-bar" aria-label="Customer">
      {customer ? (
        <>
          <span>
            Customer: <strong>{customer.name}</strong>
          </span>
          <button type="button" className="link" onClick={onPick}>
            Change
          </button>
          <button type="button" className="link" aria-label="Remove customer" onClick={onRemove}>
            Remove
          </button>
        </>
      ) : (
        <button type="button" className="ghost" onClick={onPick}>
          + Customer
        </button>
      )}
    </div>
  );
}

function OrderPanel({
  order,
  customer,
  lastPayment,
  busy,
  error,
  info,
  gate,
  onChanged,
  onPaid,
  onSend,
  onHold,
  onNew,
}: {
  order: Order;
  customer: Customer | null;
  lastPayment: Payment | null;
  busy: boolean;
  error: string | null;
  info: string | null;
  gate: Parameters<typeof DiscountForm>[0]['gate'];
  onChanged(o: Order): void;
  onPaid(o: Order, p: Payment): void;
  onSend(): void;
  onHold(): void;
  onNew(): void;
}) {
  const { money, can } = useSession();
  const [discounting, setDiscounting] = useState(false);
  const paidInFull = order.balance === 0;
  const pending = order.status === 'pending';
  // A discount lowers the total: only while no money is held (the server says has_payments).
  const canDiscount = pending && order.paid - order.refunded === 0;
  return (
    <>
      <h2>
        Order <span className="order-no">#{order.number}</span>{' '}
        <span className={`badge s-${order.status}`}>{STATUS_LABEL[order.status]}</span>
      </h2>
      {customer && (
        <p className="muted">
          Customer: <strong>{customer.name}</strong>
        </p>
      )}
      <OrderLines order={order} />
      <Totals
        subtotal={order.subtotal}
        discount={order.discount}
        tax={order.tax}
        total={order.total}
      />
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
      {lastPayment && lastPayment.tip > 0 && (
        <p className="paid-line" role="status" aria-label="Tip">
          Tip {money.format(lastPayment.tip)} · charged{' '}
          {money.format(lastPayment.amount + lastPayment.tip)}
        </p>
      )}
      {discounting ? (
        <DiscountForm
          order={order}
          gate={gate}
          onCancel={() => setDiscounting(false)}
          onDone={(o) => {
            setDiscounting(false);
            onChanged(o);
          }}
        />
      ) : paidInFull ? (
        <p className="paid-full" role="status">
          Paid in full
        </p>
      ) : (
        can('payments.take') && <PaymentPanel order={order} onPaid={onPaid} />
      )}
      <ErrorNote message={error} />
      {info && (
        <p className="info" role="status">
          {info}
        </p>
      )}
      {pending && !discounting && (
        <div className="row">
          {canDiscount && (
            <button type="button" className="ghost grow" onClick={() => setDiscounting(true)}>
              Discount…
            </button>
          )}
          <button type="button" className="ghost grow" disabled={busy} onClick={onHold}>
            Hold
          </button>
        </div>
      )}
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
