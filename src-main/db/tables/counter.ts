/** Tables of migration 0010: modifier groups and options, chosen modifiers, order discounts. */
import type { Generated } from 'kysely';

export interface ModifierGroupsTable {
  id: string;
  name: string;
  minChoices: number;
  maxChoices: number;
  archived: Generated<number>;
  createdAt: string;
  updatedAt: string;
}

export interface ModifierOptionsTable {
  id: string;
  groupId: string;
  position: number;
  name: string;
  priceDelta: number;
  available: Generated<number>;
  archived: Generated<number>;
}

export interface MenuItemModifierGroupsTable {
  menuItemId: string;
  groupId: string;
  position: number;
}

export interface OrderItemModifiersTable {
  id: Generated<number>;
  orderItemId: string;
  position: number;
  groupId: string;
  groupName: string;
  optionId: string;
  name: string;
  priceDelta: number;
}

export interface OrderDiscountsTable {
  id: string;
  orderId: string;
  orderItemId: string | null;
  kind: 'percent' | 'amount';
  value: number;
  amount: number;
  reason: string;
  createdAt: string;
  createdBy: string;
  removedAt: Generated<string | null>;
  removedBy: Generated<string | null>;
  removedReason: Generated<string | null>;
}

export interface CounterTables {
  modifierGroups: ModifierGroupsTable;
  modifierOptions: ModifierOptionsTable;
  menuItemModifierGroups: MenuItemModifierGroupsTable;
  orderItemModifiers: OrderItemModifiersTable;
  orderDiscounts: OrderDiscountsTable;
}
