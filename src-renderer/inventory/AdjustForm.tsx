import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import type { InventoryItem } from '../../src-shared/contract/inventory';
import { Dialog } from '../components/Dialog';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { useAttemptKey } from '../lib/attempt-key';
import { formErrors, NO_ERRORS, type FormErrors } from '../lib/form-errors';
import { useSession } from '../session';
import { QUANTITY_HINT } from './hints';

/** A correction with a reason: by how much (signed), or to what was counted. */
export function AdjustForm({
  item,
  onClose,
  onSaved,
}: {
  item: InventoryItem;
  onClose(): void;
  onSaved(): void;
}) {
  const { client } = useSession();
  const [mode, setMode] = useState<'delta' | 'count'>('delta');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const key = useAttemptKey();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    const q = amount.trim().replace(',', '.');
    try {
      await client.adjustStock(
        {
          inventoryItemId: item.id,
          ...(mode === 'delta' ? { delta: q } : { countedQuantity: q }),
          reason,
        },
        { idempotencyKey: key.get() },
      );
      key.done();
      onSaved();
    } catch (err) {
      key.failed(err);
      const f = formErrors(err);
      // negative_stock is a 422 without field issues: it belongs to the amount.
      if (err instanceof ApiError && err.code === 'negative_stock') {
        f.fields[mode === 'delta' ? 'delta' : 'countedQuantity'] =
          `That would leave less than zero (${item.onHand} ${item.unit} on hand).`;
        f.message = null;
      }
      setErrors(f);
    } finally {
      setBusy(false);
    }
  }

  const amountError =
    mode === 'delta' ? errors.fields.delta : (errors.fields.countedQuantity ?? errors.fields.delta);

  return (
    <Dialog title={`Adjust ${item.name}`} onClose={onClose}>
      <form className="stock-form" onSubmit={submit} aria-label="Adjust stock">
        <p className="muted">
          On hand now: {item.onHand} {item.unit}
        </p>
        <ErrorNote message={errors.message} />
        <div className="segmented" role="group" aria-label="Adjust by">
          <button
            type="button"
            aria-pressed={mode === 'delta'}
            onClick={() => {
              key.reset();
              setMode('delta');
            }}
          >
            Change by
          </button>
          <button
            type="button"
            aria-pressed={mode === 'count'}
            onClick={() => {
              key.reset();
              setMode('count');
            }}
          >
            Set to counted
          </button>
        </div>
        <Field
          label={mode === 'delta' ? `Change (${item.unit})` : `Counted (${item.unit})`}
          hint={
            mode === 'delta' ? `Negative to take out, e.g. -0.5. ${QUANTITY_HINT}` : QUANTITY_HINT
          }
          error={amountError}
        >
          {(p) => (
            <input
              {...p}
              inputMode="decimal"
              value={amount}
              onChange={(e) => {
                key.reset();
                setAmount(e.target.value);
              }}
            />
          )}
        </Field>
        <Field
          label="Reason"
          hint="Spilled, out of date, found in the back…"
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
          <button type="button" className="ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Save adjustment
          </button>
        </div>
      </form>
    </Dialog>
  );
}
