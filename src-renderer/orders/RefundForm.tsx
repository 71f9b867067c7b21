import { useState, type FormEvent } from 'react';
import type { Order } from '../../src-shared/contract/orders';
import type { Payment } from '../../src-shared/contract/payments';
import type { Approval } from '../api/client';
import { ErrorNote } from '../components/ErrorNote';
import { plainError } from '../lib/errors';
import { toInputText } from '../lib/money';
import { useAttemptKey } from '../lib/attempt-key';
import { useSession } from '../session';

type Gate = <T>(
  what: string,
  call: (o: { approval?: Approval }) => Promise<T>,
) => Promise<T | null>;

/**
 * Refund part or all of one payment; a reason is required (it goes to the audit trail). Sent
 * through `gate`, which asks for a manager's PIN when the user may not refund.
 */
export function RefundForm({
  payment,
  gate,
  onDone,
}: {
  payment: Payment;
  gate: Gate;
  onDone(o: Order): void;
}) {
  const { client, money, can } = useSession();
  const left = payment.amount - payment.refunded;
  const [amountText, setAmountText] = useState(toInputText(left, money.unit));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useAttemptKey();
  const amount = money.parse(amountText);
  const valid = amount !== null && amount > 0 && amount <= left && reason.trim() !== '';

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!valid || busy || amount === null) return;
    setBusy(true);
    setError(null);
    const body = { id: payment.id, amount, reason: reason.trim(), drawerId: 'main' };
    const idempotencyKey = key.get(body);
    try {
      const res = await gate(`Refunding ${money.format(amount)}`, ({ approval }) =>
        client.refundPayment(body, { idempotencyKey, ...(approval ? { approval } : {}) }),
      );
      if (res) onDone(res.order);
    } catch (err) {
      key.failed(err);
      setError(plainError(err).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="refund" onSubmit={submit} aria-label="Refund payment">
      {!can('payments.refund') && (
        <p className="hint">A manager will be asked for their PIN to approve it.</p>
      )}
      <label>
        Refund amount (up to {money.format(left)})
        <input
          inputMode="decimal"
          value={amountText}
          onChange={(e) => {
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
