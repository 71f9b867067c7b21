/**
 * Modifier groups ("Size", "Milk") and their options with price deltas, and which menu items
 * offer them, in the till's order. The choices themselves ride on `POST /orders`
 * (items[].modifiers).
 */
import { z } from 'zod';
import { money, queryBool } from './common';
import { op } from './define';

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
  /** Where this group comes in each of those items' own order (menu item id → 0-based place). */
  itemPositions: Record<string, number>;
  createdAt: string;
  updatedAt: string;
}

const id = z.string().min(1).max(64);
const name = z.string().trim().min(1).max(80);
const MAX_DELTA = 10_000_000;
const choices = z.number().int().min(0).max(30);
/**
 * The modifier groups the item offers, in the order the till asks them: saved in the same
 * transaction as the item (the same list PUT /menu/items/:id/modifier-groups takes).
 */
export const modifierGroupIds = z
  .array(id)
  .max(20)
  .refine((ids) => new Set(ids).size === ids.length, 'each group at most once');

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

export const modifierOps = {
  listModifierGroups,
  createModifierGroup,
  updateModifierGroup,
  setItemModifierGroups,
};
