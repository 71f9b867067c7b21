/**
 * New order lines from the menu: checked (known, not archived, available, modifiers allowed) and
 * priced, with the price, tax rate, modifiers and recipe copied in, so a later menu change never
 * alters them. Shared by creating an order and adding items to a pending one.
 */
import type { z } from 'zod';
import type { createOrderInput } from '../../../src-shared/contract/orders';
import { PosError } from '../../../src-shared/errors';
import type { CoreContext } from '../context';
import { chooseModifiers, loadModifierRules } from '../modifiers/choose';
import type { Db } from '../../db/schema';
import { inList, prepared } from '../../db/prepared';
import { priceLine, unitPriceWithModifiers } from '../../../src-shared/money';

export type NewLineInput = z.infer<typeof createOrderInput>['items'][number];

// Compiled once (issue 13): the ids go in as one JSON list, so the SQL is the same for any order.
const menuItemsIn = prepared((db, ids: string) =>
  db.selectFrom('menuItems').selectAll().where('id', 'in', inList<string>(ids)),
);
const recipesOf = prepared((db, ids: string) =>
  db
    .selectFrom('menuItemRecipes')
    .selectAll()
    .where('menuItemId', 'in', inList<string>(ids))
    .orderBy('inventoryItemId'),
);

/** Reads and checks only; the caller inserts `rows` and `modifierRows` with the order's id. */
export async function buildLines(
  ctx: CoreContext,
  trx: Db,
  items: NewLineInput[],
  firstPosition = 0,
) {
  const menuIds = [...new Set(items.map((i) => i.menuItemId))];
  const menuIdList = JSON.stringify(menuIds);
  const menu = await menuItemsIn(trx, menuIdList);
  const byId = new Map(menu.map((m) => [m.id, m]));
  for (const line of items) {
    const m = byId.get(line.menuItemId);
    if (!m || m.archived === 1)
      throw new PosError('unknown_menu_item', `no menu item ${line.menuItemId}`, {
        menuItemId: line.menuItemId,
      });
  }
  for (const line of items) {
    if (byId.get(line.menuItemId)?.available === 0)
      throw new PosError('item_unavailable', `${byId.get(line.menuItemId)?.name} is unavailable`, {
        menuItemId: line.menuItemId,
      });
  }
  // Section 12: the chosen modifiers, checked per line and copied with their deltas.
  const rules = await loadModifierRules(trx, menuIds, menuIdList);
  const chosen = items.map((line, i) =>
    chooseModifiers(rules.get(line.menuItemId), line.modifiers, {
      line: i,
      menuItemId: line.menuItemId,
    }),
  );
  const recipes = await recipesOf(trx, menuIdList);

  const rows = items.map((line, i) => {
    const m = byId.get(line.menuItemId)!;
    const withModifiers = unitPriceWithModifiers(m.price, chosen[i]!);
    const totals = priceLine({
      unitPrice: withModifiers,
      quantity: line.quantity,
      taxRateBps: m.taxRateBps,
    });
    const recipe = recipes
      .filter((r) => r.menuItemId === m.id)
      .map((r) => ({ inventoryItemId: r.inventoryItemId, quantityMilli: r.quantityMilli }));
    return {
      id: ctx.newId(),
      position: firstPosition + i,
      menuItemId: m.id,
      name: m.name,
      unitPrice: m.price,
      quantity: line.quantity,
      taxRateBps: m.taxRateBps,
      lineTotal: totals.lineTotal,
      lineTax: totals.lineTax,
      note: line.note || null,
      recipe: JSON.stringify(recipe),
      modifierTotal: withModifiers - m.price,
    };
  });
  const modifierRows = rows.flatMap((l, i) =>
    chosen[i]!.map((c, position) => ({ orderItemId: l.id, position, ...c })),
  );
  return { rows, modifierRows };
}
