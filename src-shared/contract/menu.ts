import { z } from 'zod';
import { parseMilli } from '../stock-quantity';
import { limit, money, queryBool } from './common';
import { modifierGroupIds, type ModifierGroup } from './modifiers';
import { op } from './define';

export interface MenuCategory {
  id: string;
  name: string;
  sortOrder: number;
  createdAt: string;
  /** The station whose printer gets this category's lines on kitchen tickets, or null. */
  stationId: string | null;
}

export interface RecipeLine {
  inventoryItemId: string;
  /** Stock units per one menu item, at most 3 decimals (stored as thousandths). */
  quantity: number;
}

export interface MenuItem {
  id: string;
  name: string;
  price: number;
  categoryId: string | null;
  sku: string | null;
  available: boolean;
  archived: boolean;
  taxRateBps: number;
  recipe: RecipeLine[];
}

export interface Customer {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  createdAt: string;
  updatedAt: string;
}

const id = z.string().min(1).max(64);
const name = z.string().trim().min(1).max(80);
/** The largest price accepted (minor units): keeps every line total well inside 2^53. */
export const MAX_PRICE = 100_000_000;

/**
 * A stock quantity: positive, at most 3 fraction digits, so it is exact in thousandths. The
 * digits are checked by the one stock-quantity parser (src-shared/stock-quantity.ts), which the
 * core then uses to store it.
 */
export const stockQuantity = z
  .number()
  .positive()
  .max(1_000_000)
  .refine((q) => parseMilli(q) !== null, 'at most 3 decimals');

const recipe = z
  .array(z.strictObject({ inventoryItemId: id, quantity: stockQuantity }))
  .max(50)
  .refine(
    (lines) => new Set(lines.map((l) => l.inventoryItemId)).size === lines.length,
    'each inventory item at most once per recipe',
  );

export const listCategories = op<
  z.ZodObject<Record<string, never>>,
  { categories: MenuCategory[] }
>({
  name: 'listCategories',
  method: 'GET',
  path: '/menu/categories',
  access: 'signed_in',
  summary: 'Menu categories in display order',
  input: z.strictObject({}),
});

export const createCategoryInput = z.strictObject({
  name,
  sortOrder: z.number().int().min(-1_000_000).max(1_000_000).optional(),
});

export const createCategory = op<typeof createCategoryInput, MenuCategory>({
  name: 'createCategory',
  method: 'POST',
  path: '/menu/categories',
  access: 'menu.manage',
  status: 201,
  idempotent: true,
  summary: 'Create a menu category',
  input: createCategoryInput,
});

export const listMenuItemsInput = z.strictObject({
  includeArchived: queryBool.optional(),
  /** true: only archived items (the back office's "bring back" list); false: only live ones. */
  archived: queryBool.optional(),
  /** Only this category's items; `none`: the items in no category. */
  categoryId: id.optional(),
  /** Search (FTS5 over name and sku, word prefixes); answers at most `limit` items (default 50). */
  q: z.string().trim().max(100).optional(),
  /** With `q` the default is 50; without `q` and without `limit` the whole menu is the answer. */
  limit: limit.optional(),
  /** Skip this many items of the answer (paging a long list in name order). */
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
});

export const updateCategoryInput = z.strictObject({
  id,
  name: name.optional(),
  sortOrder: z.number().int().min(-1_000_000).max(1_000_000).optional(),
  /** null: the category's lines get no kitchen ticket. */
  stationId: id.nullable().optional(),
});

export const updateCategory = op<typeof updateCategoryInput, MenuCategory>({
  name: 'updateCategory',
  method: 'PATCH',
  path: '/menu/categories/:id',
  access: 'menu.manage',
  summary: 'Rename, reorder or route a category to a kitchen station',
  input: updateCategoryInput,
});

export const reorderCategoriesInput = z.strictObject({
  /** Every category's id, once each, in the new display order. */
  ids: z
    .array(id)
    .max(1000)
    .refine((ids) => new Set(ids).size === ids.length, 'each category at most once'),
});

export const reorderCategories = op<typeof reorderCategoriesInput, { categories: MenuCategory[] }>({
  name: 'reorderCategories',
  method: 'PUT',
  path: '/menu/categories/order',
  access: 'menu.manage',
  summary: 'Put every category in a new display order at once (sortOrder 1, 2, 3…)',
  input: reorderCategoriesInput,
});

export const listMenuItems = op<typeof listMenuItemsInput, { items: MenuItem[] }>({
  name: 'listMenuItems',
  method: 'GET',
  path: '/menu/items',
  access: 'signed_in',
  summary: 'Menu items (archived ones only with ?includeArchived=true; ?q= searches name and sku)',
  input: listMenuItemsInput,
});

