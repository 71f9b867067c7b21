import type { CoreContext } from '../context';
import { stockDb } from './db';
import { raiseLowStockAlert } from './low-stock-alert';

/**
 * The low-stock sweep (`manage inventory-scan` and the in-app timer): raises the alerts that
 * are missing — items at or below their threshold whose alert was never raised (stock changed
 * outside a movement, a restored database, items from before this feature) — and re-arms items
 * that went back above without a movement noticing. One transaction, so a scan racing a
 * movement never alerts the same crossing twice.
 */
export async function inventoryScan(ctx: CoreContext): Promise<{ alertsCreated: number }> {
  return ctx.dbh.db.transaction().execute(async (trx) => {
    const db = stockDb(trx);
    const missing = await db
      .selectFrom('inventoryItems')
      .selectAll()
      .whereRef('onHandMilli', '<=', 'lowStockThresholdMilli')
      .where('lowAlerted', '=', 0)
      .orderBy('name')
      .execute();
    for (const item of missing) {
      await raiseLowStockAlert(trx, ctx, item);
      await db
        .updateTable('inventoryItems')
        .set({ lowAlerted: 1 })
        .where('id', '=', item.id)
        .execute();
    }
    await db
      .updateTable('inventoryItems')
      .set({ lowAlerted: 0 })
      .whereRef('onHandMilli', '>', 'lowStockThresholdMilli')
      .where('lowAlerted', '=', 1)
      .execute();
    return { alertsCreated: missing.length };
  });
}
