import { useRef, useState, type FormEvent } from 'react';
import type { ModifierGroup } from '../../src-shared/contract/modifiers';
import { Dialog } from '../components/Dialog';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { useAttemptKey } from '../lib/attempt-key';
import { formErrors, NO_ERRORS, type FormErrors } from '../lib/form-errors';
import { toInputText } from '../lib/money';
import { useSession } from '../session';

interface OptionRow {
  key: number;
  /** The existing option's id: kept, so orders and tills that name it still do. */
  id?: string;
  name: string;
  price: string;
  available: boolean;
}

/**
 * A modifier group: its name, how many options a customer must and may choose, and its
 * options with their price extras and availability. The options given replace the list in one
 * request; options left out are retired by the server (orders that named them still read well).
 */
export function GroupEditor({
  group,
  itemNames,
  onSaved,
  onClose,
}: {
  group: ModifierGroup | null;
  itemNames: string[];
  onSaved(g: ModifierGroup): void;
  onClose(): void;
}) {
  const { client, money } = useSession();
  const seq = useRef(0);
  const [name, setName] = useState(group?.name ?? '');
  const [required, setRequired] = useState(group?.required ?? false);
  const [min, setMin] = useState(String(group?.minChoices ?? 0));
  const [max, setMax] = useState(String(group?.maxChoices ?? 1));
  const [options, setOptions] = useState<OptionRow[]>(
    group
      ? group.options.map((o) => ({
          key: ++seq.current,
          id: o.id,
          name: o.name,
          price: toInputText(o.priceDelta, money.unit),
          available: o.available,
        }))
      : [{ key: ++seq.current, name: '', price: '', available: true }],
  );
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const key = useAttemptKey();

  function patch(k: number, change: Partial<OptionRow>) {
    setOptions((rows) => rows.map((r) => (r.key === k ? { ...r, ...change } : r)));
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const fields: Record<string, string> = {};
    const minN = Number(min);
    const maxN = Number(max);
    if (!/^\d{1,2}$/.test(min.trim())) fields.minChoices = 'A whole number (0 for optional).';
    if (!/^\d{1,2}$/.test(max.trim()) || maxN < 1) fields.maxChoices = 'A whole number, 1 or more.';
    const list = options.map((o, i) => {
      const delta = o.price.trim() === '' ? 0 : money.parse(o.price);
      if (delta === null) fields[`options.${i}.priceDelta`] = 'An amount, or empty for no extra.';
      return {
        ...(o.id ? { id: o.id } : {}),
        name: o.name.trim(),
        priceDelta: delta ?? 0,
        available: o.available,
      };
    });
    if (Object.keys(fields).length > 0)
      return setErrors({ fields, message: 'Some fields need another look (marked below).' });
    const body = {
      name: name.trim(),
      required,
      // A required group needs at least one choice: say so by raising 0 to 1 rather than refusing.
      minChoices: required ? Math.max(minN, 1) : 0,
      maxChoices: maxN,
      options: list,
    };
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      if (group) onSaved(await client.updateModifierGroup({ id: group.id, ...body }));
      else {
        onSaved(
          await client.createModifierGroup(
            {
              ...body,
              options: list.map(({ name: n, priceDelta, available }) => ({
                name: n,
                priceDelta,
                available,
              })),
            },
            { idempotencyKey: key.get() },
          ),
        );
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
    <Dialog title={group ? `Edit ${group.name}` : 'New modifier group'} onClose={onClose} wide>
      <form className="menu-editor" onSubmit={(e) => void save(e)} noValidate>
        <ErrorNote message={errors.message} />
        <div className="menu-grid">
          <Field label="Group name" error={f.name} className="span-2" hint="Size, Milk, Extras…">
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label="At least" error={f.minChoices} hint="options to choose">
            {(p) => (
              <input
                {...p}
                inputMode="numeric"
                value={required ? min : '0'}
                disabled={!required}
                onChange={(e) => setMin(e.target.value)}
              />
            )}
          </Field>
          <Field label="At most" error={f.maxChoices} hint="options to choose">
            {(p) => (
              <input
                {...p}
                inputMode="numeric"
                value={max}
                onChange={(e) => setMax(e.target.value)}
              />
            )}
          </Field>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={required}
            onChange={(e) => {
              setRequired(e.target.checked);
              if (e.target.checked && Number(min) < 1) setMin('1');
            }}
          />
          Required (the till asks before the item can be added)
        </label>
        <fieldset className="menu-set">
          <legend>Options</legend>
          {options.map((o, i) => (
            <div className="option-row" key={o.key}>
              <Field label={`Option ${i + 1}`} error={f[`options.${i}.name`]} className="grow">
                {(p) => (
                  <input
                    {...p}
                    value={o.name}
                    onChange={(e) => patch(o.key, { name: e.target.value })}
                  />
                )}
              </Field>
              <Field label={`Extra price ${i + 1}`} error={f[`options.${i}.priceDelta`]}>
                {(p) => (
                  <input
                    {...p}
                    inputMode="decimal"
                    placeholder={toInputText(0, money.unit)}
                    value={o.price}
                    onChange={(e) => patch(o.key, { price: e.target.value })}
                  />
                )}
              </Field>
              <label className="check">
                <input
                  type="checkbox"
                  checked={o.available}
                  onChange={(e) => patch(o.key, { available: e.target.checked })}
                />
                Available
                <span className="sr-only"> option {i + 1}</span>
              </label>
              <button
                type="button"
                className="ghost"
                aria-label={`Remove option ${i + 1}`}
                disabled={options.length === 1}
                onClick={() => setOptions((rows) => rows.filter((r) => r.key !== o.key))}
              >
                Remove
              </button>
            </div>
          ))}
          {f.options && <small className="field-error">{f.options}</small>}
          <div>
            <button
              type="button"
              className="ghost"
              onClick={() =>
                setOptions((rows) => [
                  ...rows,
                  { key: ++seq.current, name: '', price: '', available: true },
                ])
              }
            >
              + Option
            </button>
          </div>
        </fieldset>
        <p className="muted">
          {itemNames.length > 0
            ? `Offered by: ${itemNames.join(', ')}.`
            : 'No item offers this group yet.'}{' '}
          Choose an item’s groups, and their order, in the item’s editor.
        </p>
        <div className="row">
          <button type="button" className="ghost" onClick={onClose}>
            Cancel
          </button>
          <span className="grow" />
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : group ? 'Save group' : 'Add group'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
