/** Row ↔ contract mapping for payments and refunds, and the order's payments list. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Payment, Refund } from '../../../src-shared/contract/payments';
import { PosError } from '../../../src-shared/errors';
import type { DB, PaymentsTable, RefundsTable } from '../../db/schema';
import type { CoreContext } from '../context';

export type PaymentRow = Selectable<PaymentsTable>;
export type RefundRow = Selectable<RefundsTable>;

export function toPayment(r: PaymentRow): Payment {
  return {
    id: r.id,
    orderId: r.orderId,
    method: r.method,
    amount: r.amount,
    tendered: r.tendered,
    change: r.change,
    status: r.status,
    providerRef: r.providerRef,
    refunded: r.refunded,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    tip: r.tip,
  };
}

export function toRefund(r: RefundRow): Refund {
  return {
    id: r.id,
    paymentId: r.paymentId,
    amount: r.amount,
    reason: r.reason,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    method: r.method,
    providerStatus: r.providerStatus,
  };
}

export async function findPaymentRow(db: Kysely<DB>, id: string): Promise<PaymentRow | undefined> {
  return db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** GET /api/payments?orderId= — oldest first; an unknown order is 404 rather than an empty list. */
export async function listPayments(
  ctx: CoreContext,
  orderId: string,
): Promise<{ payments: Payment[] }> {
  const db = ctx.dbh.db;
  const order = await db
    .selectFrom('orders')
    .select('id')
    .where('id', '=', orderId)
    .executeTakeFirst();
  if (!order) throw new PosError('not_found', 'no such order', { id: orderId });
  const rows = await db
    .selectFrom('payments')
    .selectAll()
    .where('orderId', '=', orderId)
    .orderBy('createdAt')
    // Insertion order breaks ties (several payments in one millisecond of a split bill).
    .orderBy(sql`rowid`)
    .execute();
  return { payments: rows.map(toPayment) };
}
