/**
 * Modifier options on the hub (issue 16): an option's price delta and availability, since a
 * joined till refuses to change its modifier groups. Rows stay in the till's modifier_options
 * columns (price_delta in minor units, available 0/1), validated with the till's own limits.
 */
import { z } from 'zod';
import { money } from '../../src-shared/contract/common';
import { writeCatalog } from './catalog';
import { lockedRow } from './catalog-edit';
import type { HubContext } from './context';
import { HubError } from './errors';

/** The till's MAX_DELTA (src-shared/contract/modifiers.ts). */
const MAX_DELTA = 10_000_000;

export const modifierOptionPatch = z
  .strictObject({ priceDelta: money.max(MAX_DELTA), available: z.boolean() })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'change the price delta or availability');

export function modifierOptionView(key: string, row: Record<string, unknown>, version: number) {
  return {
    id: key,
    groupId: String(row.group_id ?? ''),
    name: String(row.name ?? ''),
    position: Number(row.position ?? 0),
    priceDelta: Number(row.price_delta ?? 0),
    available: Number(row.available ?? 1) === 1,
    version,
  };
}

/** Live groups with their live options in the till's order, for the hub's screen. */
export async function listModifierGroups(ctx: HubContext) {
  const rows = await ctx.db
    .selectFrom('catalog_rows')
    .select(['entity', 'key', 'row', 'version'])
    .where('entity', 'in', ['modifier_groups', 'modifier_options'])
    .where('deleted', '=', false)
    .execute();
  const groups = rows
    .filter((r) => r.entity === 'modifier_groups' && Number(r.row?.archived ?? 0) === 0)
    .map((r) => ({
      id: r.key,
      name: String(r.row?.name ?? ''),
      options: [] as ReturnType<typeof modifierOptionView>[],
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const byId = new Map(groups.map((g) => [g.id, g]));
  for (const r of rows) {
    if (r.entity !== 'modifier_options' || Number(r.row?.archived ?? 0) === 1) continue;
    const option = modifierOptionView(r.key, r.row ?? {}, r.version);
    byId.get(option.groupId)?.options.push(option);
  }
  for (const g of groups) g.options.sort((a, b) => a.position - b.position);
  return groups;
}

export async function updateModifierOption(
  ctx: HubContext,
  id: string,
  patch: z.infer<typeof modifierOptionPatch>,
) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockedRow(trx, 'modifier_options', id, 'modifier option');
    // A retired option stays only for the orders that name it; bringing it back is the group's
    // business (its option list), not a price edit.
    if (Number(row.archived ?? 0) === 1)
      throw new HubError('conflict', 'this option was removed from its group', { id });
    const next: Record<string, unknown> = { ...row };
    if (patch.priceDelta !== undefined) next.price_delta = patch.priceDelta;
    if (patch.available !== undefined) next.available = patch.available ? 1 : 0;
    const version = await writeCatalog(trx, now, [
      { entity: 'modifier_options', key: id, row: next },
    ]);
    return modifierOptionView(id, next, version);
  });
}
