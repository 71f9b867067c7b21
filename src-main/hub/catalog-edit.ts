/**
 * Editing what the hub owns, for a signed-in hub admin or manager: menu items, a store's price
 * and tax overrides, till users' access. Each edit is a catalog write with a new version, read
 * and written under the catalog lock so two hub processes cannot lose each other's edit.
 */
import { z } from 'zod';
import { writeCatalog, lockCatalog } from './catalog';
import type { HubContext } from './context';
import { HubError } from './errors';

export const menuItemPatch = z
  .object({
    name: z.string().trim().min(1).max(80),
    price: z.number().int().nonnegative().max(100_000_000),
    available: z.boolean(),
    archived: z.boolean(),
  })
  .partial()
  .refine(
    (p) => Object.keys(p).length > 0,
    'change at least one of name, price, available, archived',
  );

export function menuItemView(key: string, row: Record<string, unknown>, version: number) {
  return {
    id: key,
    name: String(row.name ?? ''),
    price: Number(row.price ?? 0),
    taxRateBps: Number(row.tax_rate_bps ?? 0),
    categoryId: (row.category_id as string | null | undefined) ?? null,
    available: Number(row.available ?? 1) === 1,
    archived: Number(row.archived ?? 0) === 1,
    version,
  };
}

export async function listMenuItems(ctx: HubContext) {
  const rows = await ctx.db
    .selectFrom('catalog_rows')
    .select(['key', 'row', 'version'])
    .where('entity', '=', 'menu_items')
    .where('deleted', '=', false)
    .execute();
  return rows
    .map((r) => menuItemView(r.key, r.row ?? {}, r.version))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** Reads a live catalog row under the lock (the caller is inside a transaction). */
export async function lockedRow(
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

export async function updateMenuItem(
  ctx: HubContext,
  id: string,
  patch: z.infer<typeof menuItemPatch>,
) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockedRow(trx, 'menu_items', id, 'menu item');
    const next: Record<string, unknown> = { ...row, updated_at: now.toISOString() };
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.price !== undefined) next.price = patch.price;
    // The till's columns are SQLite integers 0/1.
    if (patch.available !== undefined) next.available = patch.available ? 1 : 0;
    if (patch.archived !== undefined) next.archived = patch.archived ? 1 : 0;
    const version = await writeCatalog(trx, now, [{ entity: 'menu_items', key: id, row: next }]);
    return menuItemView(id, next, version);
  });
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

export function tillUserView(key: string, row: Record<string, unknown>, version: number) {
  return {
    id: key,
    username: String(row.username ?? ''),
    displayName: String(row.display_name ?? row.username ?? ''),
    role: String(row.role ?? ''),
    status: String(row.status ?? 'active'),
    version,
  };
}

export async function listTillUsers(ctx: HubContext) {
  const rows = await ctx.db
    .selectFrom('catalog_rows')
    .select(['key', 'row', 'version'])
    .where('entity', '=', 'users')
    .where('deleted', '=', false)
    .execute();
  return rows
    .map((r) => tillUserView(r.key, r.row ?? {}, r.version))
    .sort((a, b) => a.username.localeCompare(b.username));
}

/**
 * Deactivates or reactivates a till user on every till. Deactivation bumps the user's
 * token_version as the till does, so their sessions end on each till at its next pull. The last
 * active till admin is kept: without one nobody could run a till's back office.
 */
export async function setTillUserStatus(
  ctx: HubContext,
  id: string,
  status: 'active' | 'deactivated',
) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockedRow(trx, 'users', id, 'till user');
    if (status === 'deactivated' && row.role === 'admin' && row.status !== 'deactivated') {
      const admins = await trx
        .selectFrom('catalog_rows')
        .select('key')
        .where('entity', '=', 'users')
        .where('deleted', '=', false)
        .where((eb) => eb(eb.ref('row', '->>').key('role'), '=', 'admin'))
        .where((eb) => eb(eb.ref('row', '->>').key('status'), '=', 'active'))
        .execute();
      if (admins.length <= 1)
        throw new HubError('conflict', 'this is the last active till admin; keep at least one');
    }
    const next: Record<string, unknown> = { ...row, status, updated_at: now.toISOString() };
    if (status === 'deactivated' && row.status !== 'deactivated')
      next.token_version = Number(row.token_version ?? 0) + 1;
    const version = await writeCatalog(trx, now, [{ entity: 'users', key: id, row: next }]);
    return tillUserView(id, next, version);
  });
}
