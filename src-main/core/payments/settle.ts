/**
 * The provider's part of card and mobile refunds, run after the refund is committed. Each call
 * carries the refund's id as the provider's idempotency key, so running this twice for one refund
 * (a retry after an outage, two timers, a crash between the provider's answer and our update)
 * never gives the money back twice. An outage leaves the refund `pending` for the next run; after
 * MAX_ATTEMPTS it is `failed`, which staff see in the refund and reconcile by hand.
 */
import { PosError } from '../../../src-shared/errors';
import type { CoreContext } from '../context';
import type { RefundRow } from './records';

export const MAX_ATTEMPTS = 8;

/** Settles one refund with the provider (a no-op unless it is pending); returns the fresh row. */
export async function settleRefund(ctx: CoreContext, refundId: string): Promise<RefundRow> {
  const db = ctx.dbh.db;
  const row = await db
    .selectFrom('refunds')
    .innerJoin('payments', 'payments.id', 'refunds.paymentId')
    .selectAll('refunds')
    .select('payments.providerRef as chargeRef')
    .where('refunds.id', '=', refundId)
    .executeTakeFirst();
  if (!row) throw new PosError('not_found', 'no such refund', { id: refundId });
  const { chargeRef, ...refund } = row;
  if (refund.providerStatus !== 'pending' || chargeRef === null) return refund;
  let providerRef: string | null = null;
  let error: string | null = null;
  try {
    providerRef = (
      await ctx.payments.refund({
        providerRef: chargeRef,
        amount: refund.amount,
        idempotencyKey: refund.id,
      })
    ).providerRef;
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const attempts = refund.providerAttempts + 1;
  const providerStatus =
    providerRef !== null ? 'succeeded' : attempts >= MAX_ATTEMPTS ? 'failed' : 'pending';
  await db
    .updateTable('refunds')
    .set({ providerStatus, providerRef, providerAttempts: attempts, providerError: error })
    .where('id', '=', refund.id)
    .where('providerStatus', '=', 'pending')
    .execute();
  return {
    ...refund,
    providerStatus,
    providerRef,
    providerAttempts: attempts,
    providerError: error,
  };
}

export async function settleRefunds(
  ctx: CoreContext,
  ids: readonly string[],
): Promise<RefundRow[]> {
  const out: RefundRow[] = [];
  for (const id of ids) out.push(await settleRefund(ctx, id));
  return out;
}

/**
 * Every refund still pending with the provider, run by the payment-maintenance timer
 * (./maintenance.ts). Nothing runs it at start-up: the first run comes one interval after the
 * app starts (reconciling payments at start-up is separate, planned work).
 */
export async function settlePendingRefunds(
  ctx: CoreContext,
): Promise<{ settled: number; pending: number }> {
  const rows = await ctx.dbh.db
    .selectFrom('refunds')
    .select('id')
    .where('providerStatus', '=', 'pending')
    .orderBy('createdAt')
    .execute();
  const done = await settleRefunds(
    ctx,
    rows.map((r) => r.id),
  );
  return {
    settled: done.filter((r) => r.providerStatus === 'succeeded').length,
    pending: done.filter((r) => r.providerStatus === 'pending').length,
  };
}
