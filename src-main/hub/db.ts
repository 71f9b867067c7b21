/**
 * The hub's PostgreSQL: a `pg` pool under Kysely's Postgres dialect. BIGINT columns (sequences,
 * versions, money sums cast to bigint) come back as numbers: every one of them stays far below
 * 2^53, and a string where a number is expected would break sums silently.
 */
import { Kysely, PostgresDialect, type ColumnType, type Generated } from 'kysely';
import pg from 'pg';

type Timestamp = ColumnType<Date, Date, Date>;
type Json = ColumnType<Record<string, unknown> | null, string | null, string | null>;

export interface HubDatabase {
  hub_meta: { id: number; hub_id: string };
  hub_users: {
    id: string;
    username: string;
    display_name: string;
    role: 'admin' | 'manager';
    status: Generated<'active' | 'deactivated'>;
    password_hash: string;
    token_version: Generated<number>;
    last_sign_in_at: Generated<Date | null>;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  hub_login_failures: { id: Generated<number>; username: string; at: Timestamp };
  stores: { id: string; name: string; created_at: Timestamp };
  tills: {
    id: string;
    store_id: string;
    name: string;
    pairing_code_hash: string | null;
    pairing_expires_at: Timestamp | null;
    token_hash: string | null;
    paired_at: Timestamp | null;
    revoked_at: Timestamp | null;
    acked_seq: Generated<number>;
    schema_version: number | null;
    last_push_at: Timestamp | null;
    pulled_version: Generated<number>;
    last_pull_at: Timestamp | null;
    created_at: Timestamp;
  };
  till_rows: {
    till_id: string;
    entity: string;
    key: string;
    row: Json;
    seq: number;
    received_at: Timestamp;
  };
  catalog_rows: {
    entity: string;
    key: string;
    row: Json;
    version: number;
    deleted: Generated<boolean>;
    updated_at: Timestamp;
  };
  catalog_clock: { id: number; version: number };
  store_prices: {
    store_id: string;
    menu_item_id: string;
    price: number | null;
    tax_rate_bps: number | null;
    updated_at: Timestamp;
  };
  store_station_printers: {
    store_id: string;
    station_id: string;
    printer: string;
    updated_at: Timestamp;
  };
}

export type HubDb = Kysely<HubDatabase>;

const INT8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface HubDbHandle {
  db: HubDb;
  pool: pg.Pool;
  close(): Promise<void>;
}

export interface HubDbOptions {
  max?: number;
  /** An idle connection broke (PostgreSQL restarted, network): logged, the pool reconnects. */
  onIdleError?: (e: Error) => void;
}

export function openHubDb(databaseUrl: string, opts: HubDbOptions = {}): HubDbHandle {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: opts.max ?? 10,
    types,
    // Nothing a hub request does should take long; a stuck one must not hold locks for ever.
    statement_timeout: 30_000,
    lock_timeout: 15_000,
    idle_in_transaction_session_timeout: 60_000,
    connectionTimeoutMillis: 10_000,
  });
  // Without a listener an idle client's error would end the process.
  pool.on('error', (e) => opts.onIdleError?.(e));
  const db = new Kysely<HubDatabase>({ dialect: new PostgresDialect({ pool }) });
  // db.destroy() ends the pool too.
  return { db, pool, close: () => db.destroy() };
}
