/**
 * Section 12, "the menu a counter needs": order and line discounts, hold and recall, and the
 * split-by-item helper (modifier groups are in modifiers.ts). Tips ride on
 * `POST /orders/:id/payment` (tip).
 */
import { z } from 'zod';
import { money, reasonText } from './common';
import { op } from './define';
import type { Order } from './orders';

export interface SplitPreview {
  orderId: string;
  itemIds: string[];
  /** Σ lineTotal of those lines. */
  subtotal: number;
  /** Σ their discounts (own and share of the order's). */
  discount: number;
  /** Σ their lineTax. */
  tax: number;
  /** What those lines cost: subtotal − discount + tax. Partitions of an order add up to its total. */
  amount: number;
  /** The order's balance now, for comparison (a payment of `amount` must not exceed it). */
  balance: number;
}

const id = z.string().min(1).max(64);
/** A percentage with at most 2 decimals, stored exactly as basis points. */
const percent = z
  .number()
  .gt(0)
  .max(100)
  .refine((p) => Math.abs(p * 100 - Math.round(p * 100)) < 1e-6, 'at most 2 decimals');

export const addDiscountInput = z
  .strictObject({
    id,
    /** A line discount on this order line; without it, an order discount. */
    itemId: id.optional(),
    percent: percent.optional(),
    amount: money.min(1).max(100_000_000).optional(),
    reason: reasonText(),
  })
  .refine((d) => (d.percent === undefined) !== (d.amount === undefined), {
    message: 'give exactly one of percent or amount',
    path: ['percent'],
  });

export const addDiscount = op<typeof addDiscountInput, Order>({
  name: 'addDiscount',
  method: 'POST',
  path: '/orders/:id/discounts',
  access: 'orders.discount',
  status: 201,
  idempotent: true,
  summary: 'Discount an order or one of its lines (percent or amount, with a reason; audited)',
  input: addDiscountInput,
});

export const removeDiscountInput = z.strictObject({
  id,
  discountId: id,
  reason: reasonText(),
});

export const removeDiscount = op<typeof removeDiscountInput, Order>({
  name: 'removeDiscount',
  method: 'POST',
  path: '/orders/:id/discounts/:discountId/remove',
  access: 'orders.discount',
  summary: 'Take a discount off an order again (with a reason; audited)',
  input: removeDiscountInput,
});

export const holdOrderInput = z.strictObject({
  id,
  note: z.string().trim().max(200).optional(),
});

export const holdOrder = op<typeof holdOrderInput, Order>({
  name: 'holdOrder',
  method: 'POST',
  path: '/orders/:id/hold',
  access: 'orders.create',
  summary: 'Park a pending order at the till (GET /orders?held=true lists them)',
  input: holdOrderInput,
});

export const recallOrder = op<z.ZodObject<{ id: typeof id }>, Order>({
  name: 'recallOrder',
  method: 'POST',
  path: '/orders/:id/recall',
  access: 'orders.create',
  summary: 'Take a held order back up',
  input: z.strictObject({ id }),
});

export const splitPreviewInput = z.strictObject({
  id,
  itemIds: z
    .string()
    .max(100 * 65)
    .transform((s) => [...new Set(s.split(',').filter((x) => x.length > 0))])
    .pipe(z.array(id).min(1, 'name at least one line').max(100)),
});

export const splitPreview = op<typeof splitPreviewInput, SplitPreview>({
  name: 'splitPreview',
  method: 'GET',
  path: '/orders/:id/split-preview',
  access: 'orders.view',
  summary: 'What some lines of an order cost, tax included (to split a bill by item)',
  input: splitPreviewInput,
});

export const counterOps = {
  addDiscount,
  removeDiscount,
  holdOrder,
  recallOrder,
  splitPreview,
};