const price = money.max(MAX_PRICE);
const taxRateBps = z.number().int().min(0).max(10_000);
const sku = z.string().trim().min(1).max(64);

export const createMenuItemInput = z.strictObject({
  name,
  price,
  categoryId: id.nullable().optional(),
  sku: sku.nullable().optional(),
  available: z.boolean().optional(),
  taxRateBps: taxRateBps.optional(),
  recipe: recipe.optional(),
  modifierGroupIds: modifierGroupIds.optional(),
});

export const createMenuItem = op<typeof createMenuItemInput, MenuItem>({
  name: 'createMenuItem',
  method: 'POST',
  path: '/menu/items',
  access: 'menu.manage',
  status: 201,
  idempotent: true,
  summary: 'Create a menu item',
  input: createMenuItemInput,
});

export const updateMenuItemInput = z.strictObject({
  id,
  name: name.optional(),
  price: price.optional(),
  categoryId: id.nullable().optional(),
  sku: sku.nullable().optional(),
  available: z.boolean().optional(),
  archived: z.boolean().optional(),
  taxRateBps: taxRateBps.optional(),
  recipe: recipe.optional(),
  /** Replaces the list (and its order) when given. */
  modifierGroupIds: modifierGroupIds.optional(),
});

export const updateMenuItem = op<typeof updateMenuItemInput, MenuItem>({
  name: 'updateMenuItem',
  method: 'PATCH',
  path: '/menu/items/:id',
  access: 'menu.manage',
  summary:
    'Change a menu item (a given recipe or modifierGroupIds replaces the old one; archived: false restores it)',
  input: updateMenuItemInput,
});

export const archiveMenuItem = op<z.ZodObject<{ id: typeof id }>, MenuItem>({
  name: 'archiveMenuItem',
  method: 'POST',
  path: '/menu/items/:id/archive',
  access: 'menu.manage',
  summary: 'Archive a menu item (hidden from the menu and from new orders)',
  input: z.strictObject({ id }),
});

export const listItemModifierGroups = op<
  z.ZodObject<{ id: typeof id }>,
  { menuItemId: string; groups: ModifierGroup[] }
>({
  name: 'listItemModifierGroups',
  method: 'GET',
  path: '/menu/items/:id/modifier-groups',
  access: 'signed_in',
  summary: 'The modifier groups a menu item offers, in the order the till asks them',
  input: z.strictObject({ id }),
});

export const menuRevision = op<z.ZodObject<Record<string, never>>, { revision: string }>({
  name: 'menuRevision',
  method: 'GET',
  path: '/menu/revision',
  access: 'signed_in',
  summary: 'A number that changes whenever the menu a till shows changes (tills poll it)',
  input: z.strictObject({}),
});

export const listCustomersInput = z.strictObject({
  q: z.string().trim().max(100).optional(),
  limit: limit.optional(),
});

export const listCustomers = op<typeof listCustomersInput, { customers: Customer[] }>({
  name: 'listCustomers',
  method: 'GET',
  path: '/customers',
  access: 'signed_in',
  summary: 'Customers by name (?q= searches name, phone and email by word prefix)',
  input: listCustomersInput,
});

const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ().-]{3,32}$/, 'a phone number')
  .nullable()
  .optional();
const email = z.string().trim().max(254).pipe(z.email()).nullable().optional();

export const createCustomerInput = z.strictObject({ name, phone, email });

export const createCustomer = op<typeof createCustomerInput, Customer>({
  name: 'createCustomer',
  method: 'POST',
  path: '/customers',
  access: 'customers.manage',
  status: 201,
  idempotent: true,
  summary: 'Create a customer',
  input: createCustomerInput,
});

export const getCustomer = op<z.ZodObject<{ id: typeof id }>, Customer>({
  name: 'getCustomer',
  method: 'GET',
  path: '/customers/:id',
  access: 'signed_in',
  summary: 'One customer',
  input: z.strictObject({ id }),
});

export const updateCustomerInput = z.strictObject({ id, name: name.optional(), phone, email });

export const updateCustomer = op<typeof updateCustomerInput, Customer>({
  name: 'updateCustomer',
  method: 'PATCH',
  path: '/customers/:id',
  access: 'customers.manage',
  summary: 'Change a customer (null clears phone or email)',
  input: updateCustomerInput,
});

export const menuOps = {
  listCategories,
  createCategory,
  updateCategory,
  reorderCategories,
  listMenuItems,
  createMenuItem,
  updateMenuItem,
  archiveMenuItem,
  listItemModifierGroups,
  menuRevision,
  listCustomers,
  createCustomer,
  getCustomer,
  updateCustomer,
};
