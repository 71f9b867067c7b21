import type { z } from 'zod';
import type {
  createInventoryItemInput,
  InventoryItem,
} from '../../../src-shared/contract/inventory';
import { PosError } from '../../../src-shared/errors';
import { fromMilli, parseMilli } from '../../../src-shared/stock-quantity';
import type { CoreContext } from '../context';
import type { Db } from '../../db/schema';
import { stockDb, type ItemRow } from './db';
import { applyMovement } from './movement';
import { refuseHubOwned } from '../sync/owned';

export function toInventoryItem(row: ItemRow): InventoryItem {
  return {
    id: row.id,
    name: row.name,
    unit: row.unit,
    onHand: fromMilli(row.onHandMilli),
    lowStockThreshold: fromMilli(row.lowStockThresholdMilli),
    lowStock: row.onHandMilli <= row.lowStockThresholdMilli,
    negative: row.onHandMilli < 0,
    lastUnitCost: row.lastUnitCost,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Thousandths of a quantity the contract schema already checked. */
export function milli(value: number | string): number {
  const m = parseMilli(value);
  // The contract's stockQuantity schema refused anything parseMilli cannot read.
  if (m === null) throw new PosError('validation_error', `not a stock quantity: ${String(value)}`);
  return m;
}

export async function listInventoryItems(ctx: CoreContext): Promise<{ items: InventoryItem[] }> {
  const rows = await stockDb(ctx.dbh.db)
    .selectFrom('inventoryItems')
    .selectAll()
    .orderBy('name')
    .execute();
  return { items: rows.map(toInventoryItem) };
}

export async function listLowStock(ctx: CoreContext): Promise<{ items: InventoryItem[] }> {
  const rows = await stockDb(ctx.dbh.db)
    .selectFrom('inventoryItems')
    .selectAll()
    .whereRef('onHandMilli', '<=', 'lowStockThresholdMilli')
    .orderBy('name')
    .execute();
  return { items: rows.map(toInventoryItem) };
}

/**
 * The rows for these ids, in a map; any unknown id is a 404 naming every missing one, before
 * anything is written.
 */
export async function itemsOrNotFound(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, ItemRow>> {
  const unique = [...new Set(ids)];
  const rows = unique.length
    ? await stockDb(db).selectFrom('inventoryItems').selectAll().where('id', 'in', unique).execute()
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missing = unique.filter((id) => !byId.has(id));
  if (missing.length) {
    throw new PosError('not_found', `no such inventory item: ${missing.join(', ')}`, {
      inventoryItemIds: missing,
    });
  }
  return byId;
}

export function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Creates a stock item. A starting onHand other than 0 is an `adjust` ledger entry with the
 * reason `opening balance`, in the same transaction. No low-stock alert is raised at creation
 * (nothing crossed the threshold); an item that starts at or below it is marked alerted, so the
 * scan does not alert either until it has gone above and back down.
 */
export async function createInventoryItem(
  ctx: CoreContext,
  input: z.infer<typeof createInventoryItemInput>,
  actorId: string,
): Promise<InventoryItem> {
  await refuseHubOwned(ctx, 'the stock items are');
  const onHand = input.onHand === undefined ? 0 : milli(input.onHand);
  const threshold = input.lowStockThreshold === undefined ? 0 : milli(input.lowStockThreshold);
  const now = ctx.clock().toISOString();
  const id = ctx.newId();
  try {
    return await ctx.dbh.db.transaction().execute(async (trx) => {
      await stockDb(trx)
        .insertInto('inventoryItems')
        .values({
          id,
          name: input.name,
          unit: input.unit,
          onHandMilli: 0,
          lowStockThresholdMilli: threshold,
          lastUnitCost: null,
          lowAlerted: onHand <= threshold ? 1 : 0,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      if (onHand !== 0) {
        const movementId = ctx.newId();
        await trx
          .insertInto('inventoryAdjustments')
          .values({
            id: movementId,
            inventoryItemId: id,
            deltaMilli: onHand,
            countedMilli: null,
            reason: 'opening balance',
            createdAt: now,
            createdBy: actorId,
          })
          .execute();
        const row = await applyMovement(trx, ctx, {
          itemId: id,
          type: 'adjust',
          quantityMilli: onHand,
          movementId,
          reason: 'opening balance',
          by: actorId,
        });
        return toInventoryItem(row);
      }
      const row = await stockDb(trx)
        .selectFrom('inventoryItems')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return toInventoryItem(row);
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new PosError('conflict', `an inventory item named "${input.name}" exists`, {
        field: 'name',
      });
    }
    throw e;
  }
}
