/**
 * Section 12, "the menu a counter needs": modifier groups on menu items, order and line
 * discounts, hold and recall, and the split-by-item helper. Modifier choices themselves ride on
 * `POST /orders` (items[].modifiers) and tips on `POST /orders/:id/payment` (tip).
 */
import { z } from 'zod';
import { money, queryBool } from './common';
import { op } from './define';
import { modifierGroupIds } from './menu';
import type { Order } from './orders';

export interface ModifierOption {
  id: string;
  name: string;
  /** Added to the item's unit price (minor units, ≥ 0). */
  priceDelta: number;
  available: boolean;
}

export interface ModifierGroup {
  id: string;
  name: string;
  /** required ⇔ minChoices ≥ 1. */
  required: boolean;
  minChoices: number;
  maxChoices: number;
  archived: boolean;
  options: ModifierOption[];
  /** The menu items that offer this group. */
  menuItemIds: string[];
  createdAt: string;
  updatedAt: string;
}

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
const name = z.string().trim().min(1).max(80);
const MAX_DELTA = 10_000_000;
const choices = z.number().int().min(0).max(30);

const optionInput = z.strictObject({
  /** PATCH only: keep this existing option's id (orders and tills refer to it). */
  id: id.optional(),
  name,
  priceDelta: money.max(MAX_DELTA).optional(),
  available: z.boolean().optional(),
});

const options = z
  .array(optionInput)
  .min(1, 'a modifier group needs at least one option')
  .max(30)
  .refine(
    (list) => new Set(list.map((o) => o.name.toLowerCase())).size === list.length,
    'option names must be unique within a group',
  );

export const createModifierGroupInput = z.strictObject({
  name,
  required: z.boolean().optional(),
  minChoices: choices.optional(),
  maxChoices: choices.min(1).optional(),
  options,
});

export const updateModifierGroupInput = z.strictObject({
  id,
  name: name.optional(),
  required: z.boolean().optional(),
  minChoices: choices.optional(),
  maxChoices: choices.min(1).optional(),
  archived: z.boolean().optional(),
  /** Replaces the list: options given with an `id` keep it, those left out are retired. */
  options: options.optional(),
});

export const listModifierGroupsInput = z.strictObject({ includeArchived: queryBool.optional() });

export const listModifierGroups = op<typeof listModifierGroupsInput, { groups: ModifierGroup[] }>({
  name: 'listModifierGroups',
  method: 'GET',
  path: '/menu/modifier-groups',
  access: 'signed_in',
  summary: 'Modifier groups with their options and the menu items that offer them',
  input: listModifierGroupsInput,
});

export const createModifierGroup = op<typeof createModifierGroupInput, ModifierGroup>({
  name: 'createModifierGroup',
  method: 'POST',
  path: '/menu/modifier-groups',
  access: 'menu.manage',
  status: 201,
  idempotent: true,
  summary: 'Create a modifier group (Size, Milk, Extras) with its options',
  input: createModifierGroupInput,
});

export const updateModifierGroup = op<typeof updateModifierGroupInput, ModifierGroup>({
  name: 'updateModifierGroup',
  method: 'PATCH',
  path: '/menu/modifier-groups/:id',
  access: 'menu.manage',
  summary: 'Change a modifier group (options given replace the list)',
  input: updateModifierGroupInput,
});

export const setItemModifierGroupsInput = z.strictObject({
  id,
  groupIds: modifierGroupIds,
});

export const setItemModifierGroups = op<
  typeof setItemModifierGroupsInput,
  { menuItemId: string; groups: ModifierGroup[] }
>({
  name: 'setItemModifierGroups',
  method: 'PUT',
  path: '/menu/items/:id/modifier-groups',
  access: 'menu.manage',
  summary: "Set the modifier groups a menu item offers, in the till's order",
  input: setItemModifierGroupsInput,
});

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
    reason: z.string().trim().min(1, 'reason is required').max(200),
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
  reason: z.string().trim().min(1, 'reason is required').max(200),
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
  listModifierGroups,
  createModifierGroup,
  updateModifierGroup,
  setItemModifierGroups,
  addDiscount,
  removeDiscount,
  holdOrder,
  recallOrder,
  splitPreview,
};
