import type { z } from 'zod';
import type { LedgerEntry, listInventoryLedgerInput } from '../../../src-shared/contract/inventory';
import { fromMilli } from '../../../src-shared/stock-quantity';
import type { CoreContext } from '../context';
import { itemsOrNotFound } from './items';

export const DEFAULT_LEDGER_LIMIT = 50;

/** Ledger entries newest first; `nextCursor` continues below the last one returned. */
export async function listInventoryLedger(
  ctx: CoreContext,
  input: z.infer<typeof listInventoryLedgerInput>,
): Promise<{ entries: LedgerEntry[]; nextCursor: string | null }> {
  const db = ctx.dbh.db;
  if (input.inventoryItemId) await itemsOrNotFound(db, [input.inventoryItemId]);
  const limit = input.limit ?? DEFAULT_LEDGER_LIMIT;
  let q = db.selectFrom('inventoryLedger').selectAll();
  if (input.inventoryItemId) q = q.where('inventoryItemId', '=', input.inventoryItemId);
  if (input.cursor) q = q.where('seq', '<', Number(input.cursor));
  const rows = await q
    .orderBy('seq', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    entries: page.map((r) => ({
      id: r.id,
      inventoryItemId: r.inventoryItemId,
      type: r.type,
      quantity: fromMilli(r.quantityMilli),
      balanceAfter: fromMilli(r.balanceAfterMilli),
      movementId: r.movementId,
      orderId: r.orderId,
      reason: r.reason,
      at: r.at,
      by: r.by,
    })),
    nextCursor: rows.length > limit && last ? String(last.seq) : null,
  };
}
