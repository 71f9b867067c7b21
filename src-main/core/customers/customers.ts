import { sql, type Selectable } from 'kysely';
import type { z } from 'zod';
import type {
  createCustomerInput,
  Customer,
  updateCustomerInput,
} from '../../../src-shared/contract/menu';
import { PosError } from '../../../src-shared/errors';
import type { Db, CustomersTable } from '../../db/schema';
import type { CoreContext } from '../context';
import { ftsMatch, likePattern } from '../search/fts-query';

export const DEFAULT_CUSTOMER_LIMIT = 50;

const toCustomer = (r: Selectable<CustomersTable>): Customer => ({
  id: r.id,
  name: r.name,
  phone: r.phone,
  email: r.email,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export interface CustomersQuery {
  q?: string | undefined;
  limit?: number | undefined;
}

/**
 * `?q=` goes through the FTS5 index (customers_fts, migration 0011): every word typed is a
 * prefix that must match the name, phone (as written or as bare digits) or email. A query with
 * no word in it at all ("%", "_") cannot use the index and falls back to a literal LIKE, still
 * bounded by the limit. Results are in name order either way, so a list that grows as the
 * cashier types does not jump around.
 *
 * Built apart so a test can EXPLAIN it (the FTS index must do the finding).
 */
export function customersQuery(db: Db, input: CustomersQuery) {
  let query = db.selectFrom('customers').selectAll();
  if (input.q) {
    const match = ftsMatch(input.q);
    if (match) {
      query = query.where(
        sql<boolean>`customers.rowid IN (SELECT rowid FROM customers_fts WHERE customers_fts MATCH ${match})`,
      );
    } else {
      // LIKE is case-insensitive for ASCII in SQLite; lower() on both sides extends that a little.
      const p = likePattern(input.q.toLowerCase());
      query = query.where(
        sql<boolean>`(lower(name) LIKE ${p} ESCAPE '\\' OR lower(phone) LIKE ${p} ESCAPE '\\' OR lower(email) LIKE ${p} ESCAPE '\\')`,
      );
    }
  }
  return query
    .orderBy('name')
    .orderBy('id')
    .limit(input.limit ?? DEFAULT_CUSTOMER_LIMIT);
}

export async function listCustomers(
  ctx: CoreContext,
  input: CustomersQuery,
): Promise<{ customers: Customer[] }> {
  const rows = await customersQuery(ctx.dbh.db, input).execute();
  return { customers: rows.map(toCustomer) };
}

export async function createCustomer(
  ctx: CoreContext,
  input: z.infer<typeof createCustomerInput>,
): Promise<Customer> {
  const at = ctx.clock().toISOString();
  const row = {
    id: ctx.newId(),
    name: input.name,
    phone: input.phone ?? null,
    email: input.email ?? null,
    createdAt: at,
    updatedAt: at,
  };
  await ctx.dbh.db.insertInto('customers').values(row).execute();
  return toCustomer(row);
}

export async function getCustomer(ctx: CoreContext, id: string): Promise<Customer> {
  const row = await ctx.dbh.db
    .selectFrom('customers')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new PosError('not_found', 'no such customer', { id });
  return toCustomer(row);
}

/** PATCH /api/customers/:id: given fields change (null clears a phone or email). */
export async function updateCustomer(
  ctx: CoreContext,
  input: z.infer<typeof updateCustomerInput>,
): Promise<Customer> {
  return ctx.dbh.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('customers')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.phone !== undefined ? { phone: input.phone } : {}),
        ...(input.email !== undefined ? { email: input.email } : {}),
        updatedAt: ctx.clock().toISOString(),
      })
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0)
      throw new PosError('not_found', 'no such customer', { id: input.id });
    const row = await trx
      .selectFrom('customers')
      .selectAll()
      .where('id', '=', input.id)
      .executeTakeFirstOrThrow();
    return toCustomer(row);
  });
}
