/**
 * Background upkeep of the money tables, on a timer inside the app:
 * - Idempotency-Keys older than 24 h are purged (section 0 keeps them "at least 24 h");
 * - card/mobile refunds still `pending` with the provider (an outage, a crash after the commit)
 *   are settled — safe to repeat, the refund id is the provider's idempotency key;
 * - voids of approvals that were never recorded are retried;
 * - card payments left `pending` (a crash or an outage between charge and commit) at least
 *   RECONCILE_AFTER_MS old are looked up at the provider and recorded or failed (./intents.ts;
 *   start-up does the same for all of them, `settlePaymentsAtStartup`).
 * The first run is one interval after start (short-lived processes and tests never see one); the
 * timer never keeps the process alive, and a failure is reported and retried next time.
 */
import { periodic, type Periodic } from '../periodic';
import type { CoreContext } from '../context';
import { purgeIdempotencyKeys } from '../idempotency';
import { reconcilePendingPayments, RECONCILE_AFTER_MS } from './intents';
import { settlePendingRefunds } from './settle';
import { retryPendingVoids } from './voids';

export const MAINTENANCE_EVERY_MS = 5 * 60 * 1000;

export interface MaintenanceReport {
  keysPurged: number;
  refundsSettled: number;
  refundsPending: number;
  voidsDone: number;
  paymentsCaptured: number;
  paymentsFailed: number;
  paymentsPending: number;
}

export async function runPaymentMaintenance(ctx: CoreContext): Promise<MaintenanceReport> {
  const keysPurged = await purgeIdempotencyKeys(ctx);
  const payments = await reconcilePendingPayments(ctx, RECONCILE_AFTER_MS);
  const refunds = await settlePendingRefunds(ctx);
  const voidsDone = await retryPendingVoids(ctx);
  return {
    keysPurged,
    refundsSettled: refunds.settled,
    refundsPending: refunds.pending,
    voidsDone,
    paymentsCaptured: payments.captured,
    paymentsFailed: payments.failed,
    paymentsPending: payments.pending,
  };
}

export function startPaymentMaintenance(
  getCtx: () => CoreContext,
  guard: <T>(fn: () => Promise<T>) => Promise<T> = (fn) => fn(),
  report: (message: string) => void = (m) => getCtx().log.error(m),
  everyMs = MAINTENANCE_EVERY_MS,
): Periodic {
  return periodic(
    everyMs,
    () => guard(() => runPaymentMaintenance(getCtx())),
    (e) => report(`payment maintenance failed: ${(e as Error).message}`),
  );
}
