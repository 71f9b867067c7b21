/** Section 6 of the API contract: stock items, receipts, adjustments, consumption, the ledger. */
import { z } from 'zod';
import { parseMilli } from '../stock-quantity';
import { limit, money, reasonText } from './common';
import { op } from './define';

export interface InventoryItem {
  id: string;
  name: string;
  unit: string;
  onHand: number;
  lowStockThreshold: number;
  /** onHand ≤ lowStockThreshold. */
  lowStock: boolean;
  /** onHand < 0 (consumption may overdraw stock). */
  negative: boolean;
  lastUnitCost: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface LedgerEntry {
  id: string;
  inventoryItemId: string;
  type: 'receipt' | 'adjust' | 'consume';
  /** Signed: receipts positive, consumption and stock taken out negative. */
  quantity: number;
  balanceAfter: number;
  /** The receipt, adjustment or consumption the entry belongs to. */
  movementId: string;
  orderId: string | null;
  reason: string | null;
  at: string;
  by: string | null;
}

export interface Receipt {
  id: string;
  supplier: string | null;
  reference: string | null;
  lines: { inventoryItemId: string; quantity: number; unitCost: number | null }[];
  createdAt: string;
  createdBy: string;
}

export interface Adjustment {
  id: string;
  inventoryItemId: string;
  delta: number;
  countedQuantity: number | null;
  reason: string;
  balanceAfter: number;
  createdAt: string;
  createdBy: string;
}

export interface Consumption {
  id: string;
  orderId: string;
  /** `recipes`: the order's copied recipes (once per order); `items`: ad-hoc usage. */
  source: 'recipes' | 'items';
  /** What was used, positive (the ledger records it negative). */
  lines: { inventoryItemId: string; quantity: number }[];
  createdAt: string;
  createdBy: string | null;
}

type Sign = 'positive' | 'nonnegative' | 'any';

/**
 * A stock quantity: a JSON number or decimal string with at most 3 fraction digits. It stays
 * as sent here; the core converts it to thousandths with `parseMilli` (exact, no float).
 */
export function stockQuantity(sign: Sign) {
  return z.union([z.number(), z.string().max(32)]).superRefine((v, ctx) => {
    const milli = parseMilli(v);
    if (milli === null) {
      ctx.addIssue({
        code: 'custom',
        message: 'a decimal number with at most 3 fraction digits (e.g. 1.25)',
      });
    } else if (sign === 'positive' && milli <= 0) {
      ctx.addIssue({ code: 'custom', message: 'must be greater than 0' });
    } else if (sign === 'nonnegative' && milli < 0) {
      ctx.addIssue({ code: 'custom', message: 'must not be negative' });
    }
  });
}

const id = z.string().min(1).max(64);
const name = z.string().trim().min(1).max(80);
const unit = z.string().trim().min(1).max(16);
const reason = reasonText();

export const listInventoryItems = op<
  z.ZodObject<Record<string, never>>,
  { items: InventoryItem[] }
>({
  name: 'listInventoryItems',
  method: 'GET',
  path: '/inventory/items',
  access: 'inventory.manage',
  summary: 'Stock items with on-hand quantities',
  input: z.object({}),
});

export const createInventoryItemInput = z.strictObject({
  name,
  unit,
  lowStockThreshold: stockQuantity('nonnegative').optional(),
  onHand: stockQuantity('nonnegative').optional(),
});

export const createInventoryItem = op<typeof createInventoryItemInput, InventoryItem>({
  name: 'createInventoryItem',
  method: 'POST',
  path: '/inventory/items',
  access: 'inventory.manage',
  status: 201,
  idempotent: true,
  summary: 'Create a stock item (a starting onHand is an `opening balance` adjustment)',
  input: createInventoryItemInput,
});

export const receiveStockInput = z.strictObject({
  items: z
    .array(
      z.strictObject({
        inventoryItemId: id,
        quantity: stockQuantity('positive'),
        unitCost: money.optional(),
      }),
    )
    .min(1)
    .max(200),
  supplier: z.string().trim().min(1).max(120).optional(),
  reference: z.string().trim().min(1).max(120).optional(),
});

export const receiveStock = op<
  typeof receiveStockInput,
  { receipt: Receipt; items: InventoryItem[] }
>({
  name: 'receiveStock',
  method: 'POST',
  path: '/inventory/receipts',
  access: 'inventory.manage',
  status: 201,
  idempotent: true,
  summary: 'Record goods received',
  input: receiveStockInput,
});

export const adjustStockInput = z
  .strictObject({
    inventoryItemId: id,
    delta: stockQuantity('any').optional(),
    countedQuantity: stockQuantity('nonnegative').optional(),
    reason,
  })
  .superRefine((v, ctx) => {
    const given = Number(v.delta !== undefined) + Number(v.countedQuantity !== undefined);
    if (given !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['delta'],
        message: 'give exactly one of delta or countedQuantity',
      });
    }
  });

