import type { Selectable } from 'kysely';
import type { Db, InventoryAlertColumns, InventoryItemsTable } from '../../db/schema';

/** `inventory_items` with the `low_alerted` column migration 0005 adds. */
export function stockDb(db: Db) {
  return db.withTables<InventoryAlertColumns>();
}

export type ItemRow = Selectable<InventoryItemsTable> & { lowAlerted: number };
