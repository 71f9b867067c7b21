import { useState, type FormEvent } from 'react';
import type { InventoryItem } from '../../src-shared/contract/inventory';
import { Dialog } from '../components/Dialog';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { useAttemptKey } from '../lib/attempt-key';
import { formErrors, NO_ERRORS, type FormErrors } from '../lib/form-errors';
import { useSession } from '../session';
import { QUANTITY_HINT } from './hints';

/**
 * A new stock item (name, unit, alert threshold, opening stock) or an existing one's name, unit
 * and threshold. Stock on hand of an existing item changes only by receiving, adjusting or
 * counting, so it is not here.
 */
export function ItemForm({
  item,
  levels = true,
  onClose,
  onSaved,
}: {
  item: InventoryItem | null;
  /** Whether stock on hand is kept here (a till); the hub's office keeps items, not levels. */
  levels?: boolean;
  onClose(): void;
  onSaved(item: InventoryItem): void;
}) {
  const { client } = useSession();
  const [name, setName] = useState(item?.name ?? '');
  const [unit, setUnit] = useState(item?.unit ?? '');
  const [threshold, setThreshold] = useState(item ? String(item.lowStockThreshold) : '');
  const [opening, setOpening] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const key = useAttemptKey();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    const norm = (t: string) => t.trim().replace(',', '.');
    try {
      const saved = item
        ? await client.updateInventoryItem({
            id: item.id,
            name,
            unit,
            lowStockThreshold: norm(threshold) || '0',
          })
        : await client.createInventoryItem(
            {
              name,
              unit,
              ...(norm(threshold) ? { lowStockThreshold: norm(threshold) } : {}),
              ...(norm(opening) ? { onHand: norm(opening) } : {}),
            },
            { idempotencyKey: key.get() },
          );
      key.done();
      onSaved(saved);
    } catch (err) {
      key.failed(err);
      setErrors(formErrors(err));
    } finally {
      setBusy(false);
    }
  }

  const edit = (set: (v: string) => void) => (v: string) => {
    key.reset();
    set(v);
  };

  return (
    <Dialog title={item ? `Edit ${item.name}` : 'Add stock item'} onClose={onClose}>
      <form
        className="stock-form"
        onSubmit={submit}
        aria-label={item ? 'Edit stock item' : 'Add stock item'}
      >
        <ErrorNote message={errors.message} />
        <Field label="Name" error={errors.fields.name}>
          {(p) => <input {...p} value={name} onChange={(e) => edit(setName)(e.target.value)} />}
        </Field>
        <Field label="Unit" hint="kg, l, pcs…" error={errors.fields.unit}>
          {(p) => <input {...p} value={unit} onChange={(e) => edit(setUnit)(e.target.value)} />}
        </Field>
        <Field
          label="Low-stock alert at"
          hint={`Warn when stock is at or below this. ${QUANTITY_HINT}`}
          error={errors.fields.lowStockThreshold}
        >
          {(p) => (
            <input
              {...p}
              inputMode="decimal"
              value={threshold}
              onChange={(e) => edit(setThreshold)(e.target.value)}
            />
          )}
        </Field>
        {!item && levels && (
          <Field
            label="Opening stock"
            hint="What is on the shelf now (recorded as the opening balance)"
            error={errors.fields.onHand}
          >
            {(p) => (
              <input
                {...p}
                inputMode="decimal"
                value={opening}
                onChange={(e) => edit(setOpening)(e.target.value)}
              />
            )}
          </Field>
        )}
        <div className="row">
          <button type="button" className="ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {item ? 'Save changes' : 'Add item'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
