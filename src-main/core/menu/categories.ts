import { sql } from 'kysely';
import type { z } from 'zod';
import type {
  createCategoryInput,
  MenuCategory,
  reorderCategoriesInput,
  updateCategoryInput,
} from '../../../src-shared/contract/menu';
import { PosError } from '../../../src-shared/errors';
import type { CoreContext } from '../context';
import type { Db } from '../../db/schema';
import { refuseHubOwned } from '../sync/owned';

export async function listCategories(ctx: CoreContext): Promise<{ categories: MenuCategory[] }> {
  const categories = await ctx.dbh.db
    .selectFrom('menuCategories')
    .selectAll()
    .orderBy('sortOrder')
    .orderBy('name')
    .execute();
  return { categories };
}

/** Two categories of one name would be two tabs no cashier can tell apart: a 409 on `name`. */
async function checkName(trx: Db, name: string, selfId: string | null): Promise<void> {
  const other = await trx
    .selectFrom('menuCategories')
    .select('id')
    .where(sql<boolean>`lower(name) = lower(${name})`)
    .executeTakeFirst();
  if (other && other.id !== selfId)
    throw new PosError('conflict', `There is already a category called “${name}”.`, {
      field: 'name',
    });
}

export async function createCategory(
  ctx: CoreContext,
  input: z.infer<typeof createCategoryInput>,
): Promise<MenuCategory> {
  await refuseHubOwned(ctx, 'the menu is');
  const row: MenuCategory = {
    id: ctx.newId(),
    name: input.name,
    sortOrder: input.sortOrder ?? 0,
    createdAt: ctx.clock().toISOString(),
    stationId: null,
  };
  await ctx.dbh.db.transaction().execute(async (trx) => {
    await checkName(trx, input.name, null);
    await trx.insertInto('menuCategories').values(row).execute();
  });
  return row;
}

/** PATCH /api/menu/categories/:id; `stationId` routes the category's lines to a station's printer. */
export async function updateCategory(
  ctx: CoreContext,
  input: z.infer<typeof updateCategoryInput>,
): Promise<MenuCategory> {
  await refuseHubOwned(ctx, 'the menu is');
  return ctx.dbh.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('menuCategories')
      .select('id')
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!row) throw new PosError('not_found', 'no such category', { id: input.id });
    if (input.name !== undefined) await checkName(trx, input.name, input.id);
    if (input.stationId) {
      const station = await trx
        .selectFrom('stations')
        .select('id')
        .where('id', '=', input.stationId)
        .executeTakeFirst();
      if (!station)
        throw new PosError('validation_error', 'stationId: no such station', {
          issues: [{ path: 'stationId', message: 'no such station', code: 'invalid_reference' }],
        });
    }
    const changes = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.sortOrder !== undefined ? { sortOrder: input.sortOrder } : {}),
      ...(input.stationId !== undefined ? { stationId: input.stationId } : {}),
    };
    if (Object.keys(changes).length > 0)
      await trx.updateTable('menuCategories').set(changes).where('id', '=', input.id).execute();
    return trx
      .selectFrom('menuCategories')
      .selectAll()
      .where('id', '=', input.id)
      .executeTakeFirstOrThrow();
  });
}

/**
 * PUT /menu/categories/order: the whole order in one transaction, so a move never leaves two
 * categories half-swapped. The list must name every category exactly once (a category added
 * meanwhile on another terminal makes it 409: reload and try again).
 */
export async function reorderCategories(
  ctx: CoreContext,
  input: z.infer<typeof reorderCategoriesInput>,
): Promise<{ categories: MenuCategory[] }> {
  await refuseHubOwned(ctx, 'the menu is');
  await ctx.dbh.db.transaction().execute(async (trx) => {
    const all = await trx.selectFrom('menuCategories').select('id').execute();
    const known = new Set(all.map((c) => c.id));
    const i = input.ids.findIndex((id) => !known.has(id));
    if (i !== -1)
      throw new PosError('validation_error', `ids.${i}: no such category`, {
        issues: [{ path: `ids.${i}`, message: 'no such category', code: 'invalid_reference' }],
      });
    if (input.ids.length !== all.length)
      throw new PosError(
        'conflict',
        'The categories changed meanwhile (one was added elsewhere). Reload and try again.',
      );
    for (const [position, id] of input.ids.entries())
      await trx
        .updateTable('menuCategories')
        .set({ sortOrder: position + 1 })
        .where('id', '=', id)
        .where('sortOrder', '!=', position + 1)
        .execute();
  });
  return listCategories(ctx);
}
