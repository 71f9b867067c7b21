import { useState, type FormEvent } from 'react';
import type { MenuCategory } from '../../src-shared/contract/menu';
import type { Station } from '../../src-shared/contract/stations';
import { newIdempotencyKey } from '../api/client';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { LoadState } from '../components/LoadState';
import { formErrors, NO_ERRORS, type FormErrors } from '../lib/form-errors';
import type { Load } from '../lib/use-load';
import { useSession } from '../session';

/**
 * Categories in the till's order: add, rename, move up or down (buttons, so the keyboard and a
 * finger both reach them; the whole order is saved at once), and the kitchen station whose
 * printer gets the category's lines. Stations themselves can be added here too.
 */
export function CategoriesView({
  load,
  stations,
  onStationsChanged,
}: {
  load: Load<MenuCategory[]>;
  stations: Load<Station[]>;
  onStationsChanged(): void;
}) {
  const { client } = useSession();
  const [name, setName] = useState('');
  const [addErrors, setAddErrors] = useState<FormErrors>(NO_ERRORS);
  const [rowErrors, setRowErrors] = useState<Record<string, FormErrors>>({});
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [key, setKey] = useState<string | null>(null);
  const stationName = (id: string) =>
    stations.data?.find((s) => s.id === id)?.name ?? 'the station';

  async function add(e: FormEvent) {
    e.preventDefault();
    const k = key ?? newIdempotencyKey();
    setKey(k);
    try {
      const count = load.data?.length ?? 0;
      const made = await client.createCategory(
        { name, sortOrder: count + 1 },
        { idempotencyKey: k },
      );
      setName('');
      setKey(null);
      setAddErrors(NO_ERRORS);
      setNote(`Category ${made.name} added.`);
      load.reload();
    } catch (err) {
      setKey(null);
      setAddErrors(formErrors(err));
    }
  }

  async function patch(c: MenuCategory, change: { name?: string; stationId?: string | null }) {
    try {
      const next = await client.updateCategory({ id: c.id, ...change });
      setRowErrors((r) => ({ ...r, [c.id]: NO_ERRORS }));
      setRenaming(null);
      setNote(
        change.name !== undefined
          ? `Renamed to ${next.name}.`
          : next.stationId
            ? `${next.name}: tickets print at ${stationName(next.stationId)}.`
            : `${next.name}: no kitchen ticket.`,
      );
      load.reload();
    } catch (err) {
      setRowErrors((r) => ({ ...r, [c.id]: formErrors(err) }));
    }
  }

  async function move(list: MenuCategory[], i: number, by: -1 | 1) {
    const ids = list.map((c) => c.id);
    const [id] = ids.splice(i, 1);
    ids.splice(i + by, 0, id!);
    setError(null);
    try {
      await client.reorderCategories({ ids });
      setNote(`${list[i]!.name} moved ${by < 0 ? 'up' : 'down'}.`);
      load.reload();
    } catch (err) {
      setError(formErrors(err).message);
      load.reload();
    }
  }

  return (
    <div className="menu-pane menu-columns">
      <section className="card" aria-label="Categories">
        <h3>Categories</h3>
        <form className="inline-form" onSubmit={(e) => void add(e)} noValidate>
          <Field label="New category" error={addErrors.fields.name} className="grow">
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <button type="submit" className="primary">
            Add category
          </button>
        </form>
        <ErrorNote message={addErrors.message ?? error} />
        {note && (
          <p className="info" role="status">
            {note}
          </p>
        )}
        <LoadState
          load={load}
          isEmpty={(l) => l.length === 0}
          empty={<p>No categories yet. Items can still be sold; categories are the till’s tabs.</p>}
        >
          {(list) => (
            <ol className="menu-categories">
              {list.map((c, i) => {
                const errs = rowErrors[c.id] ?? NO_ERRORS;
                return (
                  <li key={c.id} aria-label={c.name}>
                    {renaming?.id === c.id ? (
                      <form
                        className="inline-form grow"
                        onSubmit={(e) => {
                          e.preventDefault();
                          void patch(c, { name: renaming.name });
                        }}
                        noValidate
                      >
                        <Field
                          label={`New name for ${c.name}`}
                          error={errs.fields.name}
                          className="grow"
                        >
                          {(p) => (
                            <input
                              {...p}
                              autoFocus
                              value={renaming.name}
                              onChange={(e) => setRenaming({ id: c.id, name: e.target.value })}
                            />
                          )}
                        </Field>
                        <button type="submit">Save name</button>
                        <button type="button" className="ghost" onClick={() => setRenaming(null)}>
                          Cancel
                        </button>
                      </form>
                    ) : (
                      <>
                        <strong className="grow">{c.name}</strong>
                        <button
                          type="button"
                          className="ghost"
                          aria-label={`Rename ${c.name}`}
                          onClick={() => setRenaming({ id: c.id, name: c.name })}
                        >
                          Rename
                        </button>
                      </>
                    )}
                    <Field label={`Kitchen station for ${c.name}`} error={errs.fields.stationId}>
                      {(p) => (
                        <select
                          {...p}
                          value={c.stationId ?? ''}
                          onChange={(e) => void patch(c, { stationId: e.target.value || null })}
                        >
                          <option value="">No kitchen ticket</option>
                          {(stations.data ?? []).map((s) => (
                            <option key={s.id} value={s.id}>
                              {s.name}
                              {s.active ? '' : ' (inactive)'}
                            </option>
                          ))}
                        </select>
                      )}
                    </Field>
                    <button
                      type="button"
                      className="ghost"
                      aria-label={`Move ${c.name} up`}
                      disabled={i === 0}
                      onClick={() => void move(list, i, -1)}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="ghost"
                      aria-label={`Move ${c.name} down`}
                      disabled={i === list.length - 1}
                      onClick={() => void move(list, i, 1)}
                    >
                      ↓
                    </button>
                    {errs.message && <small className="field-error">{errs.message}</small>}
                  </li>
                );
              })}
            </ol>
          )}
        </LoadState>
      </section>
      <Stations load={stations} onChanged={onStationsChanged} />
    </div>
  );
}

