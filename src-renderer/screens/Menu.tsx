import { useMemo, useState } from 'react';
import { ErrorNote } from '../components/ErrorNote';
import { useLoad } from '../lib/use-load';
import { CategoriesView } from '../menu/CategoriesView';
import { GroupsView } from '../menu/GroupsView';
import type { StockChoice } from '../menu/ItemEditor';
import { ItemsView } from '../menu/ItemsView';
import { useSession } from '../session';
import './menu.css';

type View = 'items' | 'categories' | 'groups' | 'archived';

const VIEWS: { id: View; label: string }[] = [
  { id: 'items', label: 'Items' },
  { id: 'categories', label: 'Categories' },
  { id: 'groups', label: 'Modifier groups' },
  { id: 'archived', label: 'Archived items' },
];

/**
 * The back office's menu: items (price, tax, SKU, category, sold out, recipe, modifier groups),
 * categories and their kitchen stations, modifier groups, and archived items to bring back.
 * Changes reach every till within seconds (tills poll the menu's revision).
 */
export function Menu() {
  const { client, can } = useSession();
  const [view, setView] = useState<View>('items');
  const categories = useLoad(() => client.listCategories({}).then((r) => r.categories), [client]);
  // With the archived ones, for the groups view to bring back; the item editor offers live ones.
  const groups = useLoad(
    () => client.listModifierGroups({ includeArchived: true }).then((r) => r.groups),
    [client],
  );
  const liveGroups = useMemo(() => (groups.data ?? []).filter((g) => !g.archived), [groups.data]);
  const stations = useLoad(() => client.listStations({}).then((r) => r.stations), [client]);
  const canStock = can('inventory.manage');
  const stockLoad = useLoad(
    () => (canStock ? client.listInventoryItems({}).then((r) => r.items) : Promise.resolve([])),
    [client, canStock],
  );
  // Names for "offered by" on the groups view: only read when that view is open.
  const allItems = useLoad(
    () =>
      view === 'groups'
        ? client.listMenuItems({}).then((r) => new Map(r.items.map((i) => [i.id, i.name])))
        : Promise.resolve(new Map<string, string>()),
    [client, view === 'groups'],
  );
  const stock: StockChoice = useMemo(() => {
    if (!canStock)
      return {
        why: 'Recipes use stock items; listing them takes the permission to manage stock (inventory.manage).',
      };
    if (stockLoad.error) return { why: stockLoad.error };
    if (stockLoad.data && stockLoad.data.length === 0)
      return { why: 'No stock items yet: add them on the Inventory screen, then use them here.' };
    return { items: stockLoad.data ?? [] };
  }, [canStock, stockLoad.data, stockLoad.error]);

  const refData = categories.error ?? groups.error;

  return (
    <section className="menu-screen" aria-label="Menu">
      <div className="toolbar">
        <h2>Menu</h2>
        <div className="segmented" role="group" aria-label="Show">
          {VIEWS.map((v) => (
            <button
              key={v.id}
              type="button"
              aria-pressed={view === v.id}
              onClick={() => setView(v.id)}
            >
              {v.label}
            </button>
          ))}
        </div>
      </div>
      {refData && (
        <ErrorNote message={refData}>
          <button
            type="button"
            onClick={() => {
              categories.reload();
              groups.reload();
            }}
          >
            Try again
          </button>
        </ErrorNote>
      )}
      {(view === 'items' || view === 'archived') && (
        <ItemsView
          key={view}
          archived={view === 'archived'}
          categories={categories.data ?? []}
          groups={liveGroups}
          stock={stock}
        />
      )}
      {view === 'categories' && (
        <CategoriesView load={categories} stations={stations} onStationsChanged={stations.reload} />
      )}
      {view === 'groups' && <GroupsView load={groups} itemName={(id) => allItems.data?.get(id)} />}
    </section>
  );
}
