/**
 * PATCH /orders/:id/status → `refunded`: the order state machine calls the handler the app lists in its order hooks (src-main/app.ts)
 * INSIDE its transaction (src-main/core/orders/hooks.ts). The refund rows, the payments' and the
 * order's `refunded` are written there; the transition then writes the status and history.
 *
 * The provider's part of card and mobile refunds cannot run inside that transaction, and the hook
 * has no after-commit step, so it is queued with setImmediate: settling first reads the refund
 * through the shared connection, which Kysely hands out only once the transaction has committed or
 * rolled back. A rolled-back move leaves no refund rows, and settling finds nothing to do; a crash
 * before settling leaves the refunds `pending` for `settlePendingRefunds`, which the
 * payment-maintenance timer runs (nothing runs it at start-up).
 */
import { recordAudit } from '../audit/record';
import type { FullRefundHandler } from '../orders/hooks';
import type { CoreContext } from '../context';
import { refundRemaining } from './refund';
import { settleRefund } from './settle';

function settleLater(ctx: CoreContext, ids: readonly string[]): void {
  if (ids.length === 0) return;
  setImmediate(() => {
    void (async () => {
      for (const id of ids) {
        try {
          await settleRefund(ctx, id);
        } catch {
          // Rolled back (no such refund) or the database closed: nothing to settle, or the
          // refund stays pending and the next settlePendingRefunds run picks it up.
        }
      }
    })();
  });
}

export const fullRefundForOrder: FullRefundHandler = async (trx, order, hc) => {
  const reason = hc.reason ?? 'order refunded';
  const r = await refundRemaining(trx, hc.core, { user: { id: hc.userId } }, order.id, reason);
  // One audit record for the one action (API §12), listing every refund it made.
  await recordAudit(trx, hc.core, {
    type: 'refund',
    actorId: hc.userId,
    approverId: hc.approverId ?? null,
    subject: { type: 'order', id: order.id },
    reason,
    details: {
      fullRefund: true,
      total: r.refunds.reduce((sum, x) => sum + x.amount, 0),
      refunds: r.refunds.map((x) => ({
        refundId: x.id,
        paymentId: x.paymentId,
        method: x.method,
        amount: x.amount,
      })),
    },
  });
  settleLater(hc.core, r.pendingProviderRefundIds);
};
