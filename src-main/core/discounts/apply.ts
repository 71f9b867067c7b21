/**
 * Order and line discounts. Giving or taking back a discount re-prices the whole
 * order from its lines and its live discounts (allocate.ts), writes the new line and order
 * totals, appends to the change feed and records an audit entry — all in one transaction, so an
 * order never shows totals its discounts don't explain, and no discount goes unaudited.
 *
 * Only an order that holds no money and is not closed can be discounted: once something is paid,
 * a lower total would leave the customer overpaid (409 `has_payments`; refund first).
 */
import { sql, type Transaction } from 'kysely';
import type { z } from 'zod';
import type { addDiscountInput } from '../../../src-shared/contract/counter';
import type { Order } from '../../../src-shared/contract/orders';
import { PosError } from '../../../src-shared/errors';
import type { DB } from '../../db/schema';
import { recordAudit } from '../audit/record';
import type { CoreContext } from '../context';
import { recordOrderChange } from '../orders/changes';
import { publishOrderChanges, type OrderChanged } from '../orders/events';
import { findOrderRow, loadOrder, type OrderRow } from '../orders/read';
import { priceOrder, type DiscountRule } from './allocate';

export type AddDiscountInput = z.infer<typeof addDiscountInput>;

const CLOSED = ['completed', 'refunded', 'cancelled'];

/** 404, then the 409s, in API.md §0's order. */
async function openOrder(trx: Transaction<DB>, id: string): Promise<OrderRow> {
  const order = await findOrderRow(trx, id);
  if (!order) throw new PosError('not_found', 'no such order', { id });
  return order;
}

function checkDiscountable(order: OrderRow): void {
  if (CLOSED.includes(order.status))
    throw new PosError('order_closed', `the order is ${order.status}`, { status: order.status });
  const held = order.paid - order.refunded;
  if (held > 0)
    throw new PosError('has_payments', 'the order has payments; refund them before discounting', {
      paid: held,
    });
}

async function liveDiscounts(trx: Transaction<DB>, orderId: string) {
  return trx
    .selectFrom('orderDiscounts')
    .selectAll()
    .where('orderId', '=', orderId)
    .where('removedAt', 'is', null)
    .orderBy('createdAt')
    .orderBy(sql`rowid`)
    .execute();
}

/**
 * Prices the order under `rules` and writes the result (lines, discount amounts, order totals).
 * Throws `discount_too_large` before writing anything when a discount no longer fits.
 */
async function reprice(
  trx: Transaction<DB>,
  order: OrderRow,
  rules: DiscountRule[],
  at: string,
): Promise<{ total: number; amounts: Map<string, number>; change: OrderChanged }> {
  const lines = await trx
    .selectFrom('orderItems')
    .select(['id', 'lineTotal', 'taxRateBps', 'discount', 'lineTax'])
    .where('orderId', '=', order.id)
    .orderBy('position')
    .execute();
  const priced = priceOrder(lines, rules);
  for (const [i, l] of priced.lines.entries()) {
    const old = lines[i]!;
    if (old.discount === l.discount && old.lineTax === l.lineTax) continue;
    await trx
      .updateTable('orderItems')
      .set({ discount: l.discount, lineTax: l.lineTax })
      .where('id', '=', l.id)
      .execute();
  }
  for (const [id, amount] of priced.amounts)
    await trx.updateTable('orderDiscounts').set({ amount }).where('id', '=', id).execute();
  await trx
    .updateTable('orders')
    .set({
      subtotal: priced.subtotal,
      discount: priced.discount,
      tax: priced.tax,
      total: priced.total,
    })
    .where('id', '=', order.id)
    .execute();
  return {
    total: priced.total,
    amounts: priced.amounts,
    change: await recordOrderChange(trx, order.id, at),
  };
}

function toRule(d: {
  id: string;
  orderItemId: string | null;
  kind: 'percent' | 'amount';
  value: number;
}): DiscountRule {
  return { id: d.id, itemId: d.orderItemId, kind: d.kind, value: d.value };
}

