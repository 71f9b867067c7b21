/**
 * Menu categories on the hub (issue 16): add and rename, since a joined till refuses both. Rows
 * are the till's menu_categories columns; names follow the till's rules (createCategoryInput),
 * including its refusal of a second category of the same name in any case (two tabs no cashier
 * could tell apart), checked under the catalog lock.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { createCategoryInput } from '../../src-shared/contract/menu';
import { writeCatalog, lockCatalog } from './catalog';
import { lockedRow } from './catalog-edit';
import type { HubContext } from './context';
import { HubError } from './errors';

type Trx = Parameters<typeof lockCatalog>[0];

export const newMenuCategory = createCategoryInput;
/** A rename: the name is the one thing a hub edits on a category for now. */
export const menuCategoryPatch = createCategoryInput.pick({ name: true });

export function menuCategoryView(key: string, row: Record<string, unknown>, version: number) {
  return {
    id: key,
    name: String(row.name ?? ''),
    sortOrder: Number(row.sort_order ?? 0),
    version,
  };
}

async function checkName(trx: Trx, name: string, selfId: string | null): Promise<void> {
  const other = await trx
    .selectFrom('catalog_rows')
    .select('key')
    .where('entity', '=', 'menu_categories')
    .where('deleted', '=', false)
    .where((eb) => eb(eb.fn('lower', [eb.ref('row', '->>').key('name')]), '=', name.toLowerCase()))
    .executeTakeFirst();
  if (other && other.key !== selfId)
    throw new HubError('conflict', `there is already a category called "${name}"`, {
      field: 'name',
    });
}

export async function addMenuCategory(ctx: HubContext, input: z.infer<typeof newMenuCategory>) {
  const now = ctx.now();
  const id = randomUUID();
  const row = {
    id,
    name: input.name,
    sort_order: input.sortOrder ?? 0,
    created_at: now.toISOString(),
    station_id: null,
  };
  return ctx.db.transaction().execute(async (trx) => {
    await lockCatalog(trx);
    await checkName(trx, input.name, null);
    const version = await writeCatalog(trx, now, [{ entity: 'menu_categories', key: id, row }]);
    return menuCategoryView(id, row, version);
  });
}

export async function renameMenuCategory(
  ctx: HubContext,
  id: string,
  patch: z.infer<typeof menuCategoryPatch>,
) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockedRow(trx, 'menu_categories', id, 'category');
    await checkName(trx, patch.name, id);
    const next: Record<string, unknown> = { ...row, name: patch.name };
    const version = await writeCatalog(trx, now, [
      { entity: 'menu_categories', key: id, row: next },
    ]);
    return menuCategoryView(id, next, version);
  });
}
