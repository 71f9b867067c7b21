/**
 * Intent before charge (API §5, issue 12). A card or mobile payment is written `pending` in
 * `payment_intents` with the provider idempotency key it will be charged under, in its own
 * transaction, before the provider is called; after the call it becomes `captured` (its
 * `payments` row, same id, and the order's `paid` in the same transaction) or `failed`.
 *
 * A crash in between leaves it `pending`: start-up and the maintenance job look the charge up at
 * the provider (by its reference once known, else by the `payment_id` in its metadata) and record
 * it or mark it failed. Never by charging again: the customer may have left.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { PosError } from '../../../src-shared/errors';
import type { DB, PaymentIntentsTable } from '../../db/schema';
import { prepared } from '../../db/prepared';
import type { CoreContext } from '../context';
import { publishOrderChanges } from '../orders/events';
import { loadOrder } from '../orders/read';
import type { Order } from '../../../src-shared/contract/orders';
import { addPaid, CLOSED_STATUSES } from './order-effects';
import type { ChargeLookup } from './provider';
import type { PaymentRow } from './records';
import { voidOrQueue } from './voids';

export type IntentRow = Selectable<PaymentIntentsTable>;

/**
 * Periodic runs leave younger intents alone: their request may still be waiting on the provider
 * in this process (charges time out well before this).
 */
export const RECONCILE_AFTER_MS = 2 * 60 * 1000;

export const PENDING_MESSAGE =
  'a card payment for this order is still being confirmed with the provider; wait a minute and ' +
  'try again with the same Idempotency-Key, or look at the order: do not take the payment again';

/**
 * The provider's idempotency key: derived from the client's Idempotency-Key (and its owner) so a
 * retried request is the same charge, and from the payment id when there is none. `attempt`
 * counts earlier attempts under that key that ended `failed` (a decline, an outage before the
 * charge), so a deliberate retry after one is a new charge and not the provider's replay of it.
 */
export function providerKeyFor(
  userId: string,
  clientKey: string | null,
  paymentId: string,
  attempt: number,
): string {
  if (clientKey === null) return `ct_pay_${paymentId}`;
  const digest = createHash('sha256')
    .update(`${userId}\u0000${clientKey}\u0000${attempt}`)
    .digest('hex');
  return `ct_key_${digest.slice(0, 40)}`;
}

/**
 * What an order must be to take `amount` more (section 0 order: 404, 409 states, 422). `except`
 * is the intent being captured, which does not block itself.
 */
export async function checkOrderTakes(
  trx: Kysely<DB>,
  orderId: string,
  amount: number,
  except?: string,
): Promise<void> {
  checkBalance(await checkOrderOpen(trx, orderId, except), amount);
}

/** 404, 409 `order_closed`, 409 `payment_pending`: the order can take a payment at all. */
// Compiled once (db/prepared.ts): every payment checks its order twice.
const orderMoney = prepared((db, orderId: string) =>
  db
    .selectFrom('orders')
    .select(['id', 'status', 'total', 'paid', 'refunded'])
    .where('id', '=', orderId),
);
const pendingIntentsOf = prepared((db, orderId: string) =>
  db
    .selectFrom('paymentIntents')
    .select('id')
    .where('orderId', '=', orderId)
    .where('status', '=', 'pending'),
);

export async function checkOrderOpen(trx: Kysely<DB>, orderId: string, except?: string) {
  const [order] = await orderMoney(trx, orderId);
  if (!order) throw new PosError('not_found', 'no such order', { id: orderId });
  if (CLOSED_STATUSES.includes(order.status as (typeof CLOSED_STATUSES)[number]))
    throw new PosError('order_closed', `the order is ${order.status}`, { status: order.status });
  const blocking = (await pendingIntentsOf(trx, orderId)).find((i) => i.id !== except);
  if (blocking) throw new PosError('payment_pending', PENDING_MESSAGE, { paymentId: blocking.id });
  return order;
}

