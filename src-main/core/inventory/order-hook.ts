/**
 * Reaching `completed` consumes the order's copied recipes, inside the transition's own
 * transaction (src-main/core/orders/hooks.ts): the status change, the ledger entries and any
 * low-stock alert commit together or not at all. consumeOrderRecipes is a no-op for an order
 * consumed before (POST /api/inventory/consume without items), so completion never double-counts.
 */
import type { OrderCompletedHook } from '../orders/hooks';
import { consumeOrderRecipes } from './consume';

export const consumeOnCompletion: OrderCompletedHook = async (trx, order, hc) => {
  await consumeOrderRecipes(trx, hc.core, order.id, hc.userId);
};
