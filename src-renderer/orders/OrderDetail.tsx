import { useCallback, useEffect, useState } from 'react';
import type { Order } from '../../src-shared/contract/orders';
import type { Payment } from '../../src-shared/contract/payments';
import { allowedNext, extraPermissionFor, type OrderStatus } from '../../src-shared/order-states';
import { useManagerApproval } from '../components/Approval';
import { Dialog } from '../components/Dialog';
import { ReceiptPanel } from '../receipts/ReceiptPanel';
import { ErrorNote } from '../components/ErrorNote';
import { plainError } from '../lib/errors';
import { MOVE_LABEL, STATUS_LABEL } from '../lib/status';
import { timeOfDay } from '../lib/time';
import { useSession } from '../session';
import { OrderLines } from '../till/OrderLines';
import { Totals } from '../till/OrderTotals';
import { PaymentPanel } from '../till/PaymentPanel';
import { RefundForm } from './RefundForm';

/**
 * One order: lines, totals, payments, history, and a button for each move the state machine
 * allows and this user may make. Refunds go through a payment (with a reason).
 */
export function OrderDetail({ id, onChanged }: { id: string; onChanged(o: Order): void }) {
  const { client, money, can, settings } = useSession();
  const [order, setOrder] = useState<Order | null>(null);
  const [payments, setPayments] = useState<Payment[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [cancelReason, setCancelReason] = useState('');
  const [refunding, setRefunding] = useState<string | null>(null);
  const [showReceipt, setShowReceipt] = useState(false);
  const approval = useManagerApproval();

  const load = useCallback(async () => {
    try {
      const [o, p] = await Promise.all([
        client.getOrder({ id }),
        client.listPayments({ orderId: id }),
      ]);
      setOrder(o);
      setPayments(p.payments);
    } catch (e) {
      setError(plainError(e).message);
    }
  }, [client, id]);

  useEffect(() => {
    void load();
  }, [load]);

  if (!order) return error ? <ErrorNote message={error} /> : <p className="muted">Loading…</p>;

  const update = (o: Order) => {
    setOrder(o);
    onChanged(o);
  };

  async function move(to: OrderStatus) {
    if (!order || busy) return;
    setBusy(true);
    setError(null);
    try {
      const reason = to === 'cancelled' && cancelReason.trim() ? cancelReason.trim() : undefined;
      const input = { id: order.id, status: to, ...(reason ? { reason } : {}) };
      // Cancelling needs orders.cancel: a cashier without it gets a manager's PIN asked for.
      const moved =
        to === 'cancelled'
          ? await approval.gated('orders.cancel', `Cancelling order #${order.number}`, (o) =>
              client.updateOrderStatus(input, o),
            )
          : await client.updateOrderStatus(input);
      if (moved) update(moved);
    } catch (e) {
      setError(plainError(e).message);
      await load();
    } finally {
      setBusy(false);
    }
  }

  const unrefunded = order.paid - order.refunded;
  const moves = can('orders.status')
    ? allowedNext(order.status).filter((to) => {
        // Refunds are made per payment below, each with its reason.
        if (to === 'refunded') return false;
        // A cancel the user may not make is still offered: a manager's PIN can let it through.
        const extra = extraPermissionFor(to);
        if (extra && extra !== 'orders.cancel' && !can(extra)) return false;
        if (to === 'cancelled' && unrefunded > 0) return false;
        return true;
      })
    : [];
  const open = order.status !== 'cancelled' && order.status !== 'refunded';

  return (
    <article className="order-detail" aria-label={`Order ${order.number}`}>
      <h2>
        Order <span className="order-no">#{order.number}</span>{' '}
        <span className={`badge s-${order.status}`}>{STATUS_LABEL[order.status]}</span>
      </h2>
      <p className="muted">{timeOfDay(order.createdAt, settings.locale, settings.timeZone)}</p>
      <OrderLines order={order} />
      {order.note && <p className="line-note">Note: {order.note}</p>}
      <Totals
        subtotal={order.subtotal}
        discount={order.discount}
        tax={order.tax}
        total={order.total}
      />
      {order.discounts.length > 0 && (
        <ul className="discounts muted">
          {order.discounts.map((d) => (
            <li key={d.id}>
              Discount {d.kind === 'percent' ? `${d.percent} %` : money.format(d.amount)}
              {d.itemId
                ? ` on ${order.items.find((i) => i.id === d.itemId)?.name ?? 'a line'}`
                : ''}{' '}
              −{money.format(d.amount)} · {d.reason}
            </li>
          ))}
        </ul>
      )}
      <p className="paid-line">
        Paid {money.format(order.paid)}
        {order.refunded > 0 && <> · Refunded {money.format(order.refunded)}</>} · Due{' '}
        {money.format(order.balance)}
      </p>
      <div className="row">
        <button type="button" className="ghost" onClick={() => setShowReceipt(true)}>
          Receipt…
        </button>
      </div>
      {showReceipt && (
        <Dialog
          title={`Receipt of order ${order.number}`}
          onClose={() => setShowReceipt(false)}
          wide
        >
          <ReceiptPanel orderId={order.id} version={order.updatedAt} />
        </Dialog>
      )}
      <ErrorNote message={error} />
      {moves.length > 0 && (
        <div className="moves" role="group" aria-label="Order actions">
          {moves.map((to) =>
            to === 'completed' && order.balance > 0 ? (
              <button key={to} type="button" disabled title="The order still has money to pay">
                Complete (unpaid)
              </button>
            ) : (
              <button
                key={to}
                type="button"
                className={to === 'cancelled' ? 'danger' : 'primary'}
                disabled={busy}
                onClick={() => void move(to)}
              >
                {MOVE_LABEL[to]}
              </button>
            ),
          )}
          {moves.includes('cancelled') && (
            <label className="inline">
              Cancel reason
              <input value={cancelReason} onChange={(e) => setCancelReason(e.target.value)} />
            </label>
          )}
        </div>
      )}
      {/* After a refund the balance formula shows money "due" again; that is not a new sale. */}
      {open && order.balance > 0 && order.refunded === 0 && can('payments.take') && (
        <PaymentPanel
          order={order}
          onPaid={(o) => {
            update(o);
            void load();
          }}
        />
      )}
      <h3>Payments</h3>
      {payments.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul className="payments">
          {payments.map((p) => (
            <li key={p.id}>
              <div className="pay-line">
                <span>
                  {p.method} {money.format(p.amount)}
                  {p.change ? ` (tendered ${money.format(p.tendered ?? 0)})` : ''}
                  {p.tip > 0 && ` + tip ${money.format(p.tip)}`}
                  {p.refunded > 0 && ` · refunded ${money.format(p.refunded)}`}
                </span>
                {p.amount - p.refunded > 0 && (
                  <button
                    type="button"
                    className="ghost"
                    title={can('payments.refund') ? undefined : 'Needs a manager’s PIN'}
                    onClick={() => setRefunding(refunding === p.id ? null : p.id)}
                  >
                    Refund…
                  </button>
                )}
              </div>
              {refunding === p.id && (
                <RefundForm
                  payment={p}
                  gate={(what, call) => approval.gated('payments.refund', what, call)}
                  onDone={(o) => {
                    setRefunding(null);
                    update(o);
                    void load();
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      <h3>History</h3>
      <ol className="history">
        {order.history.map((h, i) => (
          <li key={i}>
            <span>
              {h.from ? `${STATUS_LABEL[h.from]} → ` : 'Created → '}
              {STATUS_LABEL[h.to]}
            </span>
            <span className="muted">
              {timeOfDay(h.at, settings.locale, settings.timeZone)}
              {h.reason ? ` · ${h.reason}` : ''}
            </span>
          </li>
        ))}
      </ol>
      {approval.dialog}
    </article>
  );
}