/** 422 `overpayment`: the amount fits the balance. */
export function checkBalance(
  order: { total: number; paid: number; refunded: number },
  amount: number,
): void {
  const balance = order.total - order.paid + order.refunded;
  if (amount > balance)
    throw new PosError('overpayment', `the amount is more than the balance of ${balance}`, {
      balance,
      amount,
    });
}

export async function findIntent(db: Kysely<DB>, id: string): Promise<IntentRow | undefined> {
  return db.selectFrom('paymentIntents').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The outcome of settling an intent: its payment, or why there is none. */
export type Settled =
  | { status: 'captured'; payment: PaymentRow; order: Order }
  | { status: 'failed'; error: PosError }
  | { status: 'pending' };

async function markFailed(ctx: CoreContext, id: string, failure: string): Promise<void> {
  await ctx.dbh.db
    .updateTable('paymentIntents')
    .set({ status: 'failed', failure, updatedAt: ctx.clock().toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

async function capturedPayment(ctx: CoreContext, id: string): Promise<Settled> {
  const db = ctx.dbh.db;
  const payment = await db
    .selectFrom('payments')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!payment) throw new Error(`payment intent ${id} is captured but has no payment row`);
  return { status: 'captured', payment, order: await loadOrder(db, payment.orderId) };
}

/** How an intent that is no longer pending ended (a second settler lost the race). */
async function settledAlready(ctx: CoreContext, intent: IntentRow): Promise<Settled> {
  if (intent.status === 'captured') return capturedPayment(ctx, intent.id);
  if (intent.status === 'failed')
    return {
      status: 'failed',
      error: new PosError('payment_declined', intent.failure ?? 'the payment failed', {
        reason: intent.failure,
      }),
    };
  return { status: 'pending' };
}

/**
 * Records an approved charge: the payment row and the order's `paid`, in one transaction with
 * the intent's move to `captured`. If the order can no longer take it (closed, or the amount is
 * over the balance now), the intent fails and the charge is voided after the commit.
 */
export async function captureIntent(
  ctx: CoreContext,
  id: string,
  providerRef: string,
): Promise<Settled> {
  const outcome = await ctx.dbh.db.transaction().execute(async (trx) => {
    const intent = await findIntent(trx, id);
    if (!intent) throw new Error(`no payment intent ${id}`);
    if (intent.status !== 'pending') return { kind: 'settled' as const, intent };
    const at = ctx.clock().toISOString();
    try {
      await checkOrderTakes(trx, intent.orderId, intent.amount, intent.id);
    } catch (e) {
      if (!(e instanceof PosError)) throw e;
      await trx
        .updateTable('paymentIntents')
        .set({ status: 'failed', providerRef, failure: e.message, updatedAt: at })
        .where('id', '=', id)
        .execute();
      return { kind: 'refused' as const, intent, error: e };
    }
    const row: PaymentRow = {
      id: intent.id,
      orderId: intent.orderId,
      method: intent.method,
      amount: intent.amount,
      tendered: null,
      change: null,
      status: 'captured',
      provider: intent.provider,
      providerRef,
      refunded: 0,
      cashSessionId: null,
      createdAt: at,
      createdBy: intent.createdBy,
      tip: intent.tip,
      clientKey: intent.clientKey,
    };
    await trx.insertInto('payments').values(row).execute();
    await trx
      .updateTable('paymentIntents')
      .set({ status: 'captured', providerRef, updatedAt: at })
      .where('id', '=', id)
      .execute();
    const change = await addPaid(trx, intent.orderId, intent.amount, at);
    return { kind: 'captured' as const, row, change, order: await loadOrder(trx, intent.orderId) };
  });
  if (outcome.kind === 'settled') return settledAlready(ctx, outcome.intent);
  if (outcome.kind === 'refused') {
    await voidOrQueue(ctx, {
      provider: outcome.intent.provider,
      providerRef,
      amount: outcome.intent.amount + outcome.intent.tip,
      orderId: outcome.intent.orderId,
    });
    return { status: 'failed', error: outcome.error };
  }
  publishOrderChanges(ctx, [outcome.change]);
  return { status: 'captured', payment: outcome.row, order: outcome.order };
}

/** A decline, or a charge the provider says never happened. */
export async function failIntent(ctx: CoreContext, id: string, failure: string): Promise<Settled> {
  await markFailed(ctx, id, failure);
  const intent = await findIntent(ctx.dbh.db, id);
  if (!intent) throw new Error(`no payment intent ${id}`);
  return settledAlready(ctx, intent);
}

/**
 * Settles one pending intent from what the provider knows. An outage, a charge still in
 * progress, or no charge found yet while the provider's search may still lag leave it pending.
 */
export async function reconcileIntent(ctx: CoreContext, intent: IntentRow): Promise<Settled> {
  if (intent.status !== 'pending') return settledAlready(ctx, intent);
  let found: ChargeLookup;
  try {
    found = await ctx.payments.lookup({ providerRef: intent.providerRef, paymentId: intent.id });
  } catch (e) {
    ctx.log.warn(
      { paymentId: intent.id, error: (e as Error).message },
      'payment provider unreachable while reconciling a pending payment',
    );
    return { status: 'pending' };
  }
  switch (found.state) {
    case 'succeeded':
      if (found.amount !== intent.amount + intent.tip) {
        // Not the charge we asked for: give it back rather than record the wrong amount.
        await voidOrQueue(ctx, {
          provider: intent.provider,
          providerRef: found.providerRef,
          amount: found.amount,
          orderId: intent.orderId,
        });
        return failIntent(ctx, intent.id, `the provider charged ${found.amount}, not the amount`);
      }
      return captureIntent(ctx, intent.id, found.providerRef);
    case 'failed':
      return failIntent(ctx, intent.id, found.reason);
    case 'processing':
      return { status: 'pending' };
    case 'absent': {
      const age = ctx.clock().getTime() - Date.parse(intent.createdAt);
      if (age < ctx.payments.searchLagMs) return { status: 'pending' };
      return failIntent(ctx, intent.id, 'the provider has no charge for this payment');
    }
  }
}

export interface ReconcileReport {
  captured: number;
  failed: number;
  pending: number;
}

/**
 * Every pending intent at least `minAgeMs` old (0 at start-up, when no request can be in
 * flight; RECONCILE_AFTER_MS from the maintenance timer).
 */
export async function reconcilePendingPayments(
  ctx: CoreContext,
  minAgeMs = 0,
): Promise<ReconcileReport> {
  const cutoff = new Date(ctx.clock().getTime() - minAgeMs).toISOString();
  const rows = await ctx.dbh.db
    .selectFrom('paymentIntents')
    .selectAll()
    .where('status', '=', 'pending')
    .where('createdAt', '<=', cutoff)
    .orderBy('createdAt')
    .execute();
  const report: ReconcileReport = { captured: 0, failed: 0, pending: 0 };
  for (const row of rows) report[(await reconcileIntent(ctx, row)).status]++;
  return report;
}

/**
 * Start-up: Idempotency-Keys of payments and refunds left `in_flight` by a crash are released
 * once the payments are reconciled, so the client's retry with the key runs again and
 * takePayment / refundPayment find the payment or refund recorded under it (or, if none was
 * committed, make it). Left alone they would answer 409 for 24 hours while the customer stands
 * there, charged or waiting for their money back.
 */
export async function releaseCrashedPaymentKeys(ctx: CoreContext): Promise<number> {
  const r = await ctx.dbh.db
    .deleteFrom('idempotencyKeys')
    .where('state', '=', 'in_flight')
    .where('operation', 'in', ['takePayment', 'refundPayment'])
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Start-up: reconcile what a crash left pending, then free the keys it left in flight. */
export async function settlePaymentsAtStartup(
  ctx: CoreContext,
): Promise<ReconcileReport & { keysReleased: number }> {
  const report = await reconcilePendingPayments(ctx, 0);
  return { ...report, keysReleased: await releaseCrashedPaymentKeys(ctx) };
}
