import type { Kysely, Selectable } from 'kysely';
import type { DB, InventoryAlertColumns, InventoryItemsTable } from '../../db/schema';

/**
 * The database or an open transaction (a Transaction is a Kysely). Inventory functions that
 * must join a caller's transaction (order completion) take this instead of the CoreContext's db.
 */
export type Db = Kysely<DB>;

/** `inventory_items` with the `low_alerted` column migration 0005 adds. */
export function stockDb(db: Db) {
  return db.withTables<InventoryAlertColumns>();
}

export type ItemRow = Selectable<InventoryItemsTable> & { lowAlerted: number };
