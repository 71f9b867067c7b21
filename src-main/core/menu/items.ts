import { sql, type Selectable } from 'kysely';
import type { z } from 'zod';
import type {
  createMenuItemInput,
  MenuItem,
  RecipeLine,
  updateMenuItemInput,
} from '../../../src-shared/contract/menu';
import { PosError } from '../../../src-shared/errors';
import { fromMilli, parseMilli } from '../../../src-shared/stock-quantity';
import type { Db, MenuItemRecipesTable, MenuItemsTable } from '../../db/schema';
import type { CoreContext } from '../context';
import { writeItemGroups } from '../modifiers/groups';
import { ftsMatch, likePattern } from '../search/fts-query';
import { refuseHubOwned } from '../sync/owned';

type ItemRow = Selectable<MenuItemsTable>;
type RecipeRow = Selectable<MenuItemRecipesTable>;

/**
 * Stock quantities travel as decimals and are stored as exact thousandths, through the one
 * parser every stock quantity uses. The contract's `stockQuantity` already refused anything it
 * cannot read, so null here is a bug, not bad input.
 */
function toMilli(q: number): number {
  const milli = parseMilli(q);
  if (milli === null) throw new Error(`recipe quantity ${q} passed validation but is not exact`);
  return milli;
}

function toMenuItem(r: ItemRow, recipe: RecipeRow[]): MenuItem {
  return {
    id: r.id,
    name: r.name,
    price: r.price,
    categoryId: r.categoryId,
    sku: r.sku,
    available: r.available === 1,
    archived: r.archived === 1,
    taxRateBps: r.taxRateBps,
    recipe: recipe.map((l) => ({
      inventoryItemId: l.inventoryItemId,
      quantity: fromMilli(l.quantityMilli),
    })),
  };
}

function invalid(path: string, message: string): PosError {
  return new PosError('validation_error', `${path}: ${message}`, {
    issues: [{ path, message, code: 'invalid_reference' }],
  });
}

async function checkReferences(
  trx: Db,
  input: { categoryId?: string | null | undefined; recipe?: RecipeLine[] | undefined },
): Promise<void> {
  if (input.categoryId) {
    const c = await trx
      .selectFrom('menuCategories')
      .select('id')
      .where('id', '=', input.categoryId)
      .executeTakeFirst();
    if (!c) throw invalid('categoryId', 'no such category');
  }
  if (input.recipe && input.recipe.length > 0) {
    const ids = input.recipe.map((l) => l.inventoryItemId);
    const found = await trx
      .selectFrom('inventoryItems')
      .select('id')
      .where('id', 'in', ids)
      .execute();
    const known = new Set(found.map((f) => f.id));
    const i = ids.findIndex((x) => !known.has(x));
    if (i !== -1) throw invalid(`recipe.${i}.inventoryItemId`, 'no such inventory item');
  }
}

async function checkSku(trx: Db, sku: string | null | undefined, selfId: string | null) {
  if (!sku) return;
  const other = await trx
    .selectFrom('menuItems')
    .select('id')
    .where('sku', '=', sku)
    .executeTakeFirst();
  if (other && other.id !== selfId)
    throw new PosError('conflict', `The SKU “${sku}” is already used by another item.`, {
      field: 'sku',
    });
}

async function writeRecipe(trx: Db, menuItemId: string, recipe: RecipeLine[]): Promise<void> {
  await trx.deleteFrom('menuItemRecipes').where('menuItemId', '=', menuItemId).execute();
  if (recipe.length === 0) return;
  await trx
    .insertInto('menuItemRecipes')
    .values(
      recipe.map((l) => ({
        menuItemId,
        inventoryItemId: l.inventoryItemId,
        quantityMilli: toMilli(l.quantity),
      })),
    )
    .execute();
}

export async function findMenuItem(db: Db, id: string): Promise<MenuItem | undefined> {
  const row = await db.selectFrom('menuItems').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const recipe = await db
    .selectFrom('menuItemRecipes')
    .selectAll()
    .where('menuItemId', '=', id)
    .orderBy('inventoryItemId')
    .execute();
  return toMenuItem(row, recipe);
}

export const DEFAULT_SEARCH_LIMIT = 50;

