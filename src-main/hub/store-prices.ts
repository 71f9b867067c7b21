/**
 * A store's own price and tax rate for a menu item (hub-only: a till has one price per item). The
 * override is merged into the item's row when that store's tills pull it (catalog.ts).
 */
import { z } from 'zod';
import { lockedCatalogRow, writeCatalog } from './catalog';
import type { HubContext } from './context';
import { HubError } from './errors';

export const storePriceInput = z.object({
  price: z.number().int().nonnegative().max(100_000_000).nullable(),
  taxRateBps: z.number().int().min(0).max(10_000).nullable(),
});

export async function listStorePrices(ctx: HubContext, storeId: string) {
  const rows = await ctx.db
    .selectFrom('store_prices')
    .select(['menu_item_id', 'price', 'tax_rate_bps', 'updated_at'])
    .where('store_id', '=', storeId)
    .orderBy('menu_item_id')
    .execute();
  return rows.map((r) => ({
    menuItemId: r.menu_item_id,
    price: r.price,
    taxRateBps: r.tax_rate_bps,
    updatedAt: r.updated_at.toISOString(),
  }));
}

/**
 * Sets (or, with both null, clears) a store's override. The item's catalog row is written again
 * with a new version, so every till pulls it and the store's tills get their merged price.
 */
export async function setStorePrice(
  ctx: HubContext,
  storeId: string,
  menuItemId: string,
  input: z.infer<typeof storePriceInput>,
) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const store = await trx
      .selectFrom('stores')
      .select('id')
      .where('id', '=', storeId)
      .executeTakeFirst();
    if (!store) throw new HubError('not_found', 'no such store', { storeId });
    const row = await lockedCatalogRow(trx, 'menu_items', menuItemId, 'menu item');
    if (input.price === null && input.taxRateBps === null) {
      await trx
        .deleteFrom('store_prices')
        .where('store_id', '=', storeId)
        .where('menu_item_id', '=', menuItemId)
        .execute();
    } else {
      await trx
        .insertInto('store_prices')
        .values({
          store_id: storeId,
          menu_item_id: menuItemId,
          price: input.price,
          tax_rate_bps: input.taxRateBps,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['store_id', 'menu_item_id']).doUpdateSet({
            price: input.price,
            tax_rate_bps: input.taxRateBps,
            updated_at: now,
          }),
        )
        .execute();
    }
    const version = await writeCatalog(trx, now, [{ entity: 'menu_items', key: menuItemId, row }]);
    return { storeId, menuItemId, price: input.price, taxRateBps: input.taxRateBps, version };
  });
}
