import { sql, type Selectable } from 'kysely';
import type { z } from 'zod';
import type { createCustomerInput, Customer } from '../../../src-shared/contract/menu';
import { PosError } from '../../../src-shared/errors';
import type { CustomersTable } from '../../db/schema';
import type { CoreContext } from '../context';

export const DEFAULT_CUSTOMER_LIMIT = 50;

const toCustomer = (r: Selectable<CustomersTable>): Customer => ({
  id: r.id,
  name: r.name,
  phone: r.phone,
  email: r.email,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

/** `%` and `_` in what the user typed are literal characters, not wildcards. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listCustomers(
  ctx: CoreContext,
  input: { q?: string | undefined; limit?: number | undefined },
): Promise<{ customers: Customer[] }> {
  let query = ctx.dbh.db.selectFrom('customers').selectAll();
  if (input.q) {
    // LIKE is case-insensitive for ASCII in SQLite; lower() on both sides extends that a little.
    const p = likePattern(input.q.toLowerCase());
    query = query.where(
      sql<boolean>`(lower(name) LIKE ${p} ESCAPE '\\' OR lower(phone) LIKE ${p} ESCAPE '\\' OR lower(email) LIKE ${p} ESCAPE '\\')`,
    );
  }
  const rows = await query
    .orderBy('name')
    .orderBy('id')
    .limit(input.limit ?? DEFAULT_CUSTOMER_LIMIT)
    .execute();
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
