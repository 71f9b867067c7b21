import type { CoreContext } from '../context';
import { createInventoryItem } from './items';

/** Demo stock for `seed-demo`: enough to watch recipes consume and a low-stock alert fire. */
export const DEMO_STOCK = [
  { name: 'Coffee beans', unit: 'kg', onHand: '5', lowStockThreshold: '1' },
  { name: 'Milk', unit: 'l', onHand: '12', lowStockThreshold: '3' },
  { name: 'Cups', unit: 'pcs', onHand: '250', lowStockThreshold: '50' },
] as const;

type StockName = (typeof DEMO_STOCK)[number]['name'];

/**
 * Per-unit recipes for demo drinks, by menu item name (matched case-insensitively). Applied to
 * drinks that exist and have no recipe yet, so a demo menu seeded before or after this works.
 */
export const DEMO_RECIPES: Record<string, { stock: StockName; quantity: number }[]> = {
  espresso: [
    { stock: 'Coffee beans', quantity: 0.018 },
    { stock: 'Cups', quantity: 1 },
  ],
  americano: [
    { stock: 'Coffee beans', quantity: 0.018 },
    { stock: 'Cups', quantity: 1 },
  ],
  latte: [
    { stock: 'Coffee beans', quantity: 0.018 },
    { stock: 'Milk', quantity: 0.25 },
    { stock: 'Cups', quantity: 1 },
  ],
  cappuccino: [
    { stock: 'Coffee beans', quantity: 0.018 },
    { stock: 'Milk', quantity: 0.15 },
    { stock: 'Cups', quantity: 1 },
  ],
  'flat white': [
    { stock: 'Coffee beans', quantity: 0.018 },
    { stock: 'Milk', quantity: 0.12 },
    { stock: 'Cups', quantity: 1 },
  ],
};

/** Adds the demo stock that is missing (by name) and recipes to recipe-less demo drinks. */
export async function seedDemoStock(
  ctx: CoreContext,
  actorId: string,
): Promise<{ stockItemsCreated: number; recipesAdded: number }> {
  let stockItemsCreated = 0;
  const ids = new Map<string, string>();
  for (const s of DEMO_STOCK) {
    let row = await ctx.dbh.db
      .selectFrom('inventoryItems')
      .select('id')
      .where('name', '=', s.name)
      .executeTakeFirst();
    if (!row) {
      row = await createInventoryItem(ctx, { ...s }, actorId);
      stockItemsCreated++;
    }
    ids.set(s.name, row.id);
  }
  let recipesAdded = 0;
  const drinks = await ctx.dbh.db
    .selectFrom('menuItems')
    .select(['id', 'name'])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('menuItemRecipes')
            .select('menuItemId')
            .whereRef('menuItemRecipes.menuItemId', '=', 'menuItems.id'),
        ),
      ),
    )
    .execute();
  for (const d of drinks) {
    const recipe = DEMO_RECIPES[d.name.toLowerCase()];
    if (!recipe) continue;
    await ctx.dbh.db
      .insertInto('menuItemRecipes')
      .values(
        recipe.map((r) => ({
          menuItemId: d.id,
          inventoryItemId: ids.get(r.stock) ?? '',
          quantityMilli: Math.round(r.quantity * 1000), // constants above, all exact in 3 digits
        })),
      )
      .execute();
    recipesAdded++;
  }
  return { stockItemsCreated, recipesAdded };
}
