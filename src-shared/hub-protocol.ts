/**
 * The wire protocol between a till and its store hub (docs/hub.md tells the story). Both sides
 * import these schemas, so a till and a hub built from one commit cannot disagree on a field.
 *
 * The shape in one breath: a till PUSHES its own facts (sales, money, stock movements, hours,
 * customers, the audit log) as row states from a durable outbox numbered by a per-till sequence;
 * the hub applies each batch in one PostgreSQL transaction exactly once. A till PULLS what the
 * hub owns (menu, modifiers, stations, stock items, users, settings, shared customers) by a
 * version cursor and applies each page in one SQLite transaction.
 *
 * Every hub answer to a till carries `protocol`; a till refuses to talk to a hub whose protocol
 * is newer than the one it understands ("update this till"), instead of half-applying rows.
 */
import { z } from 'zod';

export const HUB_PROTOCOL_VERSION = 1;

/**
 * What a till pushes: its own facts, named by its table and keyed by its primary key columns
 * (joined with '|' when there are several). The hub stores each as `(till, entity, key) → row`.
 */
export const PUSHED_ENTITIES = {
  orders: ['id'],
  order_items: ['id'],
  order_item_modifiers: ['id'],
  order_discounts: ['id'],
  order_history: ['id'],
  payments: ['id'],
  refunds: ['id'],
  cash_sessions: ['id'],
  cash_movements: ['id'],
  cash_no_sales: ['id'],
  drawer_openings: ['id'],
  z_reports: ['number'],
  inventory_ledger: ['seq'],
  customers: ['id'],
  attendance_entries: ['id'],
  audit_log: ['id'],
} as const satisfies Record<string, readonly string[]>;
export type PushedEntity = keyof typeof PUSHED_ENTITIES;

/**
 * What the hub owns and a joined till pulls, in the order a page is applied (parents before
 * children, so foreign keys hold inside the page's transaction). Customers go both ways: made on
 * any till, shared through the hub by id.
 */
export const PULLED_ENTITIES = {
  settings: ['key'],
  users: ['id'],
  stations: ['id'],
  menu_categories: ['id'],
  inventory_items: ['id'],
  menu_items: ['id'],
  menu_item_recipes: ['menu_item_id', 'inventory_item_id'],
  modifier_groups: ['id'],
  modifier_options: ['id'],
  menu_item_modifier_groups: ['menu_item_id', 'group_id'],
  customers: ['id'],
} as const satisfies Record<string, readonly string[]>;
export type PulledEntity = keyof typeof PULLED_ENTITIES;

/** A row's key as sent on the wire: its primary key columns' values joined with '|'. */
export function rowKey(columns: readonly string[], row: Record<string, unknown>): string {
  return columns.map((c) => String(row[c])).join('|');
}

/** Rows are sent as the till's own column names (snake_case) and SQLite values. */
const row = z.record(z.string(), z.unknown());

/**
 * One change from a till's outbox. `seq` is the outbox sequence (strictly increasing within a
 * batch, not necessarily contiguous: the till sends the row's state at send time, so several
 * outbox entries for one row collapse into the last one). `key` is the row's primary key as text
 * (composite keys joined with '|'). `row` is null for a delete.
 */
export const pushedChange = z.object({
  seq: z.number().int().positive(),
  entity: z.string().min(1).max(64),
  key: z.string().min(1).max(200),
  op: z.enum(['upsert', 'delete']),
  row: row.nullable(),
});
export type PushedChange = z.infer<typeof pushedChange>;

/**
 * POST /hub/api/sync/push (Authorization: Bearer <till token>).
 * The batch covers the outbox range (afterSeq, lastSeq]. The hub keeps per till `ackedSeq`:
 * - lastSeq <= ackedSeq: already applied (a retry whose answer was lost) → 200, nothing applied;
 * - afterSeq == ackedSeq: applied in one transaction, ackedSeq = lastSeq → 200;
 * - otherwise → 409 `sequence_gap` with details.expectedAfterSeq, nothing applied.
 */
export const pushRequest = z.object({
  protocol: z.number().int().positive(),
  /** The till's migration version, so the hub can refuse rows it cannot read. */
  schemaVersion: z.number().int().nonnegative(),
  afterSeq: z.number().int().nonnegative(),
  lastSeq: z.number().int().positive(),
  changes: z.array(pushedChange).max(1000),
});
export type PushRequest = z.infer<typeof pushRequest>;

export interface PushResponse {
  protocol: number;
  ackedSeq: number;
  /** How many changes of this batch were applied now (0 for a duplicate batch). */
  applied: number;
}

/** One change of the hub's catalog, as the till's table row (store overrides already applied). */
export interface PulledChange {
  version: number;
  entity: string;
  key: string;
  row: Record<string, unknown> | null;
}

/** GET /hub/api/sync/pull?after=V&limit=N (till token). `more` asks the till to pull again. */
export interface PullResponse {
  protocol: number;
  version: number;
  more: boolean;
  changes: PulledChange[];
}

/** POST /hub/api/pair (no token: the one-time code is the credential). */
export const pairRequest = z.object({
  code: z.string().trim().min(4).max(64),
  tillName: z.string().trim().min(1).max(80).optional(),
  schemaVersion: z.number().int().nonnegative(),
  protocol: z.number().int().positive(),
});
export type PairRequest = z.infer<typeof pairRequest>;

export interface PairResponse {
  protocol: number;
  hubId: string;
  storeId: string;
  storeName: string;
  tillId: string;
  tillName: string;
  /** The till's long-lived credential (revocable on the hub); kept with the terminal settings. */
  token: string;
  /** Where this till's sequence stands on the hub (0 for a new till). */
  ackedSeq: number;
}

/**
 * GET /hub/api/sync/state (till token): where the hub stands for this till. A till asks at start
 * and after a restore: outbox entries at or below `ackedSeq` are already on the hub (never sent
 * again) and the till's next sequence starts above it.
 */
export interface SyncStateResponse {
  protocol: number;
  tillId: string;
  storeId: string;
  ackedSeq: number;
  catalogVersion: number;
}

/**
 * POST /hub/api/catalog/seed (till token): the first till to join a hub whose catalog is empty
 * brings its menu, modifiers, stations, stock items, users and settings; afterwards the hub owns
 * them. 409 `conflict` when the catalog is not empty (nothing changed).
 */
export const seedRequest = z.object({
  protocol: z.number().int().positive(),
  schemaVersion: z.number().int().nonnegative(),
  rows: z.array(
    z.object({ entity: z.string().min(1).max(64), key: z.string().min(1).max(200), row }),
  ),
});
export type SeedRequest = z.infer<typeof seedRequest>;

/** Error codes the hub answers a till with, in the usual `{ error: { code, message, details } }`. */
export const HUB_ERROR_CODES = [
  'pairing_code_invalid', // 401: wrong, used or expired code
  'till_revoked', // 401: the till's token was revoked on the hub
  'unknown_till', // 401: a token for a till the hub does not know
  'sequence_gap', // 409: details.expectedAfterSeq
  'protocol_unsupported', // 426: details.hubProtocol, details.tillProtocol
  'unknown_entity', // 422: a change for a table the hub does not take
  'validation_error', // 422
] as const;
export type HubErrorCode = (typeof HUB_ERROR_CODES)[number];
