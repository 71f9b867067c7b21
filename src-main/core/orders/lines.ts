/**
 * New order lines from the menu: checked (known, not archived, available, modifiers allowed) and
 * priced, with the price, tax rate, modifiers and recipe copied in, so a later menu change never
 * alters them. Shared by creating an order and adding items to a pending one.
 */
import type { z } from 'zod';
import type { createOrderInput } from '../../../src-shared/contract/orders';
import { PosError } from '../../../src-shared/errors';
import type { CoreContext } from '../context';
import { chooseModifiers } from '../modifiers/choose';
import { sellableItems } from '../menu/sellable';
import type { Db } from '../../db/schema';
import { priceLine, unitPriceWithModifiers } from '../../../src-shared/money';

export type NewLineInput = z.infer<typeof createOrderInput>['items'][number];

/** Reads and checks only; the caller inserts `rows` and `modifierRows` with the order's id. */
export async function buildLines(
  ctx: CoreContext,
  trx: Db,
  items: NewLineInput[],
  firstPosition = 0,
) {
  const byId = await sellableItems(ctx, trx, [...new Set(items.map((i) => i.menuItemId))]);
  for (const line of items) {
    const m = byId.get(line.menuItemId);
    if (!m || m.archived)
      throw new PosError('unknown_menu_item', `no menu item ${line.menuItemId}`, {
        menuItemId: line.menuItemId,
      });
  }
  for (const line of items) {
    const m = byId.get(line.menuItemId)!;
    if (!m.available)
      throw new PosError('item_unavailable', `${m.name} is unavailable`, {
        menuItemId: line.menuItemId,
      });
  }
  // Section 12: the chosen modifiers, checked per line and copied with their deltas.
  const chosen = items.map((line, i) =>
    chooseModifiers(byId.get(line.menuItemId)!.groups, line.modifiers, {
      line: i,
      menuItemId: line.menuItemId,
    }),
  );

  const rows = items.map((line, i) => {
    const m = byId.get(line.menuItemId)!;
    const withModifiers = unitPriceWithModifiers(m.price, chosen[i]!);
    const totals = priceLine({
      unitPrice: withModifiers,
      quantity: line.quantity,
      taxRateBps: m.taxRateBps,
    });
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
      recipe: m.recipeJson,
      modifierTotal: withModifiers - m.price,
    };
  });
  const modifierRows = rows.flatMap((l, i) =>
    chosen[i]!.map((c, position) => ({ orderItemId: l.id, position, ...c })),
  );
  return { rows, modifierRows };
}
