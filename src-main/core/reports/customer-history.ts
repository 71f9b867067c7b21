import type { CustomerHistory } from '../../../src-shared/contract/reports';
import { PosError } from '../../../src-shared/errors';
import type { CoreContext } from '../context';

export const CUSTOMER_SQL = {
  customer: `SELECT id, name, phone, email, created_at AS createdAt, updated_at AS updatedAt
    FROM customers WHERE id = ?`,
  orders: `SELECT id, number, status, total, paid, refunded, created_at AS createdAt
    FROM orders WHERE customer_id = ? ORDER BY created_at DESC, id DESC`,
} as const;

/**
 * A customer's orders, newest first, with what they spent: Σ (paid − refunded), so a
 * cancelled or refunded order counts for what was kept, not for its total.
 */
export function customerHistory(ctx: CoreContext, input: { customerId: string }): CustomerHistory {
  const db = ctx.dbh.sqlite;
  const customer = db.prepare(CUSTOMER_SQL.customer).get(input.customerId) as
    CustomerHistory['customer'] | undefined;
  if (!customer)
    throw new PosError('not_found', 'no such customer', { customerId: input.customerId });
  const rows = db.prepare(CUSTOMER_SQL.orders).all(input.customerId) as {
    id: string;
    number: number;
    status: string;
    total: number;
    paid: number;
    refunded: number;
    createdAt: string;
  }[];
  let totalSpent = 0;
  for (const r of rows) totalSpent += r.paid - r.refunded;
  return {
    customer,
    orders: rows.map((r) => ({
      id: r.id,
      number: r.number,
      status: r.status,
      total: r.total,
      createdAt: r.createdAt,
    })),
    orderCount: rows.length,
    totalSpent,
  };
}
