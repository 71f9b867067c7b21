import type { z } from 'zod';
import type {
  InventoryItem,
  updateInventoryItemInput,
} from '../../../src-shared/contract/inventory';
import { PosError } from '../../../src-shared/errors';
import { fromMilli } from '../../../src-shared/stock-quantity';
import { recordAudit } from '../audit/record';
import type { CoreContext } from '../context';
import { stockDb } from './db';
import { isUniqueViolation, itemsOrNotFound, milli, toInventoryItem } from './items';
import { raiseLowStockAlert } from './low-stock-alert';
import { refuseHubOwned } from '../sync/owned';

/**
 * Renames a stock item, changes its unit or its low-stock threshold. A threshold that puts the
 * stock on hand at or below it is a crossing like a movement's: the alert is raised now (once,
 * the flag set), and a threshold lowered below the stock re-arms the alert. What changed is
 * audited (`stock_item_change`, before and after) in the same transaction; a PATCH that changes
 * nothing writes nothing.
 */
export async function updateInventoryItem(
  ctx: CoreContext,
  input: z.infer<typeof updateInventoryItemInput>,
  actorId: string,
): Promise<InventoryItem> {
  await refuseHubOwned(ctx, 'the stock items are');
  const threshold =
    input.lowStockThreshold === undefined ? undefined : milli(input.lowStockThreshold);
  try {
    return await ctx.dbh.db.transaction().execute(async (trx) => {
      const before = (await itemsOrNotFound(trx, [input.id])).get(input.id);
      if (!before) throw new Error('unreachable: item vanished inside the transaction');
      const next = {
        name: input.name ?? before.name,
        unit: input.unit ?? before.unit,
        lowStockThresholdMilli: threshold ?? before.lowStockThresholdMilli,
      };
      const changes: Record<string, { from: string | number; to: string | number }> = {};
      if (next.name !== before.name) changes.name = { from: before.name, to: next.name };
      if (next.unit !== before.unit) changes.unit = { from: before.unit, to: next.unit };
      if (next.lowStockThresholdMilli !== before.lowStockThresholdMilli)
        changes.lowStockThreshold = {
          from: fromMilli(before.lowStockThresholdMilli),
          to: fromMilli(next.lowStockThresholdMilli),
        };
      if (Object.keys(changes).length === 0) return toInventoryItem(before);

      const now = ctx.clock().toISOString();
      const updated = { ...before, ...next, updatedAt: now };
      const low = updated.onHandMilli <= updated.lowStockThresholdMilli;
      if (low && !before.lowAlerted) {
        await raiseLowStockAlert(trx, ctx, updated);
        updated.lowAlerted = 1;
      } else if (!low && before.lowAlerted) {
        updated.lowAlerted = 0;
      }
      await stockDb(trx)
        .updateTable('inventoryItems')
        .set({ ...next, lowAlerted: updated.lowAlerted, updatedAt: now })
        .where('id', '=', before.id)
        .execute();
      await recordAudit(trx, ctx, {
        type: 'stock_item_change',
        actorId,
        subject: { type: 'inventory_item', id: before.id },
        details: { name: next.name, changes },
      });
      return toInventoryItem(updated);
    });
  } catch (e) {
    if (isUniqueViolation(e) && input.name !== undefined) {
      throw new PosError('conflict', `an inventory item named "${input.name}" exists`, {
        field: 'name',
      });
    }
    throw e;
  }
}
