import { useState, type FormEvent } from 'react';
import type { Order } from '../../src-shared/contract/orders';
import type { Approval } from '../api/client';
import { ErrorNote } from '../components/ErrorNote';
import { plainError } from '../lib/errors';
import { useAttemptKey } from '../lib/attempt-key';
import { useSession } from '../session';

type Gate = <T>(
  what: string,
  call: (o: { approval?: Approval }) => Promise<T>,
) => Promise<T | null>;

/**
 * A discount on the whole order or one line: a percentage or an amount, and a reason (required:
 * it goes to the audit log). Sent through `gate`, which asks for a manager's PIN when the
 * signed-in user may not give discounts.
 */
export function DiscountForm({
  order,
  gate,
  onDone,
  onCancel,
}: {
  order: Order;
  gate: Gate;
  onDone(o: Order): void;
  onCancel(): void;
}) {
  const { client, money, can } = useSession();
  const [target, setTarget] = useState<string>('');
  const [kind, setKind] = useState<'percent' | 'amount'>('percent');
  const [valueText, setValueText] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useAttemptKey();

  const pct = Number(valueText.trim().replace(',', '.'));
  const value =
    kind === 'percent'
      ? /^\d{1,3}([.,]\d{1,2})?$/.test(valueText.trim()) && pct > 0 && pct <= 100
        ? pct
        : null
      : money.parse(valueText);
  const valid = value !== null && value > 0 && reason.trim() !== '';
  const line = order.items.find((i) => i.id === target);
  const what =
    value === null
      ? 'A discount'
      : `A discount of ${kind === 'percent' ? `${value} %` : money.format(value)} on ${
          line ? line.name : `order #${order.number}`
        }`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!valid || busy || value === null) return;
    setBusy(true);
    setError(null);
    const body = {
      id: order.id,
      ...(target ? { itemId: target } : {}),
      ...(kind === 'percent' ? { percent: value } : { amount: value }),
      reason: reason.trim(),
    };
    const idempotencyKey = key.get(body);
    try {
      const o = await gate(what, ({ approval }) =>
        client.addDiscount(body, { idempotencyKey, ...(approval ? { approval } : {}) }),
      );
      if (o) onDone(o);
    } catch (err) {
      key.failed(err);
      setError(plainError(err).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="discount card" onSubmit={submit} aria-label="Discount">
      <h3>Discount</h3>
      {!can('orders.discount') && (
        <p className="hint">A manager will be asked for their PIN to approve it.</p>
      )}
      <label>
        Discount on
        <select value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="">Whole order</option>
          {order.items.map((i) => (
            <option key={i.id} value={i.id}>
              {i.quantity} × {i.name} ({money.format(i.lineTotal)})
            </option>
          ))}
        </select>
      </label>
      <div className="segmented" role="group" aria-label="Discount kind">
        <button type="button" aria-pressed={kind === 'percent'} onClick={() => setKind('percent')}>
          Percent
        </button>
        <button type="button" aria-pressed={kind === 'amount'} onClick={() => setKind('amount')}>
          Amount
        </button>
      </div>
      <label>
        {kind === 'percent' ? 'Percent off' : 'Amount off'}
        <input
          inputMode="decimal"
          value={valueText}
          placeholder={kind === 'percent' ? '10' : '1.00'}
          onChange={(e) => setValueText(e.target.value)}
        />
      </label>
      <label>
        Reason
        <input
          value={reason}
          maxLength={200}
          placeholder="e.g. loyalty, staff, complaint"
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <ErrorNote message={error} />
      <div className="row">
        <button type="button" className="ghost grow" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary grow" disabled={!valid || busy}>
          Apply discount
        </button>
      </div>
    </form>
  );
}
