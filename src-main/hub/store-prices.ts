/**
 * A store's own price and tax rate for a menu item (hub-only: a till has one price per item). The
 * override is merged into the item's row when that store's tills pull it (catalog.ts).
 */
import { z } from 'zod';
import { writeCatalog, lockCatalog } from './catalog';
import type { HubContext } from './context';
import { HubError } from './errors';

/** Reads a live catalog row under the lock (the caller is inside a transaction). */
async function lockedRow(
  trx: Parameters<typeof lockCatalog>[0],
  entity: string,
  key: string,
  what: string,
) {
  await lockCatalog(trx);
  const found = await trx
    .selectFrom('catalog_rows')
    .select(['row'])
    .where('entity', '=', entity)
    .where('key', '=', key)
    .where('deleted', '=', false)
    .executeTakeFirst();
  if (!found?.row) throw new HubError('not_found', `no such ${what}`, { id: key });
  return found.row;
}

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
    const row = await lockedRow(trx, 'menu_items', menuItemId, 'menu item');
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