/**
 * Prices the order again under its live discounts after its lines changed (items added): order
 * discounts spread over the new lines too. Appends the order change; the caller publishes it.
 */
export async function repriceOrder(
  trx: Transaction<DB>,
  order: OrderRow,
  at: string,
): Promise<OrderChanged> {
  const rules = (await liveDiscounts(trx, order.id)).map(toRule);
  return (await reprice(trx, order, rules, at)).change;
}

export async function addDiscount(
  ctx: CoreContext,
  userId: string,
  input: AddDiscountInput,
): Promise<Order> {
  const change = await ctx.dbh.db.transaction().execute(async (trx) => {
    const order = await openOrder(trx, input.id);
    if (input.itemId !== undefined) {
      const line = await trx
        .selectFrom('orderItems')
        .select('id')
        .where('id', '=', input.itemId)
        .where('orderId', '=', order.id)
        .executeTakeFirst();
      if (!line)
        throw new PosError('not_found', 'no such line in this order', { itemId: input.itemId });
    }
    checkDiscountable(order);
    const at = ctx.clock().toISOString();
    const rule: DiscountRule = {
      id: ctx.newId(),
      itemId: input.itemId ?? null,
      kind: input.percent !== undefined ? 'percent' : 'amount',
      // Percent as basis points (12.5 % → 1250): exact, like taxRateBps.
      value: input.percent !== undefined ? Math.round(input.percent * 100) : input.amount!,
    };
    // Insert first (amount 0) so reprice writes every amount, this one included; a refusal
    // below rolls the insert back with everything else.
    await trx
      .insertInto('orderDiscounts')
      .values({
        id: rule.id,
        orderId: order.id,
        orderItemId: rule.itemId,
        kind: rule.kind,
        value: rule.value,
        amount: 0,
        reason: input.reason,
        createdAt: at,
        createdBy: userId,
      })
      .execute();
    const rules = (await liveDiscounts(trx, order.id)).map(toRule);
    const { total, amounts, change } = await reprice(trx, order, rules, at);
    await recordAudit(trx, ctx, {
      type: 'discount',
      actorId: userId,
      subject: { type: 'order', id: order.id },
      reason: input.reason,
      details: {
        action: 'add',
        discountId: rule.id,
        orderNumber: order.number,
        itemId: rule.itemId,
        kind: rule.kind,
        ...(input.percent !== undefined ? { percent: input.percent } : {}),
        amount: amounts.get(rule.id) ?? 0,
        totalBefore: order.total,
        totalAfter: total,
      },
    });
    return change;
  });
  publishOrderChanges(ctx, [change]);
  return loadOrder(ctx.dbh.db, input.id);
}

export async function removeDiscount(
  ctx: CoreContext,
  userId: string,
  input: { id: string; discountId: string; reason: string },
): Promise<Order> {
  const change = await ctx.dbh.db.transaction().execute(async (trx) => {
    const order = await openOrder(trx, input.id);
    const live = await liveDiscounts(trx, order.id);
    const gone = live.find((d) => d.id === input.discountId);
    if (!gone)
      throw new PosError('not_found', 'no such discount on this order', {
        discountId: input.discountId,
      });
    checkDiscountable(order);
    const at = ctx.clock().toISOString();
    await trx
      .updateTable('orderDiscounts')
      .set({ removedAt: at, removedBy: userId, removedReason: input.reason })
      .where('id', '=', gone.id)
      .execute();
    const rules = live.filter((d) => d.id !== gone.id).map(toRule);
    const { total, change } = await reprice(trx, order, rules, at);
    await recordAudit(trx, ctx, {
      type: 'discount',
      actorId: userId,
      subject: { type: 'order', id: order.id },
      reason: input.reason,
      details: {
        action: 'remove',
        discountId: gone.id,
        orderNumber: order.number,
        itemId: gone.orderItemId,
        kind: gone.kind,
        amount: gone.amount,
        totalBefore: order.total,
        totalAfter: total,
      },
    });
    return change;
  });
  publishOrderChanges(ctx, [change]);
  return loadOrder(ctx.dbh.db, input.id);
}
