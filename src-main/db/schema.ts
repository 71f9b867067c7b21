/**
 * Table types for Kysely. Column names are camelCase here; the CamelCasePlugin maps them to the
 * snake_case columns of the migrations. Each feature keeps its tables in `tables/<feature>.ts`
 * and adds its interface to `DB` below.
 */
import type { Kysely } from 'kysely';
import type { FoundationTables } from './tables/foundation';
import type { IdempotencyTables } from './tables/idempotency';
import type { OrderTables } from './tables/orders';
import type { HardwareTables } from './tables/hardware';
import type { AuditTables } from './tables/audit';
import type { ZReportTables } from './tables/zreports';
import type { AttendanceTables } from './tables/attendance';
import type { InventoryTables } from './tables/inventory';
import type { PaymentTables } from './tables/payments';
import type { CounterTables } from './tables/counter';
import type { StationTables } from './tables/stations';
import type { SyncTables } from './tables/sync';

export type * from './tables/foundation';
export type * from './tables/idempotency';
export type * from './tables/orders';
export type * from './tables/hardware';
export type * from './tables/audit';
export type * from './tables/zreports';
export type * from './tables/attendance';
export type * from './tables/inventory';
export type * from './tables/payments';
export type * from './tables/counter';
export type * from './tables/stations';
export type * from './tables/sync';

export interface DB
  extends
    FoundationTables,
    IdempotencyTables,
    OrderTables,
    PaymentTables,
    InventoryTables,
    AttendanceTables,
    HardwareTables,
    AuditTables,
    ZReportTables,
    StationTables,
    SyncTables,
    CounterTables {}

/**
 * The database or an open transaction (`Transaction<DB>` extends `Kysely<DB>`): what a function
 * takes when it must join its caller's transaction instead of using the context's db.
 */
export type Db = Kysely<DB>;
