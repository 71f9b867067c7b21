/**
 * What the till sells, as an order line needs it: each menu item's name, price, tax rate,
 * whether it is on sale, the modifier groups it offers with their options, and its recipe.
 * Issue 13: every new order read these with four queries although the menu changes a few times
 * a day; they are kept in the database handle's memo (db/memo.ts), item by item as they are
 * sold, and forgotten whenever this connection writes any of the tables below, by any path (the
 * back office, a hub pull, a restore's new handle starts empty), when a transaction or batch
 * rolls back, and when another process commits to the file. So a price change or an item taken
 * off sale counts from the very next order, exactly as when every order read the menu.
 */
import type { CoreContext } from '../context';
import type { Db } from '../../db/schema';
import { inList, prepared } from '../../db/prepared';
import { loadModifierRules, type GroupRule } from '../modifiers/choose';

export interface SellableItem {
  id: string;
  name: string;
  price: number;
  taxRateBps: number;
  archived: boolean;
  available: boolean;
  /** The live modifier groups the item offers, in its order. */
  groups: GroupRule[];
  /**
   * The recipe per unit as the line stores it (JSON `[{inventoryItemId, quantityMilli}]`, in
   * inventory item order): copied into the line, so a later recipe change never alters it.
   */
  recipeJson: string;
}

const SELLABLE = 'menu:sellable';
const TABLES = [
  'menu_items',
  'menu_item_modifier_groups',
  'modifier_groups',
  'modifier_options',
  'menu_item_recipes',
] as const;

// Compiled once: the ids go in as one JSON list, so the SQL is the same for any order.
const menuItemsIn = prepared((db, ids: string) =>
  db
    .selectFrom('menuItems')
    .select(['id', 'name', 'price', 'taxRateBps', 'archived', 'available'])
    .where('id', 'in', inList<string>(ids)),
);
const recipesOf = prepared((db, ids: string) =>
  db
    .selectFrom('menuItemRecipes')
    .select(['menuItemId', 'inventoryItemId', 'quantityMilli'])
    .where('menuItemId', 'in', inList<string>(ids))
    .orderBy('inventoryItemId'),
);

/**
 * Starts keeping sellable items on this handle: the memo's triggers are DDL, so this runs outside
 * any transaction, once per handle (createOrder and addItems call it before theirs). Until then
 * `sellableItems` reads the menu every time.
 */
export async function keepSellableItems(ctx: CoreContext): Promise<void> {
  const dbh = ctx.dbh;
  if (dbh.memo.watching(SELLABLE)) return;
  await dbh.exclusive(() => {
    if (dbh.memo.watching(SELLABLE)) return;
    for (const table of TABLES) dbh.memo.forgetOnWrite(table, SELLABLE);
  });
}

/** The items of `ids` as the menu has them now (an unknown id is absent). */
export async function sellableItems(
  ctx: CoreContext,
  trx: Db,
  ids: string[],
): Promise<Map<string, SellableItem>> {
  const memo = ctx.dbh.memo;
  // Taken before the reads: a write to the menu meanwhile drops this map, so what was read
  // before that write lands in a map nobody asks again.
  const kept = memo.watching(SELLABLE)
    ? memo.get(SELLABLE, () => new Map<string, SellableItem>())
    : null;
  const out = new Map<string, SellableItem>();
  const missing: string[] = [];
  for (const id of ids) {
    const item = kept?.get(id);
    if (item) out.set(id, item);
    else missing.push(id);
  }
  if (missing.length === 0) return out;
  const idList = JSON.stringify(missing);
  const rows = await menuItemsIn(trx, idList);
  const rules = await loadModifierRules(trx, missing, idList);
  const recipes = await recipesOf(trx, idList);
  for (const m of rows) {
    const item: SellableItem = {
      id: m.id,
      name: m.name,
      price: m.price,
      taxRateBps: m.taxRateBps,
      archived: m.archived === 1,
      available: m.available === 1,
      groups: rules.get(m.id) ?? [],
      recipeJson: JSON.stringify(
        recipes
          .filter((r) => r.menuItemId === m.id)
          .map((r) => ({ inventoryItemId: r.inventoryItemId, quantityMilli: r.quantityMilli })),
      ),
    };
    out.set(m.id, item);
    kept?.set(m.id, item);
  }
  return out;
}
