import { useEffect, useState } from 'react';
import type { ModifierGroup } from '../../src-shared/contract/modifiers';
import type { MenuCategory, MenuItem } from '../../src-shared/contract/menu';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { LoadState } from '../components/LoadState';
import { plainError } from '../lib/errors';
import { formErrors } from '../lib/form-errors';
import { useLoad } from '../lib/use-load';
import { useSession } from '../session';
import { ItemEditor, type StockChoice } from './ItemEditor';
import { bpsToPercent } from './numbers';

/** One page of the item list: a large menu is read 50 at a time, never all at once. */
export const ITEMS_PAGE = 50;
const ANY = '';
const NONE = 'none';

/**
 * Items (live, or the archived ones to bring back): search by name or SKU, filter by category,
 * "Show more" for the next page. Live items can be edited, switched sold out and archived.
 */
export function ItemsView({
  archived,
  categories,
  groups,
  stock,
}: {
  archived: boolean;
  categories: MenuCategory[];
  groups: ModifierGroup[];
  stock: StockChoice;
}) {
  const { client, money } = useSession();
  const [q, setQ] = useState('');
  const [categoryId, setCategoryId] = useState(ANY);
  const [more, setMore] = useState<MenuItem[]>([]);
  const [moreDone, setMoreDone] = useState(false);
  const [editing, setEditing] = useState<MenuItem | 'new' | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  // Rows the server has just answered for, shown at once (before any reload of the page).
  const [patched, setPatched] = useState<Record<string, MenuItem>>({});
  const query = {
    archived,
    limit: ITEMS_PAGE,
    ...(q.trim() ? { q: q.trim() } : {}),
    ...(categoryId !== ANY ? { categoryId } : {}),
  };
  const load = useLoad(
    () => client.listMenuItems(query).then((r) => r.items),
    [client, archived, q, categoryId],
  );
  // A new filter starts from its first page again.
  useEffect(() => {
    setMore([]);
    setMoreDone(false);
    setPatched({});
  }, [load.data]);

  const shown = [...(load.data ?? []), ...more].map((i) => patched[i.id] ?? i);
  const lastPageFull =
    more.length > 0 ? !moreDone : (load.data?.length ?? 0) === ITEMS_PAGE && !moreDone;
  const categoryName = (id: string | null) =>
    id === null ? '—' : (categories.find((c) => c.id === id)?.name ?? '—');

  async function showMore() {
    try {
      const r = await client.listMenuItems({ ...query, offset: shown.length });
      setMore((m) => [...m, ...r.items]);
      if (r.items.length < ITEMS_PAGE) setMoreDone(true);
    } catch (e) {
      setError(plainError(e).message);
    }
  }

  /** Shows the server's answer for an item at once. */
  function replaced(item: MenuItem) {
    setPatched((p) => ({ ...p, [item.id]: item }));
  }

  async function change(item: MenuItem, what: 'available' | 'archive' | 'restore') {
    setBusyId(item.id);
    setError(null);
    setNote(null);
    try {
      if (what === 'available') {
        const next = await client.updateMenuItem({ id: item.id, available: !item.available });
        replaced(next);
        setNote(`${next.name} is ${next.available ? 'available again' : 'sold out'}.`);
      } else if (what === 'archive') {
        await client.archiveMenuItem({ id: item.id });
        load.reload();
        setNote(`${item.name} is archived. Bring it back from “Archived items”.`);
      } else {
        await client.updateMenuItem({ id: item.id, archived: false });
        load.reload();
        setNote(`${item.name} is back on the menu.`);
      }
    } catch (e) {
      setError(formErrors(e).message);
    } finally {
      setBusyId(null);
    }
  }

  return (
    <div className="menu-pane">
      <div className="toolbar">
        <Field label={archived ? 'Search archived items' : 'Search items'}>
          {(p) => (
            <input
              {...p}
              type="search"
              placeholder="Name or SKU"
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
          )}
        </Field>
        <Field label="Category">
          {(p) => (
            <select {...p} value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
              <option value={ANY}>All categories</option>
              {categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
              <option value={NONE}>No category</option>
            </select>
          )}
        </Field>
        <span className="spacer" />
        {!archived && (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            New item
          </button>
        )}
      </div>
      <ErrorNote message={error} />
      {note && (
        <p className="info" role="status">
          {note}
        </p>
      )}
      <LoadState
        load={load}
        isEmpty={(rows) => rows.length === 0}
        empty={
          q || categoryId !== ANY ? (
            <p>No items match. Try another word or category.</p>
          ) : archived ? (
            <p>No archived items. Archiving an item hides it from the till; it waits here.</p>
          ) : (
            <p>No items yet. “New item” adds the first one.</p>
          )
        }
      >
        {() => (
          <table className="table menu-items">
            <thead>
              <tr>
                <th>Name</th>
                <th>Category</th>
                <th className="num">Price</th>
                <th className="num">Tax</th>
                <th>SKU</th>
                {!archived && <th>On the till</th>}
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((i) => (
                <tr key={i.id}>
                  <td>{i.name}</td>
                  <td>{categoryName(i.categoryId)}</td>
                  <td className="num">{money.format(i.price)}</td>
                  <td className="num">{bpsToPercent(i.taxRateBps)} %</td>
                  <td>{i.sku ?? ''}</td>
                  {!archived && (
                    <td>
                      <button
                        type="button"
                        className={`avail ${i.available ? 'on' : 'off'}`}
                        aria-pressed={i.available}
                        aria-label={`${i.name} available`}
                        disabled={busyId === i.id}
                        onClick={() => void change(i, 'available')}
                      >
                        {i.available ? 'Available' : 'Sold out'}
                      </button>
                    </td>
                  )}
                  <td className="actions">
                    {archived ? (
                      <button
                        type="button"
                        aria-label={`Bring back ${i.name}`}
                        disabled={busyId === i.id}
                        onClick={() => void change(i, 'restore')}
                      >
                        Bring back
                      </button>
                    ) : (
                      <>
                        <button
                          type="button"
                          className="ghost"
                          aria-label={`Edit ${i.name}`}
                          onClick={() => setEditing(i)}
                        >
                          Edit
                        </button>
                        <button
                          type="button"
                          className="ghost"
                          aria-label={`Archive ${i.name}`}
                          disabled={busyId === i.id}
                          onClick={() => void change(i, 'archive')}
                        >
                          Archive
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </LoadState>
      {lastPageFull && (
        <button type="button" className="ghost" onClick={() => void showMore()}>
          Show more
        </button>
      )}
      {editing && (
        <ItemEditor
          item={editing === 'new' ? null : editing}
          categories={categories}
          groups={groups}
          stock={stock}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            replaced(saved);
            // A new item, or one moved to another category, may belong elsewhere in the list.
            load.reload();
            setNote(`${saved.name} is saved.`);
          }}
        />
      )}
    </div>
  );
}
