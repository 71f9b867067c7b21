import type { z } from 'zod';
import type {
  InventoryItem,
  Receipt,
  receiveStockInput,
} from '../../../src-shared/contract/inventory';
import { fromMilli } from '../../../src-shared/stock-quantity';
import type { CoreContext } from '../context';
import type { ItemRow } from './db';
import { itemsOrNotFound, milli, toInventoryItem } from './items';
import { applyMovement } from './movement';

/**
 * Goods received: one receipt, its lines, and per line a `receipt` ledger entry; a given
 * unitCost becomes the item's lastUnitCost. Unknown items are a 404 before anything is written.
 */
export async function receiveStock(
  ctx: CoreContext,
  input: z.infer<typeof receiveStockInput>,
  actorId: string,
): Promise<{ receipt: Receipt; items: InventoryItem[] }> {
  const lines = input.items.map((l) => ({
    inventoryItemId: l.inventoryItemId,
    quantityMilli: milli(l.quantity),
    unitCost: l.unitCost ?? null,
  }));
  return ctx.dbh.db.transaction().execute(async (trx) => {
    await itemsOrNotFound(
      trx,
      lines.map((l) => l.inventoryItemId),
    );
    const now = ctx.clock().toISOString();
    const receipt: Receipt = {
      id: ctx.newId(),
      supplier: input.supplier ?? null,
      reference: input.reference ?? null,
      lines: lines.map((l) => ({
        inventoryItemId: l.inventoryItemId,
        quantity: fromMilli(l.quantityMilli),
        unitCost: l.unitCost,
      })),
      createdAt: now,
      createdBy: actorId,
    };
    await trx
      .insertInto('inventoryReceipts')
      .values({
        id: receipt.id,
        supplier: receipt.supplier,
        reference: receipt.reference,
        createdAt: now,
        createdBy: actorId,
      })
      .execute();
    await trx
      .insertInto('inventoryReceiptLines')
      .values(lines.map((l, position) => ({ receiptId: receipt.id, position, ...l })))
      .execute();
    const reason = receipt.reference ?? receipt.supplier;
    const after = new Map<string, ItemRow>();
    for (const l of lines) {
      const row = await applyMovement(trx, ctx, {
        itemId: l.inventoryItemId,
        type: 'receipt',
        quantityMilli: l.quantityMilli,
        movementId: receipt.id,
        reason: reason ? `receipt ${reason}` : 'receipt',
        by: actorId,
        unitCost: l.unitCost,
      });
      after.set(row.id, row);
    }
    return { receipt, items: [...after.values()].map(toInventoryItem) };
  });
}
