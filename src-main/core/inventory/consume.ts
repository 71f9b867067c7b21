import type { z } from 'zod';
import type {
  Consumption,
  consumeStockInput,
  InventoryItem,
} from '../../../src-shared/contract/inventory';
import { PosError } from '../../../src-shared/errors';
import { fromMilli } from '../../../src-shared/stock-quantity';
import type { CoreContext } from '../context';
import type { Db } from '../../db/schema';
import type { ItemRow } from './db';
import { itemsOrNotFound, milli, toInventoryItem } from './items';
import { applyMovement } from './movement';
import { prepared, preparedInsert } from '../../db/prepared';

// Compiled once (db/prepared.ts): every completed order runs these.
const orderForStock = prepared((db, orderId: string) =>
  db.selectFrom('orders').select(['id', 'number', 'consumedAt']).where('id', '=', orderId),
);
const recipeLinesOf = prepared((db, orderId: string) =>
  db
    .selectFrom('orderItems')
    .select(['id', 'quantity', 'recipe'])
    .where('orderId', '=', orderId)
    .orderBy('position'),
);
const markConsumed = prepared((db, orderId: string, at: string) =>
  db.updateTable('orders').set({ consumedAt: at }).where('id', '=', orderId),
);
const insertConsumption = preparedInsert('inventoryConsumptions', [
  'id',
  'orderId',
  'source',
  'createdAt',
  'createdBy',
] as const);

interface RecipePart {
  inventoryItemId: string;
  quantityMilli: number;
}

function parseRecipe(json: string, lineId: string): RecipePart[] {
  const parts: unknown = JSON.parse(json);
  const ok =
    Array.isArray(parts) &&
    parts.every(
      (p: unknown) =>
        typeof p === 'object' &&
        p !== null &&
        typeof (p as RecipePart).inventoryItemId === 'string' &&
        Number.isSafeInteger((p as RecipePart).quantityMilli),
    );
  // The column is written by order creation only; a bad one is a bug, not bad input.
  if (!ok) throw new Error(`order line ${lineId} has a malformed recipe`);
  return parts as RecipePart[];
}

async function findOrder(trx: Db, orderId: string) {
  const [order] = await orderForStock(trx, orderId);
  if (!order) throw new PosError('not_found', 'no such order', { orderId });
  return order;
}

async function consume(
  trx: Db,
  ctx: CoreContext,
  c: {
    orderId: string;
    orderNumber: number;
    source: 'recipes' | 'items';
    lines: RecipePart[];
    actorId: string | null;
  },
): Promise<{ consumption: Consumption; rows: ItemRow[] }> {
  const id = ctx.newId();
  const now = ctx.clock().toISOString();
  await insertConsumption(trx, {
    id,
    orderId: c.orderId,
    source: c.source,
    createdAt: now,
    createdBy: c.actorId,
  });
  const after = new Map<string, ItemRow>();
  for (const l of c.lines) {
    const row = await applyMovement(trx, ctx, {
      itemId: l.inventoryItemId,
      type: 'consume',
      quantityMilli: -l.quantityMilli,
      movementId: id,
      orderId: c.orderId,
      reason: c.source === 'recipes' ? `order #${c.orderNumber}` : `order #${c.orderNumber} usage`,
      by: c.actorId,
      allowNegative: true,
    });
    after.set(row.id, row);
  }
  return {
    consumption: {
      id,
      orderId: c.orderId,
      source: c.source,
      lines: c.lines.map((l) => ({
        inventoryItemId: l.inventoryItemId,
        quantity: fromMilli(l.quantityMilli),
      })),
      createdAt: now,
      createdBy: c.actorId,
    },
    rows: [...after.values()],
  };
}

/**
 * Consumes the recipes copied into an order's lines (quantity × per-unit recipe, summed per
 * stock item), once per order: `orders.consumed_at` (and a unique index) mark it done. Runs on
 * the CALLER's transaction — order completion calls it inside its own — and returns null when
 * the order was consumed before, so completion stays idempotent. Stock may go below zero.
 */
export async function consumeOrderRecipes(
  trx: Db,
  ctx: CoreContext,
  orderId: string,
  actorId: string | null,
): Promise<{ consumption: Consumption; items: InventoryItem[] } | null> {
  const order = await findOrder(trx, orderId);
  if (order.consumedAt !== null) return null;
  const lines = await recipeLinesOf(trx, orderId);
  const totals = new Map<string, number>();
  for (const line of lines) {
    for (const part of parseRecipe(line.recipe, line.id)) {
      const add = part.quantityMilli * line.quantity;
      totals.set(part.inventoryItemId, (totals.get(part.inventoryItemId) ?? 0) + add);
    }
  }
  const parts = [...totals].map(([inventoryItemId, quantityMilli]) => ({
    inventoryItemId,
    quantityMilli,
  }));
  const r = await consume(trx, ctx, {
    orderId,
    orderNumber: order.number,
    source: 'recipes',
    lines: parts,
    actorId,
  });
  await markConsumed(trx, orderId, ctx.clock().toISOString());
  return { consumption: r.consumption, items: r.rows.map(toInventoryItem) };
}

/**
 * POST /api/inventory/consume. Without items: the order's recipes, once (409 `already_consumed`
 * the second time, also after completion consumed them). With items: ad-hoc order-linked usage,
 * as often as needed, leaving the order's recipe consumption untouched.
 */
export async function consumeStock(
  ctx: CoreContext,
  input: z.infer<typeof consumeStockInput>,
  actorId: string,
): Promise<{ consumption: Consumption; items: InventoryItem[] }> {
  const adHoc = input.items?.map((l) => ({
    inventoryItemId: l.inventoryItemId,
    quantityMilli: milli(l.quantity),
  }));
  return ctx.dbh.db.transaction().execute(async (trx) => {
    const order = await findOrder(trx, input.orderId);
    if (!adHoc) {
      const r = await consumeOrderRecipes(trx, ctx, order.id, actorId);
      if (!r) {
        throw new PosError('already_consumed', "this order's recipes were already consumed", {
          orderId: order.id,
          consumedAt: order.consumedAt,
        });
      }
      return r;
    }
    await itemsOrNotFound(
      trx,
      adHoc.map((l) => l.inventoryItemId),
    );
    const r = await consume(trx, ctx, {
      orderId: order.id,
      orderNumber: order.number,
      source: 'items',
      lines: adHoc,
      actorId,
    });
    return { consumption: r.consumption, items: r.rows.map(toInventoryItem) };
  });
}