export interface MenuItemsQuery {
  includeArchived?: boolean | undefined;
  archived?: boolean | undefined;
  categoryId?: string | undefined;
  q?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/** `categoryId=none`: the items in no category. */
export const NO_CATEGORY = 'none';

/** The rows' query, apart so a test can EXPLAIN it (the FTS index must do the finding). */
export function menuItemsQuery(db: Db, input: MenuItemsQuery) {
  let q = db.selectFrom('menuItems').selectAll();
  if (input.archived !== undefined) q = q.where('archived', '=', input.archived ? 1 : 0);
  else if (!input.includeArchived) q = q.where('archived', '=', 0);
  if (input.categoryId === NO_CATEGORY) q = q.where('categoryId', 'is', null);
  else if (input.categoryId !== undefined) q = q.where('categoryId', '=', input.categoryId);
  if (input.q) {
    const match = ftsMatch(input.q);
    const p = likePattern(input.q.toLowerCase());
    q = q
      .where(
        match
          ? sql<boolean>`menu_items.rowid IN (SELECT rowid FROM menu_items_fts WHERE menu_items_fts MATCH ${match})`
          : sql<boolean>`(lower(name) LIKE ${p} ESCAPE '\\' OR lower(sku) LIKE ${p} ESCAPE '\\')`,
      )
      .limit(input.limit ?? DEFAULT_SEARCH_LIMIT);
  } else if (input.limit !== undefined) q = q.limit(input.limit);
  if (input.offset) q = q.offset(input.offset);
  return q.orderBy('name').orderBy('id');
}

/**
 * The menu, or with `q` a search: FTS5 (menu_items_fts, migration 0011) over name and sku, each
 * word typed a prefix ("caf" finds "Café crème"), at most `limit` items in name order. A query
 * with no word in it ("%") cannot use the index and falls back to a literal LIKE, still limited.
 */
export async function listMenuItems(
  ctx: CoreContext,
  input: MenuItemsQuery,
): Promise<{ items: MenuItem[] }> {
  const db = ctx.dbh.db;
  const rows = await menuItemsQuery(db, input).execute();
  if (rows.length === 0) return { items: [] };
  // A limited answer (a search, a page) has at most 200 items: their recipes by id. The whole
  // menu can be tens of thousands of items, more ids than SQLite takes as parameters: then every
  // recipe, in one read.
  let recipeQuery = db.selectFrom('menuItemRecipes').selectAll();
  if (input.q || input.limit !== undefined)
    recipeQuery = recipeQuery.where(
      'menuItemId',
      'in',
      rows.map((r) => r.id),
    );
  const byItem = new Map<string, RecipeRow[]>();
  for (const line of await recipeQuery.orderBy('inventoryItemId').execute()) {
    const list = byItem.get(line.menuItemId);
    if (list) list.push(line);
    else byItem.set(line.menuItemId, [line]);
  }
  return { items: rows.map((r) => toMenuItem(r, byItem.get(r.id) ?? [])) };
}

export async function createMenuItem(
  ctx: CoreContext,
  input: z.infer<typeof createMenuItemInput>,
): Promise<MenuItem> {
  await refuseHubOwned(ctx, 'the menu is');
  const id = ctx.newId();
  await ctx.dbh.db.transaction().execute(async (trx) => {
    await checkReferences(trx, input);
    await checkSku(trx, input.sku, null);
    const at = ctx.clock().toISOString();
    await trx
      .insertInto('menuItems')
      .values({
        id,
        name: input.name,
        price: input.price,
        categoryId: input.categoryId ?? null,
        sku: input.sku ?? null,
        available: input.available === false ? 0 : 1,
        archived: 0,
        taxRateBps: input.taxRateBps ?? 0,
        createdAt: at,
        updatedAt: at,
      })
      .execute();
    await writeRecipe(trx, id, input.recipe ?? []);
    if (input.modifierGroupIds)
      await writeItemGroups(trx, id, input.modifierGroupIds, 'modifierGroupIds');
  });
  return (await findMenuItem(ctx.dbh.db, id))!;
}

export async function updateMenuItem(
  ctx: CoreContext,
  input: z.infer<typeof updateMenuItemInput>,
): Promise<MenuItem> {
  await refuseHubOwned(ctx, 'the menu is');
  await ctx.dbh.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('menuItems')
      .select('id')
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!row) throw new PosError('not_found', 'no such menu item', { id: input.id });
    await checkReferences(trx, input);
    await checkSku(trx, input.sku, input.id);
    await trx
      .updateTable('menuItems')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.price !== undefined ? { price: input.price } : {}),
        ...(input.categoryId !== undefined ? { categoryId: input.categoryId } : {}),
        ...(input.sku !== undefined ? { sku: input.sku } : {}),
        ...(input.available !== undefined ? { available: input.available ? 1 : 0 } : {}),
        ...(input.archived !== undefined ? { archived: input.archived ? 1 : 0 } : {}),
        ...(input.taxRateBps !== undefined ? { taxRateBps: input.taxRateBps } : {}),
        updatedAt: ctx.clock().toISOString(),
      })
      .where('id', '=', input.id)
      .execute();
    if (input.recipe !== undefined) await writeRecipe(trx, input.id, input.recipe);
    if (input.modifierGroupIds !== undefined)
      await writeItemGroups(trx, input.id, input.modifierGroupIds, 'modifierGroupIds');
  });
  return (await findMenuItem(ctx.dbh.db, input.id))!;
}

export async function archiveMenuItem(ctx: CoreContext, id: string): Promise<MenuItem> {
  await refuseHubOwned(ctx, 'the menu is');
  return updateMenuItem(ctx, { id, archived: true });
}
