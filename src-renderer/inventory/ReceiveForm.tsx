import { useState, type FormEvent } from 'react';
import type { InventoryItem } from '../../src-shared/contract/inventory';
import { Dialog } from '../components/Dialog';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { useAttemptKey } from '../lib/attempt-key';
import { formErrors, NO_ERRORS, type FormErrors } from '../lib/form-errors';
import { useSession } from '../session';
import { QUANTITY_HINT } from './hints';

interface Line {
  itemId: string;
  quantity: string;
  unitCost: string;
}

const blank = (itemId = ''): Line => ({ itemId, quantity: '', unitCost: '' });

/** Goods received: several lines (item, quantity, cost per unit), the supplier and reference. */
export function ReceiveForm({
  items,
  onClose,
  onSaved,
}: {
  items: InventoryItem[];
  onClose(): void;
  onSaved(): void;
}) {
  const { client, money } = useSession();
  const [lines, setLines] = useState<Line[]>([blank(items[0]?.id)]);
  const [supplier, setSupplier] = useState('');
  const [reference, setReference] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const key = useAttemptKey();

  const setLine = (i: number, patch: Partial<Line>) => {
    key.reset();
    setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    // Money is checked here (the API takes minor units): "4.5" is 450, "4.555" is refused.
    const local: Record<string, string> = {};
    const costs = lines.map((l, i) => {
      if (l.unitCost.trim() === '') return undefined;
      const minor = money.parse(l.unitCost);
      if (minor === null) local[`items.${i}.unitCost`] = 'Enter an amount such as 4.50.';
      return minor ?? undefined;
    });
    if (Object.keys(local).length) {
      setErrors({ fields: local, message: 'Some fields need another look (marked below).' });
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await client.receiveStock(
        {
          items: lines.map((l, i) => ({
            inventoryItemId: l.itemId,
            quantity: l.quantity.trim().replace(',', '.'),
            ...(costs[i] !== undefined ? { unitCost: costs[i] } : {}),
          })),
          ...(supplier.trim() ? { supplier } : {}),
          ...(reference.trim() ? { reference } : {}),
        },
        { idempotencyKey: key.get() },
      );
      key.done();
      onSaved();
    } catch (err) {
      key.failed(err);
      setErrors(formErrors(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title="Receive stock" onClose={onClose} wide>
      <form className="stock-form" onSubmit={submit} aria-label="Receive stock">
        <ErrorNote message={errors.message} />
        {lines.map((l, i) => {
          const unit = items.find((it) => it.id === l.itemId)?.unit ?? '';
          return (
            <fieldset key={i} className="receive-line">
              <legend>Line {i + 1}</legend>
              <Field
                label={<LineLabel text="Item" n={i + 1} />}
                error={errors.fields[`items.${i}.inventoryItemId`]}
              >
                {(p) => (
                  <select
                    {...p}
                    value={l.itemId}
                    onChange={(e) => setLine(i, { itemId: e.target.value })}
                  >
                    {items.map((it) => (
                      <option key={it.id} value={it.id}>
                        {it.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field
                label={<LineLabel text="Quantity" n={i + 1} />}
                hint={unit ? `In ${unit}` : QUANTITY_HINT}
                error={errors.fields[`items.${i}.quantity`]}
              >
                {(p) => (
                  <input
                    {...p}
                    inputMode="decimal"
                    value={l.quantity}
                    onChange={(e) => setLine(i, { quantity: e.target.value })}
                  />
                )}
              </Field>
              <Field
                label={<LineLabel text="Cost per unit" n={i + 1} />}
                hint="Optional"
                error={errors.fields[`items.${i}.unitCost`]}
              >
                {(p) => (
                  <input
                    {...p}
                    inputMode="decimal"
                    value={l.unitCost}
                    onChange={(e) => setLine(i, { unitCost: e.target.value })}
                  />
                )}
              </Field>
              {lines.length > 1 && (
                <button
                  type="button"
                  className="ghost"
                  aria-label={`Remove line ${i + 1}`}
                  onClick={() => {
                    key.reset();
                    setLines((ls) => ls.filter((_, j) => j !== i));
                  }}
                >
                  Remove
                </button>
              )}
            </fieldset>
          );
        })}
        <div>
          <button
            type="button"
            onClick={() => {
              key.reset();
              setLines((ls) => [...ls, blank(items[0]?.id)]);
            }}
          >
            Add a line
          </button>
        </div>
        <div className="form-grid">
          <Field label="Supplier" error={errors.fields.supplier}>
            {(p) => (
              <input
                {...p}
                value={supplier}
                onChange={(e) => {
                  key.reset();
                  setSupplier(e.target.value);
                }}
              />
            )}
          </Field>
          <Field
            label="Reference"
            hint="Delivery note or invoice number"
            error={errors.fields.reference}
          >
            {(p) => (
              <input
                {...p}
                value={reference}
                onChange={(e) => {
                  key.reset();
                  setReference(e.target.value);
                }}
              />
            )}
          </Field>
        </div>
        <div className="row">
          <button type="button" className="ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Record delivery
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** "Quantity" on screen, "Quantity, line 2" to a screen reader (and to getByLabel). */
function LineLabel({ text, n }: { text: string; n: number }) {
  return (
    <>
      {text}
      <span className="sr-only">, line {n}</span>
    </>
  );
}
