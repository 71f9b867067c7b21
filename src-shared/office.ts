/**
 * The till operations the store hub's office serves (docs/hub.md, "The office"): what edits the
 * catalog the hub owns, and the reads the back-office screens need to show it. Everything else a
 * till does is about one till's own sales, money, stock on hand or machine, none of which the
 * hub's catalog holds, so the office answers it 404. One list for both sides: the hub routes by
 * it (src-main/hub/office/allowed.ts), and the office's screens leave out what is not on it
 * (`Session.serves`).
 */
import type { OperationName } from './contract';

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
] as const satisfies readonly OperationName[];

export type OfficeOperationName = (typeof OFFICE_OPERATIONS)[number];

const SERVED: ReadonlySet<string> = new Set(OFFICE_OPERATIONS);

export function isOfficeOperation(name: string): name is OfficeOperationName {
  return SERVED.has(name);
}
