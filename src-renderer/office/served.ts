import type { OperationName } from '../../src-shared/contract';

/**
 * The till operations the hub's office answers (at /hub/office/api/…): the catalog the hub owns
 * for every store — menu items and their recipes, categories, modifier groups and an item's
 * groups, stations, stock items, till users, the shop settings — and who is signed in. What is
 * about one till or one store (orders, stock levels and movements, lockouts, hardware) is not
 * there, and the screens leave it out (`Session.serves`). The hub's own allow-list
 * (src-main/hub/office/allowed.ts) decides; test/hub/office-screens.test.ts keeps the two equal.
 */
export const OFFICE_OPERATIONS: readonly OperationName[] = [
  'me',
  'getSettings',
  'updateSettings',
  'listCategories',
  'createCategory',
  'updateCategory',
  'reorderCategories',
  'listMenuItems',
  'createMenuItem',
  'updateMenuItem',
  'archiveMenuItem',
  'menuRevision',
  'listItemModifierGroups',
  'setItemModifierGroups',
  'listModifierGroups',
  'createModifierGroup',
  'updateModifierGroup',
  'listStations',
  'createStation',
  'updateStation',
  'listInventoryItems',
  'createInventoryItem',
  'updateInventoryItem',
  'listUsers',
  'createUser',
  'updateUser',
];

export function officeServes(op: OperationName): boolean {
  return OFFICE_OPERATIONS.includes(op);
}
