/**
 * Refunds (section 5). The money decision is recorded in ONE transaction (refund row, the
 * payment's and the order's `refunded`, the cash session for cash, the order's move to `refunded`
 * when a completed order is refunded in full). The provider's part of a card or mobile refund
 * happens after the commit, keyed by the refund's id so a retry can never refund twice
 * (see settle.ts): the provider call must not run inside the transaction, and recording first
 * means two concurrent refunds can never both pass the `over_refund` check.
 */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { Order } from '../../../src-shared/contract/orders';
import type {
  DrawerKick,
  Payment,
  Refund,
  refundPaymentInput,
} from '../../../src-shared/contract/payments';
import { PosError } from '../../../src-shared/errors';
import type { DB } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { KEY_TTL_MS } from '../idempotency';
import type { Actor } from '../auth/actor';
import { approverIdOf, recordApproval } from '../auth/approval';
import { requireOpenSession } from '../cash/sessions';
import type { CoreContext } from '../context';
import { recordOrderChange } from '../orders/changes';
import { publishOrderChanges } from '../orders/events';
import { findOrderRow, loadOrder, type OrderRow } from '../orders/read';
import { writeTransition } from '../orders/transition';
import { kickAfterCommit, type KickDrawer } from './drawer-kick';
import { addRefunded } from './order-effects';
import { findPaymentRow, toPayment, toRefund, type PaymentRow, type RefundRow } from './records';
import { settleRefund } from './settle';

export type RefundPaymentInput = z.infer<typeof refundPaymentInput>;

/** Who refunds: a signed-in actor, or just a user id (the order state machine's hook). */
export type RefundActor = Pick<Actor, 'user'> | { user: { id: string } };

export interface RefundResult {
  refund: Refund;
  payment: Payment;
  order: Order;
  drawer?: DrawerKick;
}

/**
 * Records one refund of `amount` against `payment` inside `trx` (no status move, no change-feed
 * entry: the caller does those once). Cash needs the drawer's open session and lands in it.
 */
async function recordRefund(
  trx: Kysely<DB>,
  ctx: CoreContext,
  actor: RefundActor,
  payment: PaymentRow,
  amount: number,
  reason: string,
  drawerId: string,
  at: string,
  clientKey: string | null = null,
): Promise<RefundRow> {
  const session = payment.method === 'cash' ? await requireOpenSession(trx, drawerId) : undefined;
  const row: RefundRow = {
    id: ctx.newId(),
    paymentId: payment.id,
    orderId: payment.orderId,
    method: payment.method,
    amount,
    reason,
    cashSessionId: session?.id ?? null,
    providerStatus: payment.method === 'cash' ? null : 'pending',
    providerRef: null,
    providerAttempts: 0,
    providerError: null,
    createdAt: at,
    createdBy: actor.user.id,
    clientKey,
  };
  await trx.insertInto('refunds').values(row).execute();
  await trx
    .updateTable('payments')
    .set((eb) => ({ refunded: eb('refunded', '+', amount) }))
    .where('id', '=', payment.id)
    .execute();
  await addRefunded(trx, payment.orderId, amount);
  return row;
}

/**
 * A retry whose Idempotency-Key (younger than 24 h) already has a refund: its stored answer was
 * lost in a crash and start-up released the key (core/payments/intents.ts). The answer is that
 * refund, never a second one; a different request under the key is 422 `idempotency_mismatch`.
 */
async function earlierRefund(
  ctx: CoreContext,
  actor: Actor,
  input: RefundPaymentInput,
  clientKey: string,
): Promise<RefundResult | undefined> {
  const db = ctx.dbh.db;
  const since = new Date(ctx.clock().getTime() - KEY_TTL_MS).toISOString();
  const earlier = await db
    .selectFrom('refunds')
    .selectAll()
    .where('createdBy', '=', actor.user.id)
    .where('clientKey', '=', clientKey)
    .where('createdAt', '>=', since)
    .executeTakeFirst();
  if (!earlier) return undefined;
  if (
    earlier.paymentId !== input.id ||
    (input.amount !== undefined && input.amount !== earlier.amount) ||
    earlier.reason !== input.reason
  )
    throw new PosError(
      'idempotency_mismatch',
      'this Idempotency-Key was already used for a different request',
    );
  // Its provider part may still be pending: settling is keyed by the refund's id, safe to repeat.
  const refund = earlier.method === 'cash' ? earlier : await settleRefund(ctx, earlier.id);
  const payment = (await findPaymentRow(db, refund.paymentId)) as PaymentRow;
  return {
    refund: toRefund(refund),
    payment: toPayment(payment),
    order: await loadOrder(db, refund.orderId),
  };
}

