/**
 * The till operations the office serves (docs/hub.md, "The office"): what edits the catalog the
 * hub owns, and the reads the back-office screens need to show it. Everything else a till does
 * is about one till's own sales, money, stock on hand or machine, none of which the hub's
 * catalog holds, so the office answers it 404.
 */
import type { CoreOperationName } from '../../handlers/types';

export const OFFICE_OPERATIONS = [
  // Who is signed in, as a till User (the screens read permissions from it).
  'me',
  // Shop settings: name, receipt lines, currency, locale, time zone… (currency: see rules.ts).
  'getSettings',
  'updateSettings',
  // Till staff: list, add, and change name, role, PIN/password, extra/revoked permissions, status.
  'listUsers',
  'createUser',
  'updateUser',
  // The menu: categories (with their order and station), items with their recipes.
  'listCategories',
  'createCategory',
  'updateCategory',
  'reorderCategories',
  'listMenuItems',
  'createMenuItem',
  'updateMenuItem',
  'archiveMenuItem',
  'menuRevision',
  // Modifier groups with their rules and options, and which groups an item offers.
  'listModifierGroups',
  'createModifierGroup',
  'updateModifierGroup',
  'listItemModifierGroups',
  'setItemModifierGroups',
  // Kitchen stations (where a category's lines print).
  'listStations',
  'createStation',
  'updateStation',
  // Stock items (name, unit, threshold, cost); their on-hand is each till's own.
  'listInventoryItems',
  'createInventoryItem',
  'updateInventoryItem',
] as const satisfies readonly CoreOperationName[];

export type OfficeOperation = (typeof OFFICE_OPERATIONS)[number];

const ALLOWED: ReadonlySet<string> = new Set(OFFICE_OPERATIONS);

export function isOfficeOperation(name: string): name is OfficeOperation {
  return ALLOWED.has(name);
}
