import type { z } from 'zod';
import type {
  Adjustment,
  countStockInput,
  InventoryItem,
} from '../../../src-shared/contract/inventory';
import type { CoreContext } from '../context';
import { adjustOne } from './adjust';
import { itemsOrNotFound, milli } from './items';

export const STOCK_COUNT_REASON = 'stock count';

/**
 * A stock count: every line sets its item to the counted quantity (an adjustment with
 * `countedQuantity`, so a line that matched is recorded too), all in one transaction — a count
 * is saved whole or not at all. Unknown items are a 404 before anything is written.
 */
export async function countStock(
  ctx: CoreContext,
  input: z.infer<typeof countStockInput>,
  actorId: string,
): Promise<{ adjustments: Adjustment[]; items: InventoryItem[] }> {
  const lines = input.lines.map((l) => ({
    id: l.inventoryItemId,
    counted: milli(l.countedQuantity),
  }));
  const reason = input.reason ?? STOCK_COUNT_REASON;
  return ctx.dbh.db.transaction().execute(async (trx) => {
    const items = await itemsOrNotFound(
      trx,
      lines.map((l) => l.id),
    );
    const adjustments: Adjustment[] = [];
    const after: InventoryItem[] = [];
    for (const line of lines) {
      const before = items.get(line.id);
      if (!before) throw new Error('unreachable: item vanished inside the transaction');
      const r = await adjustOne(
        trx,
        ctx,
        before,
        { counted: line.counted, delta: 0 },
        reason,
        actorId,
      );
      adjustments.push(r.adjustment);
      after.push(r.item);
    }
    return { adjustments, items: after };
  });
}