export async function refundPayment(
  ctx: CoreContext,
  actor: Actor,
  input: RefundPaymentInput,
  kick?: KickDrawer,
  clientKey: string | null = null,
): Promise<RefundResult> {
  if (clientKey !== null) {
    const earlier = await earlierRefund(ctx, actor, input, clientKey);
    if (earlier) return earlier;
  }
  const committed = await ctx.dbh.db.transaction().execute(async (trx) => {
    const payment = await findPaymentRow(trx, input.id);
    if (!payment) throw new PosError('not_found', 'no such payment', { id: input.id });
    const remaining = payment.amount - payment.refunded;
    // 409 (no open session) comes before 422 (over_refund) in section 0's order.
    if (payment.method === 'cash') await requireOpenSession(trx, input.drawerId);
    const amount = input.amount ?? remaining;
    if (remaining === 0 || amount > remaining)
      throw new PosError(
        'over_refund',
        remaining === 0
          ? 'this payment is already refunded in full'
          : `at most ${remaining} is left to refund on this payment`,
        { remaining, amount },
      );
    const at = ctx.clock().toISOString();
    const refund = await recordRefund(
      trx,
      ctx,
      actor,
      payment,
      amount,
      input.reason,
      input.drawerId,
      at,
      clientKey,
    );
    // Audited with the refund (API §12): who, how much, of which payment, and why.
    const subject = { type: 'payment', id: payment.id };
    await recordAudit(trx, ctx, {
      type: 'refund',
      actorId: actor.user.id,
      approverId: approverIdOf(actor),
      subject,
      reason: input.reason,
      details: {
        refundId: refund.id,
        orderId: payment.orderId,
        method: refund.method,
        amount: refund.amount,
      },
    });
    await recordApproval(trx, ctx, actor, subject);
    // A completed order refunded in full moves to `refunded` (history by the refunder, with the
    // refund's reason); either way the change feed gets one entry.
    const order = (await findOrderRow(trx, payment.orderId)) as OrderRow;
    const change =
      order.status === 'completed' && order.paid > 0 && order.refunded >= order.paid
        ? await writeTransition(trx, order, 'refunded', {
            userId: actor.user.id,
            at,
            reason: input.reason,
          })
        : await recordOrderChange(trx, payment.orderId, at);
    return { refund, change, orderId: payment.orderId };
  });
  publishOrderChanges(ctx, [committed.change]);

  let refund = committed.refund;
  let drawer: DrawerKick | undefined;
  if (refund.method === 'cash') drawer = await kickAfterCommit(kick);
  else refund = await settleRefund(ctx, refund.id);

  // Read after settling, so the answer shows the provider's outcome.
  const db = ctx.dbh.db;
  const payment = (await findPaymentRow(db, refund.paymentId)) as PaymentRow;
  const out: RefundResult = {
    refund: toRefund(refund),
    payment: toPayment(payment),
    order: await loadOrder(db, committed.orderId),
  };
  if (drawer) out.drawer = drawer;
  return out;
}

export interface RefundRemainingResult {
  refunds: RefundRow[];
  /** Card/mobile refunds to settle with the provider AFTER the caller's commit. */
  pendingProviderRefundIds: string[];
}

/**
 * For PATCH /orders/:id/status → `refunded` (the orders feature calls this inside ITS transaction,
 * after checking `payments.refund` and the transition): refunds what is left on every payment of
 * the order. It neither moves the status nor appends to the change feed — the caller does both
 * once. Cash refunds need the drawer's open session (409 `no_open_session` rolls the whole move
 * back). Card and mobile refunds are recorded as `pending`; after committing, the caller runs
 * `settleRefunds(ctx, result.pendingProviderRefundIds)` (anything missed is picked up by
 * `settlePendingRefunds`, which is safe to repeat).
 */
export async function refundRemaining(
  trx: Kysely<DB>,
  ctx: CoreContext,
  actor: RefundActor,
  orderId: string,
  reason: string,
  opts: { drawerId?: string } = {},
): Promise<RefundRemainingResult> {
  const payments = await trx
    .selectFrom('payments')
    .selectAll()
    .where('orderId', '=', orderId)
    .whereRef('refunded', '<', 'amount')
    .orderBy('createdAt')
    .orderBy(sql`rowid`)
    .execute();
  const at = ctx.clock().toISOString();
  // A refund always carries a reason (1–200 chars); the status move's own reason is optional.
  const why = reason.trim().slice(0, 200) || 'order refunded';
  const refunds: RefundRow[] = [];
  for (const p of payments) {
    const drawerId = opts.drawerId ?? 'main';
    refunds.push(await recordRefund(trx, ctx, actor, p, p.amount - p.refunded, why, drawerId, at));
  }
  return {
    refunds,
    pendingProviderRefundIds: refunds
      .filter((r) => r.providerStatus === 'pending')
      .map((r) => r.id),
  };
}
