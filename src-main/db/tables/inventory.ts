/**
 * Tables of migration 0005_inventory_notifications: stock movements and their ledger,
 * notifications, push subscriptions and the push outbox. `inventory_items` itself is typed in
 * tables/orders.ts (migration 0003); the `low_alerted` column added here is typed by
 * `InventoryAlertColumns`, merged in with `db.withTables<InventoryAlertColumns>()` where needed.
 */
import type { Generated } from 'kysely';

export interface InventoryReceiptsTable {
  id: string;
  supplier: string | null;
  reference: string | null;
  createdAt: string;
  createdBy: string;
}

export interface InventoryReceiptLinesTable {
  receiptId: string;
  position: number;
  inventoryItemId: string;
  quantityMilli: number;
  unitCost: number | null;
}

export interface InventoryAdjustmentsTable {
  id: string;
  inventoryItemId: string;
  deltaMilli: number;
  countedMilli: number | null;
  reason: string;
  createdAt: string;
  createdBy: string;
}

export interface InventoryConsumptionsTable {
  id: string;
  orderId: string;
  source: 'recipes' | 'items';
  createdAt: string;
  createdBy: string | null;
}

export type LedgerType = 'receipt' | 'adjust' | 'consume';

export interface InventoryLedgerTable {
  seq: Generated<number>;
  id: string;
  inventoryItemId: string;
  type: LedgerType;
  quantityMilli: number;
  balanceAfterMilli: number;
  movementId: string;
  orderId: string | null;
  reason: string | null;
  at: string;
  by: string | null;
}

export interface NotificationsTable {
  id: string;
  title: string;
  body: string | null;
  level: 'info' | 'warning' | 'critical';
  audienceRoles: string | null;
  audienceUserId: string | null;
  kind: Generated<'manual' | 'low_stock'>;
  inventoryItemId: string | null;
  createdAt: string;
  createdBy: string | null;
}

export interface NotificationReadsTable {
  notificationId: string;
  userId: string;
  readAt: string;
}

export interface PushSubscriptionsTable {
  id: string;
  userId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  createdAt: string;
  updatedAt: string;
}

export type OutboxState = 'pending' | 'delivered' | 'dead' | 'dropped';

export interface NotificationOutboxTable {
  id: string;
  notificationId: string;
  subscriptionId: string | null;
  userId: string;
  endpoint: string;
  state: Generated<OutboxState>;
  attempts: Generated<number>;
  nextAttemptAt: string;
  leaseOwner: string | null;
  leaseUntil: string | null;
  lastError: string | null;
  lastStatus: number | null;
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The column 0005 adds to `inventory_items` (0003), kept apart so 0003's types stay untouched. */
// A type alias, not an interface: withTables<T> wants an index-signature-compatible record.
export type InventoryAlertColumns = {
  inventoryItems: { lowAlerted: Generated<number> };
};

export interface InventoryTables {
  inventoryReceipts: InventoryReceiptsTable;
  inventoryReceiptLines: InventoryReceiptLinesTable;
  inventoryAdjustments: InventoryAdjustmentsTable;
  inventoryConsumptions: InventoryConsumptionsTable;
  inventoryLedger: InventoryLedgerTable;
  notifications: NotificationsTable;
  notificationReads: NotificationReadsTable;
  pushSubscriptions: PushSubscriptionsTable;
  notificationOutbox: NotificationOutboxTable;
}
