/** Tables of migration 0005_inventory_notifications (filled in by its issue). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface InventoryTables {}
