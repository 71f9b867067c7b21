/**
 * Stock per store: the sum of the stock movements (`inventory_ledger`, signed thousandths) its
 * tills pushed, per stock item, named from the catalog. Movements count from the moment a till
 * joined (its outbox starts then), so a store's opening stock is a receipt or an adjustment made
 * on one of its tills after joining.
 */
import { sql } from 'kysely';
import type { HubContext } from './context';
import { HubError } from './errors';

export async function stockByStore(ctx: HubContext, storeId?: string) {
  if (storeId) {
    const store = await ctx.db
      .selectFrom('stores')
      .select('id')
      .where('id', '=', storeId)
      .executeTakeFirst();
    if (!store) throw new HubError('not_found', 'no such store', { storeId });
  }
  const rows = await sql<{
    store_id: string;
    store_name: string;
    item_id: string;
    name: string | null;
    unit: string | null;
    on_hand_milli: number;
    movements: number;
  }>`SELECT s.id AS store_id, s.name AS store_name, l.row ->> 'inventory_item_id' AS item_id,
      MAX(c.row ->> 'name') AS name, MAX(c.row ->> 'unit') AS unit,
      SUM((l.row ->> 'quantity_milli')::bigint)::bigint AS on_hand_milli,
      COUNT(*)::int AS movements
    FROM till_rows l
    JOIN tills t ON t.id = l.till_id
    JOIN stores s ON s.id = t.store_id
    LEFT JOIN catalog_rows c ON c.entity = 'inventory_items' AND c.key = l.row ->> 'inventory_item_id'
    WHERE l.entity = 'inventory_ledger' AND l.row IS NOT NULL
      AND (${storeId ?? null}::text IS NULL OR s.id = ${storeId ?? null})
    GROUP BY s.id, s.name, l.row ->> 'inventory_item_id'
    ORDER BY s.name, name, item_id`.execute(ctx.db);
  const stores = new Map<
    string,
    {
      storeId: string;
      storeName: string;
      items: {
        inventoryItemId: string;
        name: string | null;
        unit: string | null;
        onHandMilli: number;
        movements: number;
      }[];
    }
  >();
  for (const r of rows.rows) {
    let s = stores.get(r.store_id);
    if (!s) {
      s = { storeId: r.store_id, storeName: r.store_name, items: [] };
      stores.set(r.store_id, s);
    }
    s.items.push({
      inventoryItemId: r.item_id,
      name: r.name,
      unit: r.unit,
      onHandMilli: r.on_hand_milli,
      movements: r.movements,
    });
  }
  return { stores: [...stores.values()] };
}
