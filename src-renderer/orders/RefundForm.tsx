import { useRef, useState, type FormEvent } from 'react';
import type { Order } from '../../src-shared/contract/orders';
import type { Payment } from '../../src-shared/contract/payments';
import { ApiError, newIdempotencyKey } from '../api/client';
import { ErrorNote } from '../components/ErrorNote';
import { plainError } from '../lib/errors';
import { toInputText } from '../lib/money';
import { useSession } from '../session';

/** Refund part or all of one payment; a reason is required (it goes to the audit trail). */
export function RefundForm({ payment, onDone }: { payment: Payment; onDone(o: Order): void }) {
  const { client, money } = useSession();
  const left = payment.amount - payment.refunded;
  const [amountText, setAmountText] = useState(toInputText(left, money.unit));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef<string | null>(null);
  const amount = money.parse(amountText);
  const valid = amount !== null && amount > 0 && amount <= left && reason.trim() !== '';

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!valid || busy || amount === null) return;
    setBusy(true);
    setError(null);
    key.current ??= newIdempotencyKey();
    try {
      const res = await client.refundPayment(
        { id: payment.id, amount, reason: reason.trim(), drawerId: 'main' },
        { idempotencyKey: key.current },
      );
      onDone(res.order);
    } catch (err) {
      if (err instanceof ApiError && err.status >= 400 && err.status < 500) key.current = null;
      setError(plainError(err).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="refund" onSubmit={submit} aria-label="Refund payment">
      <label>
        Refund amount (up to {money.format(left)})
        <input
          inputMode="decimal"
          value={amountText}
          onChange={(e) => {
            key.current = null;
            setAmountText(e.target.value);
          }}
        />
      </label>
      <label>
        Reason
        <input
          value={reason}
          maxLength={200}
          onChange={(e) => {
            key.current = null;
            setReason(e.target.value);
          }}
        />
      </label>
      <ErrorNote message={error} />
      <button type="submit" className="danger" disabled={!valid || busy}>
        Refund {amount !== null ? money.format(amount) : ''}
      </button>
    </form>
  );
}
