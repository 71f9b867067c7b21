/** Tables of migration 0003: menu, customers, stock items, orders. Stock quantities are thousandths. */
import type { Generated } from 'kysely';

export interface MenuCategoriesTable {
  id: string;
  name: string;
  sortOrder: number;
  createdAt: string;
  /** Migration 0011: the station its lines print at (kitchen tickets), or null. */
  stationId: Generated<string | null>;
}

export interface InventoryItemsTable {
  id: string;
  name: string;
  unit: string;
  onHandMilli: number;
  lowStockThresholdMilli: number;
  lastUnitCost: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface MenuItemsTable {
  id: string;
  name: string;
  price: number;
  categoryId: string | null;
  sku: string | null;
  available: number;
  archived: number;
  taxRateBps: number;
  createdAt: string;
  updatedAt: string;
}

export interface MenuItemRecipesTable {
  menuItemId: string;
  inventoryItemId: string;
  quantityMilli: number;
}

export interface CustomersTable {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface OrdersTable {
  id: string;
  businessDay: string;
  number: number;
  status: string;
  subtotal: number;
  tax: number;
  total: number;
  paid: Generated<number>;
  refunded: Generated<number>;
  customerId: string | null;
  note: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  consumedAt: string | null;
  /** Migration 0010: Σ discounts, and the hold (meaningful while pending). */
  discount: Generated<number>;
  heldAt: Generated<string | null>;
  heldBy: Generated<string | null>;
  holdNote: Generated<string | null>;
}

export interface OrderItemsTable {
  id: string;
  orderId: string;
  position: number;
  menuItemId: string;
  name: string;
  unitPrice: number;
  quantity: number;
  taxRateBps: number;
  lineTotal: number;
  lineTax: number;
  note: string | null;
  recipe: Generated<string>;
  /** Migration 0010: Σ modifier deltas per unit, and the line's whole discount. */
  modifierTotal: Generated<number>;
  discount: Generated<number>;
}

export interface OrderHistoryTable {
  id: Generated<number>;
  orderId: string;
  fromStatus: string | null;
  toStatus: string;
  at: string;
  by: string | null;
  reason: string | null;
}

export interface OrderChangesTable {
  seq: Generated<number>;
  orderId: string;
  at: string;
}

export interface OrderTables {
  menuCategories: MenuCategoriesTable;
  inventoryItems: InventoryItemsTable;
  menuItems: MenuItemsTable;
  menuItemRecipes: MenuItemRecipesTable;
  customers: CustomersTable;
  orders: OrdersTable;
  orderItems: OrderItemsTable;
  orderHistory: OrderHistoryTable;
  orderChanges: OrderChangesTable;
}
