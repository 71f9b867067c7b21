import { useMemo, useState } from 'react';
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
import { ReceiptPanel } from '../receipts/ReceiptPanel';
import { useFollowOrder } from '../till/follow';
import { useSale, type Sale } from '../till/sale';
import { nextEvenShare } from '../till/split';
import { SplitBill, type SplitChoice } from '../till/SplitBill';
import './till.css';

const ALL = '__all__';

/** The till: menu on the left, the cart (then the created order and its payment) on the right. */
export function Till() {
  const { client, money, can } = useSession();
  const [category, setCategory] = useState<string>(ALL);
  const [sale, update] = useSale();
  const { lines, order, customer } = sale;
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [picking, setPicking] = useState<MenuItem | null>(null);
  const [dialog, setDialog] = useState<'customer' | 'held' | 'split' | null>(null);
  const approval = useManagerApproval();
  const setOrder = (o: Order) => update({ order: o });

  // The kitchen's moves (and other tills' changes) show here as they happen; an older snapshot
  // never rolls the order back.
  useFollowOrder(client, order, (o) =>
    update((s) =>
      s.order && s.order.id === o.id && s.order.updatedAt <= o.updatedAt ? { order: o } : {},
    ),
  );

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
    update({ lines: next, createKey: null });
    setInfo(null);
  }

  function addToCart(item: MenuItem, mods: ChosenModifier[] = []) {
    update((s) => ({
      lines: addItem(s.lines, item, `l${s.seq + 1}`, mods),
      seq: s.seq + 1,
      createKey: null,
    }));
    setInfo(null);
  }

  /** A loaded order that is still open (pending, nothing paid, not parked) takes more items. */
  const addable = order !== null && order.status === 'pending' && order.paid - order.refunded === 0;

  function tap(item: MenuItem) {
    if (groupsFor(item.id, groups).length > 0) return setPicking(item);
    if (order) void addToOrder(item, []);
    else addToCart(item);
  }

  async function addToOrder(item: MenuItem, mods: ChosenModifier[]) {
    if (!order || busy) return;
    setBusy(true);
    setError(null);
    try {
      const next = await client.addOrderItems(
        {
          id: order.id,
          items: [
            {
              menuItemId: item.id,
              quantity: 1,
              ...(mods.length > 0 ? { modifiers: mods.map((m) => m.id) } : {}),
            },
          ],
        },
        { idempotencyKey: newIdempotencyKey() },
      );
      update({ order: next, split: null, charge: null });
      setInfo(`${item.name} added to order #${next.number}.`);
    } catch (e) {
      setError(plainError(e).message);
    } finally {
      setBusy(false);
    }
  }

  function attach(c: Customer | null) {
    update({ customer: c, createKey: null });
    setDialog(null);
  }

  /** Sends the cart as a new order; null when it was refused (the error is on screen). */
  async function sendCart(): Promise<Order | null> {
    const key = sale.createKey ?? newIdempotencyKey();
    update({ createKey: key });
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
        { idempotencyKey: key },
      );
      update({ createKey: null });
      return created;
    } catch (e) {
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) update({ createKey: null });
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
    setInfo(`Order #${o.number} recalled. Tap items to add them to it.`);
    if (o.customerId)
      client.getCustomer({ id: o.customerId }).then(
        (c) => update({ customer: c }),
        () => update({ customer: null }),
      );
  }

  function splitChosen(choice: SplitChoice) {
    update({
      split: choice.split,
      charge: {
        amount: choice.amount,
        label: choice.label,
        ...(choice.itemIds ? { itemIds: choice.itemIds } : {}),
      },
    });
    setDialog(null);
  }

  function paid(o: Order, p: Payment) {
    update((s) => ({ order: o, lastPayment: p, ...afterSplitPayment(s, o) }));
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
    update({
      order: null,
      lines: [],
      lastPayment: null,
      customer: null,
      createKey: null,
      split: null,
      charge: null,
    });
    setError(null);
    setInfo(null);
  }

  const idle = order === null && lines.length === 0;
  const settled = order !== null && order.balance === 0 && order.paid > 0;

  return (
    <div className="till">
      {settled ? (
        <section className="menu till-receipt" aria-label="Receipt">
          <ReceiptPanel orderId={order.id} version={order.updatedAt} />
        </section>
      ) : (
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
                disabled={!i.available || (order !== null && !addable) || busy}
                aria-label={order ? `Add ${i.name} to order ${order.number}` : `Add ${i.name}`}
                onClick={() => tap(i)}
              >
                <span className="name">{i.name}</span>
                <span className="price">{i.available ? money.format(i.price) : 'Sold out'}</span>
              </button>
            ))}
          </div>
        </section>
      )}
      <aside className="side" aria-label={order ? `Order ${order.number}` : 'Current sale'}>
        {!order ? (
          <>
            <h2>Current sale</h2>
            <CustomerBar
              customer={customer}
              onPick={() => setDialog('customer')}
              onRemove={() => attach(null)}
            />
            <div className="side-scroll">
              <CartView lines={lines} onChange={changeCart} />
            </div>
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
            sale={sale}
            order={order}
            busy={busy}
            error={error}
            info={info}
            gate={(what, call) => approval.gated('orders.discount', what, call)}
            onChanged={(o) => update({ order: o, split: null, charge: null })}
            onPaid={paid}
            onSplit={() => setDialog('split')}
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
            if (order) void addToOrder(picking, mods);
            else addToCart(picking, mods);
            setPicking(null);
          }}
        />
      )}
      {dialog === 'customer' && <CustomerPicker onPick={attach} onClose={() => setDialog(null)} />}
      {dialog === 'held' && <HeldOrders onRecalled={recalled} onClose={() => setDialog(null)} />}
      {dialog === 'split' && order && (
        <SplitBill
          order={order}
          split={sale.split}
          onChoose={splitChosen}
          onClose={() => setDialog(null)}
        />
      )}
      {approval.dialog}
    </div>
  );
}