const PRINTER_HINT = 'tcp://192.168.1.50:9100, serial:/dev/ttyUSB0, file:/dev/usb/lp0 or none';

/** Kitchen stations and their printers; adding one takes settings.manage. */
function Stations({ load, onChanged }: { load: Load<Station[]>; onChanged(): void }) {
  const { client, can } = useSession();
  const [name, setName] = useState('');
  const [printer, setPrinter] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [note, setNote] = useState<string | null>(null);
  const [key, setKey] = useState<string | null>(null);

  async function add(e: FormEvent) {
    e.preventDefault();
    const k = key ?? newIdempotencyKey();
    setKey(k);
    try {
      const s = await client.createStation({ name, printer }, { idempotencyKey: k });
      setName('');
      setPrinter('');
      setKey(null);
      setErrors(NO_ERRORS);
      setNote(`Station ${s.name} added. Route categories to it on the left.`);
      onChanged();
    } catch (err) {
      setKey(null);
      setErrors(formErrors(err));
    }
  }

  return (
    <section className="card" aria-label="Kitchen stations">
      <h3>Kitchen stations</h3>
      <LoadState
        load={load}
        isEmpty={(l) => l.length === 0}
        empty={<p>No stations: orders print no kitchen tickets.</p>}
      >
        {(list) => (
          <ul className="menu-stations">
            {list.map((s) => (
              <li key={s.id}>
                <strong>{s.name}</strong> <code>{s.printer}</code>
                {!s.active && <span className="badge">inactive</span>}
              </li>
            ))}
          </ul>
        )}
      </LoadState>
      {can('settings.manage') ? (
        <form className="menu-station-form" onSubmit={(e) => void add(e)} noValidate>
          <ErrorNote message={errors.message} />
          <Field label="Station name" error={errors.fields.name}>
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label="Printer" error={errors.fields.printer} hint={PRINTER_HINT}>
            {(p) => <input {...p} value={printer} onChange={(e) => setPrinter(e.target.value)} />}
          </Field>
          <div>
            <button type="submit">Add station</button>
          </div>
          {note && (
            <p className="info" role="status">
              {note}
            </p>
          )}
        </form>
      ) : (
        <p className="muted">
          Adding a station takes the permission to change settings (settings.manage). The Hardware
          screen shows the stations’ printers.
        </p>
      )}
    </section>
  );
}
