import type { z } from 'zod';
import type { createCategoryInput, MenuCategory } from '../../../src-shared/contract/menu';
import type { CoreContext } from '../context';

export async function listCategories(ctx: CoreContext): Promise<{ categories: MenuCategory[] }> {
  const categories = await ctx.dbh.db
    .selectFrom('menuCategories')
    .selectAll()
    .orderBy('sortOrder')
    .orderBy('name')
    .execute();
  return { categories };
}

export async function createCategory(
  ctx: CoreContext,
  input: z.infer<typeof createCategoryInput>,
): Promise<MenuCategory> {
  const row: MenuCategory = {
    id: ctx.newId(),
    name: input.name,
    sortOrder: input.sortOrder ?? 0,
    createdAt: ctx.clock().toISOString(),
  };
  await ctx.dbh.db.insertInto('menuCategories').values(row).execute();
  return row;
}
