import type { Db, LedgerType } from '../../db/schema';
import { PosError } from '../../../src-shared/errors';
import { fromMilli, MAX_STOCK_UNITS } from '../../../src-shared/stock-quantity';
import type { CoreContext } from '../context';
import { prepared, preparedInsert } from '../../db/prepared';
import { stockDb, type ItemRow } from './db';
import { raiseLowStockAlert } from './low-stock-alert';

// Compiled once (db/prepared.ts): completing an order moves every stock item of its recipes.
const stockItem = prepared((db, id: string) =>
  stockDb(db).selectFrom('inventoryItems').selectAll().where('id', '=', id),
);
const setStock = prepared(
  (
    db,
    id: string,
    onHandMilli: number,
    lowAlerted: number,
    lastUnitCost: number | null,
    updatedAt: string,
  ) =>
    stockDb(db)
      .updateTable('inventoryItems')
      .set({ onHandMilli, lowAlerted, lastUnitCost, updatedAt })
      .where('id', '=', id),
);
const insertLedger = preparedInsert('inventoryLedger', [
  'id',
  'inventoryItemId',
  'type',
  'quantityMilli',
  'balanceAfterMilli',
  'movementId',
  'orderId',
  'reason',
  'at',
  'by',
] as const);

export interface Movement {
  itemId: string;
  type: LedgerType;
  /** Signed thousandths: positive in, negative out. */
  quantityMilli: number;
  /** The receipt, adjustment or consumption this movement belongs to. */
  movementId: string;
  orderId?: string | null;
  reason?: string | null;
  by: string | null;
  /** Consumption may overdraw stock; adjustments may not. */
  allowNegative?: boolean;
  /** Receipts record what the goods cost. */
  unitCost?: number | null;
}

const LIMIT_MILLI = MAX_STOCK_UNITS * 1000;

/**
 * The one place stock changes: moves onHand, writes the ledger entry with `balanceAfter`, and on
 * a crossing from above the threshold to at or below it raises the low-stock alert — all on the
 * caller's transaction, so they commit or vanish together. Returns the item as it is now.
 */
export async function applyMovement(trx: Db, ctx: CoreContext, m: Movement): Promise<ItemRow> {
  const [item] = await stockItem(trx, m.itemId);
  if (!item) {
    throw new PosError('not_found', `no such inventory item: ${m.itemId}`, {
      inventoryItemIds: [m.itemId],
    });
  }
  const after = item.onHandMilli + m.quantityMilli;
  if (!m.allowNegative && after < 0) {
    throw new PosError('negative_stock', `${item.name} would go below zero`, {
      inventoryItemId: item.id,
      onHand: fromMilli(item.onHandMilli),
      change: fromMilli(m.quantityMilli),
      result: fromMilli(after),
    });
  }
  if (Math.abs(after) > LIMIT_MILLI) {
    throw new PosError('validation_error', `${item.name} would exceed ${MAX_STOCK_UNITS} units`, {
      inventoryItemId: item.id,
    });
  }
  const now = ctx.clock().toISOString();
  const low = after <= item.lowStockThresholdMilli;
  let lowAlerted = item.lowAlerted;
  const updated: ItemRow = { ...item, onHandMilli: after, updatedAt: now };
  if (m.unitCost !== undefined && m.unitCost !== null) updated.lastUnitCost = m.unitCost;
  if (low && !lowAlerted) {
    await raiseLowStockAlert(trx, ctx, updated);
    lowAlerted = 1;
  } else if (!low && lowAlerted) {
    // Back above: the next crossing alerts again.
    lowAlerted = 0;
  }
  updated.lowAlerted = lowAlerted;
  await setStock(trx, item.id, after, lowAlerted, updated.lastUnitCost, now);
  await insertLedger(trx, {
    id: ctx.newId(),
    inventoryItemId: item.id,
    type: m.type,
    quantityMilli: m.quantityMilli,
    balanceAfterMilli: after,
    movementId: m.movementId,
    orderId: m.orderId ?? null,
    reason: m.reason ?? null,
    at: now,
    by: m.by,
  });
  return updated;
}