/** After a payment under a split: the next share is due (or the split is over). */
function afterSplitPayment(s: Sale, o: Order): Partial<Sale> {
  if (!s.split || o.balance === 0) return { split: null, charge: null };
  if (s.split.kind === 'even') {
    const split = { ...s.split, paidShares: s.split.paidShares + 1 };
    return {
      split,
      charge: {
        amount: nextEvenShare(o.total, o.balance, split),
        label: `Share ${split.paidShares + 1} of ${split.ways}`,
      },
    };
  }
  // By item: those lines are paid; the next guest picks theirs.
  return {
    split: {
      kind: 'items',
      paidItemIds: [...s.split.paidItemIds, ...(s.charge?.itemIds ?? [])],
    },
    charge: null,
  };
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
  sale,
  order,
  busy,
  error,
  info,
  gate,
  onChanged,
  onPaid,
  onSplit,
  onSend,
  onHold,
  onNew,
}: {
  sale: Sale;
  order: Order;
  busy: boolean;
  error: string | null;
  info: string | null;
  gate: Parameters<typeof DiscountForm>[0]['gate'];
  onChanged(o: Order): void;
  onPaid(o: Order, p: Payment): void;
  onSplit(): void;
  onSend(): void;
  onHold(): void;
  onNew(): void;
}) {
  const { money, can } = useSession();
  const { customer, lastPayment } = sale;
  const [discounting, setDiscounting] = useState(false);
  const paidInFull = order.balance === 0;
  const pending = order.status === 'pending';
  // A discount lowers the total: only while no money is held (the server says has_payments).
  const canDiscount = pending && order.paid - order.refunded === 0;
  const canPay = !paidInFull && can('payments.take');
  return (
    <>
      <h2>
        Order <span className="order-no">#{order.number}</span>{' '}
        <span className={`badge s-${order.status}`} role="status" aria-label="Order status">
          {STATUS_LABEL[order.status]}
        </span>
      </h2>
      {customer && (
        <p className="muted">
          Customer: <strong>{customer.name}</strong>
        </p>
      )}
      <div className="side-scroll">
        <OrderLines order={order} />
      </div>
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
        canPay && <PaymentPanel order={order} preset={sale.charge} onPaid={onPaid} />
      )}
      <ErrorNote message={error} />
      {info && (
        <p className="info" role="status">
          {info}
        </p>
      )}
      {!discounting && (canPay || pending) && (
        <div className="row">
          {canPay && order.items.length > 0 && (
            <button type="button" className="ghost grow" onClick={onSplit}>
              Split…
            </button>
          )}
          {canDiscount && (
            <button type="button" className="ghost grow" onClick={() => setDiscounting(true)}>
              Discount…
            </button>
          )}
          {pending && (
            <button type="button" className="ghost grow" disabled={busy} onClick={onHold}>
              Hold
            </button>
          )}
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
