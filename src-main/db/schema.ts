/**
 * Table types for Kysely. Column names are camelCase here; the CamelCasePlugin maps them to the
 * snake_case columns of the migrations. Each feature keeps its tables in `tables/<feature>.ts`
 * and adds its interface to `DB` below.
 */
import type { FoundationTables } from './tables/foundation';
import type { IdempotencyTables } from './tables/idempotency';
import type { OrderTables } from './tables/orders';

export type * from './tables/foundation';
export type * from './tables/idempotency';
export type * from './tables/orders';

export interface DB extends FoundationTables, IdempotencyTables, OrderTables {}
