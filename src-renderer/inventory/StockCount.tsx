import { useState, type FormEvent } from 'react';
import type { InventoryItem } from '../../src-shared/contract/inventory';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { useAttemptKey } from '../lib/attempt-key';
import { formErrors, NO_ERRORS, type FormErrors } from '../lib/form-errors';
import { useSession } from '../session';

/**
 * A stock count: walk the list, type what is on the shelf, save it as one count (the server
 * applies every line in one transaction). Items left blank are not counted.
 */
export function StockCount({
  items,
  onCancel,
  onSaved,
}: {
  items: InventoryItem[];
  onCancel(): void;
  onSaved(counted: number): void;
}) {
  const { client } = useSession();
  const [counted, setCounted] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const key = useAttemptKey();

  const lines = items
    .filter((i) => (counted[i.id] ?? '').trim() !== '')
    .map((i) => ({
      inventoryItemId: i.id,
      countedQuantity: (counted[i.id] ?? '').trim().replace(',', '.'),
    }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (lines.length === 0) {
      setErrors({ fields: {}, message: 'Type at least one counted quantity.' });
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await client.countStock(
        { lines, ...(reason.trim() ? { reason } : {}) },
        { idempotencyKey: key.get() },
      );
      key.done();
      onSaved(lines.length);
    } catch (err) {
      key.failed(err);
      setErrors(formErrors(err));
    } finally {
      setBusy(false);
    }
  }

  // The server's issue paths count the lines sent, not the table's rows.
  const lineError = (id: string) => {
    const n = lines.findIndex((l) => l.inventoryItemId === id);
    return n < 0 ? undefined : errors.fields[`lines.${n}.countedQuantity`];
  };

  return (
    <form className="card stock-count" onSubmit={submit} aria-label="Stock count">
      <h2>Stock count</h2>
      <p className="muted">
        Type what is on the shelf; leave an item blank to skip it. Saving sets every counted item at
        once.
      </p>
      <ErrorNote message={errors.message} />
      <table className="table">
        <thead>
          <tr>
            <th>Item</th>
            <th className="num">Expected</th>
            <th>Counted</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => {
            const err = lineError(i.id);
            return (
              <tr key={i.id}>
                <td>{i.name}</td>
                <td className="num">
                  {i.onHand} {i.unit}
                </td>
                <td className={err ? 'field invalid' : undefined}>
                  <input
                    aria-label={`Counted ${i.name}`}
                    aria-invalid={err ? true : undefined}
                    inputMode="decimal"
                    className="count-input"
                    value={counted[i.id] ?? ''}
                    onChange={(e) => {
                      key.reset();
                      setCounted((c) => ({ ...c, [i.id]: e.target.value }));
                    }}
                  />{' '}
                  {i.unit}
                  {err && <small className="field-error"> {err}</small>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <Field
        label="Reason"
        hint="Optional; “stock count” when left blank"
        error={errors.fields.reason}
      >
        {(p) => (
          <input
            {...p}
            value={reason}
            onChange={(e) => {
              key.reset();
              setReason(e.target.value);
            }}
          />
        )}
      </Field>
      <div className="row">
        <button type="button" className="ghost" onClick={onCancel}>
          Cancel count
        </button>
        <button type="submit" className="primary" disabled={busy}>
          Save count ({lines.length} {lines.length === 1 ? 'item' : 'items'})
        </button>
      </div>
    </form>
  );
}
