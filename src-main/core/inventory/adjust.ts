import type { z } from 'zod';
import type {
  Adjustment,
  adjustStockInput,
  InventoryItem,
} from '../../../src-shared/contract/inventory';
import { fromMilli } from '../../../src-shared/stock-quantity';
import type { CoreContext } from '../context';
import type { Db } from '../../db/schema';
import type { ItemRow } from './db';
import { itemsOrNotFound, milli, toInventoryItem } from './items';
import { applyMovement } from './movement';

/**
 * A correction by `delta` or to a counted quantity (the delta is then counted − on hand). The
 * result may not be below zero (422 `negative_stock`), even when stock was already negative:
 * a count is the way to put an overdrawn item right.
 */
export async function adjustStock(
  ctx: CoreContext,
  input: z.infer<typeof adjustStockInput>,
  actorId: string,
): Promise<{ adjustment: Adjustment; item: InventoryItem }> {
  const counted = input.countedQuantity === undefined ? null : milli(input.countedQuantity);
  const givenDelta = input.delta === undefined ? null : milli(input.delta);
  return ctx.dbh.db.transaction().execute(async (trx) => {
    const items = await itemsOrNotFound(trx, [input.inventoryItemId]);
    const before = items.get(input.inventoryItemId);
    // itemsOrNotFound threw for a missing id; this only narrows the type.
    if (!before) throw new Error('unreachable: item vanished inside the transaction');
    return adjustOne(trx, ctx, before, { counted, delta: givenDelta ?? 0 }, input.reason, actorId);
  });
}

/**
 * One adjustment on the caller's transaction: the movement (ledger, alert) and the adjustment
 * row. With `counted`, the delta is counted − on hand as the item stands in this transaction.
 */
export async function adjustOne(
  trx: Db,
  ctx: CoreContext,
  before: ItemRow,
  change: { counted: number | null; delta: number },
  reason: string,
  actorId: string,
): Promise<{ adjustment: Adjustment; item: InventoryItem }> {
  const { counted } = change;
  const delta = counted !== null ? counted - before.onHandMilli : change.delta;
  const id = ctx.newId();
  const now = ctx.clock().toISOString();
  // The movement first: it refuses a negative result before the adjustment row exists.
  const row = await applyMovement(trx, ctx, {
    itemId: before.id,
    type: 'adjust',
    quantityMilli: delta,
    movementId: id,
    reason,
    by: actorId,
  });
  await trx
    .insertInto('inventoryAdjustments')
    .values({
      id,
      inventoryItemId: before.id,
      deltaMilli: delta,
      countedMilli: counted,
      reason,
      createdAt: now,
      createdBy: actorId,
    })
    .execute();
  return {
    adjustment: {
      id,
      inventoryItemId: before.id,
      delta: fromMilli(delta),
      countedQuantity: counted === null ? null : fromMilli(counted),
      reason,
      balanceAfter: fromMilli(row.onHandMilli),
      createdAt: now,
      createdBy: actorId,
    },
    item: toInventoryItem(row),
  };
}
