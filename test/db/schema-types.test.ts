/**
 * The table types against the migrated schema: src-main/db/schema.generated.ts is what
 * kysely-codegen makes of a freshly migrated database (fails when a migration changed and
 * `npm run db:types` was not run), and every hand-written table in db/tables/ has exactly the
 * generated columns (checked by the compiler: `npm run typecheck`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DB, InventoryAlertColumns } from '../../src-main/db/schema';
import type { DB as GeneratedDB } from '../../src-main/db/schema.generated';
import { GENERATED_FILE, generateSchemaTypes } from '../../scripts/db-types';

/** The columns the app sees: a table's interface plus what `withTables` merges in (0005). */
type AppColumns<T extends keyof DB> =
  keyof DB[T] | (T extends keyof InventoryAlertColumns ? keyof InventoryAlertColumns[T] : never);

/** Per table, the columns one side has and the other lacks; `never` when they agree. */
type ColumnDrift = {
  [T in keyof GeneratedDB]: T extends keyof DB
    ? Exclude<keyof GeneratedDB[T], AppColumns<T>> | Exclude<AppColumns<T>, keyof GeneratedDB[T]>
    : `table ${T} is missing from db/schema.ts`;
}[keyof GeneratedDB];
type ExtraTables = Exclude<keyof DB, keyof GeneratedDB>;

// A compile error here names the column or table that drifted.
const columnsAgree: [ColumnDrift] extends [never] ? true : ColumnDrift = true;
const noExtraTables: [ExtraTables] extends [never] ? true : ExtraTables = true;

describe('table types', () => {
  it('are generated from the current migrations (npm run db:types)', () => {
    expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(generateSchemaTypes());
  });

  it('match the hand-written camelCase tables column for column', () => {
    expect(columnsAgree && noExtraTables).toBe(true);
  });
});