export const adjustStock = op<
  typeof adjustStockInput,
  { adjustment: Adjustment; item: InventoryItem }
>({
  name: 'adjustStock',
  method: 'POST',
  path: '/inventory/adjust',
  access: 'inventory.manage',
  status: 201,
  idempotent: true,
  summary: 'Correct stock by a delta or to a counted quantity (never below zero)',
  input: adjustStockInput,
});

export const consumeStockInput = z.strictObject({
  orderId: id,
  items: z
    .array(z.strictObject({ inventoryItemId: id, quantity: stockQuantity('positive') }))
    .min(1)
    .max(200)
    .optional(),
});

export const consumeStock = op<
  typeof consumeStockInput,
  { consumption: Consumption; items: InventoryItem[] }
>({
  name: 'consumeStock',
  method: 'POST',
  path: '/inventory/consume',
  access: 'inventory.manage',
  status: 201,
  idempotent: true,
  summary: "Order-linked usage: the order's recipes (once) or the given items",
  input: consumeStockInput,
});

export const listInventoryLedgerInput = z.object({
  inventoryItemId: id.optional(),
  limit: limit.optional(),
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, 'a cursor from nextCursor')
    .optional(),
});

export const listInventoryLedger = op<
  typeof listInventoryLedgerInput,
  { entries: LedgerEntry[]; nextCursor: string | null }
>({
  name: 'listInventoryLedger',
  method: 'GET',
  path: '/inventory/ledger',
  access: 'inventory.manage',
  summary: 'Stock movements, newest first',
  input: listInventoryLedgerInput,
});

export const listLowStock = op<z.ZodObject<Record<string, never>>, { items: InventoryItem[] }>({
  name: 'listLowStock',
  method: 'GET',
  path: '/inventory/low-stock',
  access: 'inventory.manage',
  summary: 'Items at or below their low-stock threshold',
  input: z.object({}),
});

export const updateInventoryItemInput = z
  .strictObject({
    id,
    name: name.optional(),
    unit: unit.optional(),
    lowStockThreshold: stockQuantity('nonnegative').optional(),
  })
  .superRefine((v, ctx) => {
    if (v.name === undefined && v.unit === undefined && v.lowStockThreshold === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'give at least one of name, unit or lowStockThreshold',
      });
    }
  });

export const updateInventoryItem = op<typeof updateInventoryItemInput, InventoryItem>({
  name: 'updateInventoryItem',
  method: 'PATCH',
  path: '/inventory/items/:id',
  access: 'inventory.manage',
  summary: 'Rename a stock item, change its unit or its low-stock threshold (audited)',
  input: updateInventoryItemInput,
});

export const countStockInput = z
  .strictObject({
    lines: z
      .array(z.strictObject({ inventoryItemId: id, countedQuantity: stockQuantity('nonnegative') }))
      .min(1)
      .max(500),
    reason: reason.optional(),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.lines.forEach((l, i) => {
      if (seen.has(l.inventoryItemId))
        ctx.addIssue({
          code: 'custom',
          path: ['lines', i, 'inventoryItemId'],
          message: 'this item is already counted above',
        });
      seen.add(l.inventoryItemId);
    });
  });

export const countStock = op<
  typeof countStockInput,
  { adjustments: Adjustment[]; items: InventoryItem[] }
>({
  name: 'countStock',
  method: 'POST',
  path: '/inventory/counts',
  access: 'inventory.manage',
  status: 201,
  idempotent: true,
  summary: 'A stock count: each line sets an item to what was counted, all in one transaction',
  input: countStockInput,
});

export const inventoryOps = {
  listInventoryItems,
  createInventoryItem,
  updateInventoryItem,
  countStock,
  receiveStock,
  adjustStock,
  consumeStock,
  listInventoryLedger,
  listLowStock,
};
