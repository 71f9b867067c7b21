import type { z } from 'zod';
import type { createOrderInput, Order } from '../../../src-shared/contract/orders';
import { PosError } from '../../../src-shared/errors';
import type { CoreContext } from '../context';
import { chooseModifiers, loadModifierRules } from '../modifiers/choose';
import { getSettings } from '../settings';
import { businessDay } from './business-day';
import { recordOrderChange } from './changes';
import { publishOrderChanges } from './events';
import { loadOrder, type Db } from './read';
import { orderTotals, priceLine } from './totals';

export type CreateOrderInput = z.infer<typeof createOrderInput>;

/** The next number of a business day; runs inside the inserting transaction (BEGIN IMMEDIATE). */
async function nextNumber(trx: Db, day: string): Promise<number> {
  const row = await trx
    .selectFrom('orders')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('businessDay', '=', day)
    .executeTakeFirst();
  return (row?.n ?? 0) + 1;
}

/**
 * Creates an order in `pending`: prices, tax rates and recipes are copied from the menu into the
 * lines, so a later menu change never alters it. Every check runs before the first write, and all
 * writes are one transaction: a refused order leaves nothing behind.
 */
export async function createOrder(
  ctx: CoreContext,
  userId: string,
  input: CreateOrderInput,
): Promise<Order> {
  const { timeZone } = getSettings(ctx);
  const { id, change } = await ctx.dbh.db.transaction().execute(async (trx) => {
    const now = ctx.clock();
    const at = now.toISOString();
    const menuIds = [...new Set(input.items.map((i) => i.menuItemId))];
    const menu = await trx.selectFrom('menuItems').selectAll().where('id', 'in', menuIds).execute();
    const byId = new Map(menu.map((m) => [m.id, m]));
    for (const line of input.items) {
      const m = byId.get(line.menuItemId);
      if (!m || m.archived === 1)
        throw new PosError('unknown_menu_item', `no menu item ${line.menuItemId}`, {
          menuItemId: line.menuItemId,
        });
    }
    for (const line of input.items) {
      if (byId.get(line.menuItemId)?.available === 0)
        throw new PosError(
          'item_unavailable',
          `${byId.get(line.menuItemId)?.name} is unavailable`,
          {
            menuItemId: line.menuItemId,
          },
        );
    }
    // Section 12: the chosen modifiers, checked per line and copied with their deltas.
    const rules = await loadModifierRules(trx, menuIds);
    const chosen = input.items.map((line, i) =>
      chooseModifiers(rules.get(line.menuItemId), line.modifiers, {
        line: i,
        menuItemId: line.menuItemId,
      }),
    );
    if (input.customerId !== undefined) {
      const c = await trx
        .selectFrom('customers')
        .select('id')
        .where('id', '=', input.customerId)
        .executeTakeFirst();
      if (!c)
        throw new PosError('validation_error', 'customerId: no such customer', {
          issues: [{ path: 'customerId', message: 'no such customer', code: 'unknown_customer' }],
        });
    }
    const recipes = await trx
      .selectFrom('menuItemRecipes')
      .selectAll()
      .where('menuItemId', 'in', menuIds)
      .orderBy('inventoryItemId')
      .execute();

    const lines = input.items.map((line, position) => {
      const m = byId.get(line.menuItemId)!;
      const modifierTotal = chosen[position]!.reduce((sum, c) => sum + c.priceDelta, 0);
      const totals = priceLine({
        unitPrice: m.price + modifierTotal,
        quantity: line.quantity,
        taxRateBps: m.taxRateBps,
      });
      const recipe = recipes
        .filter((r) => r.menuItemId === m.id)
        .map((r) => ({ inventoryItemId: r.inventoryItemId, quantityMilli: r.quantityMilli }));
      return {
        id: ctx.newId(),
        position,
        menuItemId: m.id,
        name: m.name,
        unitPrice: m.price,
        quantity: line.quantity,
        taxRateBps: m.taxRateBps,
        lineTotal: totals.lineTotal,
        lineTax: totals.lineTax,
        note: line.note || null,
        recipe: JSON.stringify(recipe),
        modifierTotal,
      };
    });
    const totals = orderTotals(lines);
    const day = businessDay(now, timeZone);
    const orderId = ctx.newId();
    await trx
      .insertInto('orders')
      .values({
        id: orderId,
        businessDay: day,
        number: await nextNumber(trx, day),
        status: 'pending',
        ...totals,
        customerId: input.customerId ?? null,
        note: input.note || null,
        createdBy: userId,
        createdAt: at,
        updatedAt: at,
        consumedAt: null,
      })
      .execute();
    await trx
      .insertInto('orderItems')
      .values(lines.map((l) => ({ ...l, orderId })))
      .execute();
    const modifierRows = lines.flatMap((l, i) =>
      chosen[i]!.map((c, position) => ({ orderItemId: l.id, position, ...c })),
    );
    if (modifierRows.length > 0)
      await trx.insertInto('orderItemModifiers').values(modifierRows).execute();
    await trx
      .insertInto('orderHistory')
      .values({ orderId, fromStatus: null, toStatus: 'pending', at, by: userId, reason: null })
      .execute();
    return { id: orderId, change: await recordOrderChange(trx, orderId, at) };
  });
  publishOrderChanges(ctx, [change]);
  return loadOrder(ctx.dbh.db, id);
}
