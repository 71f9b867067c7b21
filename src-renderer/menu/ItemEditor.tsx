import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ModifierGroup } from '../../src-shared/contract/modifiers';
import type { InventoryItem } from '../../src-shared/contract/inventory';
import { MAX_PRICE, type MenuCategory, type MenuItem } from '../../src-shared/contract/menu';
import { Dialog } from '../components/Dialog';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { useAttemptKey } from '../lib/attempt-key';
import { formErrors, NO_ERRORS, type FormErrors } from '../lib/form-errors';
import { toInputText } from '../lib/money';
import { useSession } from '../session';
import { bpsToPercent, parseQuantity, percentToBps } from './numbers';

interface RecipeRow {
  key: number;
  inventoryItemId: string;
  quantity: string;
}

/** Stock items for recipes, or why there are none to choose from. */
export type StockChoice = { items: InventoryItem[] } | { why: string };

/**
 * One item, new or existing: name, price, tax, SKU, category, availability, the modifier groups
 * it offers (in the order the till asks them) and its recipe. Saved in one request, which the
 * server writes in one transaction: nothing is half-saved.
 */
export function ItemEditor({
  item,
  categories,
  groups,
  stock,
  onSaved,
  onClose,
}: {
  item: MenuItem | null;
  categories: MenuCategory[];
  groups: ModifierGroup[];
  stock: StockChoice;
  onSaved(item: MenuItem): void;
  onClose(): void;
}) {
  const { client, money, settings } = useSession();
  const [name, setName] = useState(item?.name ?? '');
  const [price, setPrice] = useState(item ? toInputText(item.price, money.unit) : '');
  const [tax, setTax] = useState(item ? bpsToPercent(item.taxRateBps) : '0');
  const [sku, setSku] = useState(item?.sku ?? '');
  const [categoryId, setCategoryId] = useState(item?.categoryId ?? '');
  const [available, setAvailable] = useState(item?.available ?? true);
  const [groupIds, setGroupIds] = useState<string[] | null>(item ? null : []);
  const [addGroup, setAddGroup] = useState('');
  const seq = useRef(0);
  const [recipe, setRecipe] = useState<RecipeRow[]>(
    (item?.recipe ?? []).map((l) => ({
      key: ++seq.current,
      inventoryItemId: l.inventoryItemId,
      quantity: String(l.quantity),
    })),
  );
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const key = useAttemptKey();

  // The item's own group order is not in the item: read it once.
  useEffect(() => {
    if (!item) return;
    client.listItemModifierGroups({ id: item.id }).then(
      (r) => setGroupIds(r.groups.map((g) => g.id)),
      (e: unknown) => setErrors(formErrors(e)),
    );
  }, [client, item]);

  const groupName = (id: string) => groups.find((g) => g.id === id)?.name ?? 'A retired group';
  const offered = groupIds ?? [];
  const addable = groups.filter((g) => !offered.includes(g.id));
  const stockItems = 'items' in stock ? stock.items : [];
  const unitOf = (id: string) => stockItems.find((s) => s.id === id)?.unit ?? '';

  function moveGroup(i: number, by: -1 | 1) {
    const next = [...offered];
    const [g] = next.splice(i, 1);
    next.splice(i + by, 0, g!);
    setGroupIds(next);
  }

  function patchRow(k: number, change: Partial<RecipeRow>) {
    setRecipe((rows) => rows.map((r) => (r.key === k ? { ...r, ...change } : r)));
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    if (busy || groupIds === null) return;
    const fields: Record<string, string> = {};
    const minor = money.parse(price);
    if (minor === null) fields.price = `Type an amount like ${toInputText(450, money.unit)}.`;
    else if (minor > MAX_PRICE) fields.price = `At most ${money.format(MAX_PRICE)}.`;
    const bps = percentToBps(tax);
    if (bps === null) fields.taxRateBps = 'A percent from 0 to 100, at most 2 decimals (8.25).';
    const lines = recipe.map((r, i) => {
      const q = parseQuantity(r.quantity);
      if (!r.inventoryItemId) fields[`recipe.${i}.inventoryItemId`] = 'Choose a stock item.';
      if (q === null)
        fields[`recipe.${i}.quantity`] = 'A positive amount with at most 3 decimals (0.25).';
      return { inventoryItemId: r.inventoryItemId, quantity: q ?? 0 };
    });
    if (Object.keys(fields).length > 0)
      return setErrors({ fields, message: 'Some fields need another look (marked below).' });
    const body = {
      name: name.trim(),
      price: minor!,
      taxRateBps: bps!,
      sku: sku.trim() === '' ? null : sku.trim(),
      categoryId: categoryId === '' ? null : categoryId,
      available,
      recipe: lines,
      modifierGroupIds: groupIds,
    };
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      if (item) onSaved(await client.updateMenuItem({ id: item.id, ...body }));
      else {
        onSaved(await client.createMenuItem(body, { idempotencyKey: key.get() }));
      }
    } catch (err) {
      key.failed(err);
      setErrors(formErrors(err));
    } finally {
      setBusy(false);
    }
  }

  const f = errors.fields;
  return (
    <Dialog title={item ? `Edit ${item.name}` : 'New item'} onClose={onClose} wide>
      <form className="menu-editor" onSubmit={(e) => void save(e)} noValidate>
        <ErrorNote message={errors.message} />
        <div className="menu-grid">
          <Field label="Name" error={f.name} className="span-2">
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label="Price" error={f.price} hint={`In ${settings.currency}`}>
            {(p) => (
              <input
                {...p}
                inputMode="decimal"
                value={price}
                onChange={(e) => setPrice(e.target.value)}
              />
            )}
          </Field>
          <Field label="Tax rate (%)" error={f.taxRateBps}>
            {(p) => (
              <input
                {...p}
                inputMode="decimal"
                value={tax}
                onChange={(e) => setTax(e.target.value)}
              />
            )}
          </Field>
          <Field label="SKU" error={f.sku} hint="Optional; unique">
            {(p) => <input {...p} value={sku} onChange={(e) => setSku(e.target.value)} />}
          </Field>
          <Field label="Category" error={f.categoryId}>
            {(p) => (
              <select {...p} value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
                <option value="">No category</option>
                {categories.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={available}
            onChange={(e) => setAvailable(e.target.checked)}
          />
          Available (untick to show it as sold out on the till)
        </label>

        <fieldset className="menu-set">
          <legend>Modifier groups, in the order the till asks them</legend>
          {groupIds === null ? (
            <p className="muted" role="status">
              Loading…
            </p>
          ) : offered.length === 0 ? (
            <p className="muted">None: the item is added to the sale with one tap.</p>
          ) : (
            <ol className="menu-order">
              {offered.map((id, i) => (
                <li key={id}>
                  <span className="grow">{groupName(id)}</span>
                  <button
                    type="button"
                    className="ghost"
                    aria-label={`Ask ${groupName(id)} earlier`}
                    disabled={i === 0}
                    onClick={() => moveGroup(i, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="ghost"
                    aria-label={`Ask ${groupName(id)} later`}
                    disabled={i === offered.length - 1}
                    onClick={() => moveGroup(i, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="ghost"
                    aria-label={`Remove ${groupName(id)}`}
                    onClick={() => setGroupIds(offered.filter((g) => g !== id))}
                  >
                    Remove
                  </button>
                  {f[`modifierGroupIds.${i}`] && (
                    <small className="field-error">{f[`modifierGroupIds.${i}`]}</small>
                  )}
                </li>
              ))}
            </ol>
          )}
          {addable.length > 0 && (
            <div className="inline-form">
              <Field label="Add a modifier group">
                {(p) => (
                  <select {...p} value={addGroup} onChange={(e) => setAddGroup(e.target.value)}>
                    <option value="">Choose…</option>
                    {addable.map((g) => (
                      <option key={g.id} value={g.id}>
                        {g.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <button
                type="button"
                disabled={addGroup === ''}
                onClick={() => {
                  setGroupIds([...offered, addGroup]);
                  setAddGroup('');
                }}
              >
                Add group
              </button>
            </div>
          )}
        </fieldset>

        <fieldset className="menu-set">
          <legend>Recipe: stock used per item sold</legend>
          {'why' in stock && <p className="muted">{stock.why}</p>}
          {recipe.length === 0 && 'items' in stock && (
            <p className="muted">No stock is counted down when this item sells.</p>
          )}
          {recipe.map((r, i) => (
            <div className="recipe-row" key={r.key}>
              <Field label={`Stock item ${i + 1}`} error={f[`recipe.${i}.inventoryItemId`]}>
                {(p) => (
                  <select
                    {...p}
                    value={r.inventoryItemId}
                    onChange={(e) => patchRow(r.key, { inventoryItemId: e.target.value })}
                  >
                    <option value="">Choose…</option>
                    {stockItems.map((s) => (
                      <option
                        key={s.id}
                        value={s.id}
                        disabled={recipe.some((o) => o !== r && o.inventoryItemId === s.id)}
                      >
                        {s.name} ({s.unit})
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field
                label={`Quantity ${i + 1}`}
                error={f[`recipe.${i}.quantity`]}
                hint={unitOf(r.inventoryItemId) ? `in ${unitOf(r.inventoryItemId)}` : undefined}
              >
                {(p) => (
                  <input
                    {...p}
                    inputMode="decimal"
                    value={r.quantity}
                    onChange={(e) => patchRow(r.key, { quantity: e.target.value })}
                  />
                )}
              </Field>
              <button
                type="button"
                className="ghost"
                aria-label={`Remove stock item ${i + 1}`}
                onClick={() => setRecipe((rows) => rows.filter((o) => o.key !== r.key))}
              >
                Remove
              </button>
            </div>
          ))}
          {f.recipe && <small className="field-error">{f.recipe}</small>}
          {'items' in stock && stockItems.length > recipe.length && (
            <div>
              <button
                type="button"
                className="ghost"
                onClick={() =>
                  setRecipe((rows) => [
                    ...rows,
                    { key: ++seq.current, inventoryItemId: '', quantity: '' },
                  ])
                }
              >
                + Stock item
              </button>
            </div>
          )}
        </fieldset>

        <div className="row">
          <button type="button" className="ghost" onClick={onClose}>
            Cancel
          </button>
          <span className="grow" />
          <button type="submit" className="primary" disabled={busy || groupIds === null}>
            {busy ? 'Saving…' : item ? 'Save item' : 'Add item'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
