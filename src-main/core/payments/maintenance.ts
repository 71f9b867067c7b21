/**
 * Background upkeep of the money tables, on a timer inside the app:
 * - Idempotency-Keys older than 24 h are purged (section 0 keeps them "at least 24 h");
 * - card/mobile refunds still `pending` with the provider (an outage, a crash after the commit)
 *   are settled — safe to repeat, the refund id is the provider's idempotency key;
 * - voids of approvals that were never recorded are retried.
 * The first run is one interval after start (short-lived processes and tests never see one); the
 * timer never keeps the process alive, and a failure is reported and retried next time.
 */
import { periodic, type Periodic } from '../periodic';
import type { CoreContext } from '../context';
import { purgeIdempotencyKeys } from '../idempotency';
import { settlePendingRefunds } from './settle';
import { retryPendingVoids } from './voids';

export const MAINTENANCE_EVERY_MS = 5 * 60 * 1000;

export interface MaintenanceReport {
  keysPurged: number;
  refundsSettled: number;
  refundsPending: number;
  voidsDone: number;
}

export async function runPaymentMaintenance(ctx: CoreContext): Promise<MaintenanceReport> {
  const keysPurged = await purgeIdempotencyKeys(ctx);
  const refunds = await settlePendingRefunds(ctx);
  const voidsDone = await retryPendingVoids(ctx);
  return {
    keysPurged,
    refundsSettled: refunds.settled,
    refundsPending: refunds.pending,
    voidsDone,
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
