import { fromMilli } from '../../../src-shared/stock-quantity';
import type { CoreContext } from '../context';
import { insertNotification } from '../notifications/create';
import type { Db } from '../../db/schema';
import type { ItemRow } from './db';

/** Who hears about low stock (API.md §6). */
export const LOW_STOCK_AUDIENCE = { roles: ['manager', 'admin'] as const };

/**
 * One `warning` notification for managers and admins about an item now at or below its
 * threshold, with its push deliveries, on the caller's transaction. The caller marks the item
 * alerted so the same crossing never alerts twice.
 */
export async function raiseLowStockAlert(trx: Db, ctx: CoreContext, item: ItemRow): Promise<void> {
  const onHand = fromMilli(item.onHandMilli);
  const threshold = fromMilli(item.lowStockThresholdMilli);
  await insertNotification(trx, ctx, {
    title: `Low stock: ${item.name}`,
    body: `${item.name}: ${onHand} ${item.unit} left (threshold ${threshold} ${item.unit})`,
    level: 'warning',
    audience: { roles: [...LOW_STOCK_AUDIENCE.roles], userId: null },
    kind: 'low_stock',
    inventoryItemId: item.id,
    createdBy: null,
  });
}
