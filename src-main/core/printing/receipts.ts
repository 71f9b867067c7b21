/**
 * Receipts as print jobs. `enqueueReceipt` is what a sale calls once it has committed: it reads
 * the order and its payments, lays the receipt out and INSERTs one job — no printer involved, so
 * it takes milliseconds and cannot fail because of the printer. The worker prints it later.
 */
import type { PrintJob } from '../../../src-shared/contract/hardware';
import { recordAudit } from '../audit/record';
import type { CoreContext } from '../context';
import { hasReceipt, insertJob, requeueFailed } from './jobs';
import { orderReceiptModel } from './order-receipt';

export interface EnqueueReceiptOptions {
  /**
   * Mark it REPRINT. Default: decided from the order's jobs — a reprint when a receipt for this
   * order is already printed, printing or queued (one that only ever failed never reached anyone).
   */
  reprint?: boolean;
}

/**
 * Queues the receipt of an order (404 for an unknown order). Reads and the INSERT are one
 * transaction, so two clicks at once give one original and one REPRINT, never two originals.
 */
export async function enqueueReceipt(
  ctx: CoreContext,
  orderId: string,
  actorId: string | null,
  opts: EnqueueReceiptOptions = {},
): Promise<PrintJob> {
  const job = await ctx.dbh.db.transaction().execute(async (trx) => {
    const reprint = opts.reprint ?? (await hasReceipt(trx, orderId));
    const now = ctx.clock().toISOString();
    const { model, number } = await orderReceiptModel(
      ctx,
      trx,
      orderId,
      reprint ? { reprintedAt: now } : {},
    );
    const queued = await insertJob(
      ctx,
      {
        kind: 'receipt',
        orderId,
        payload: { format: 'receipt', model },
        reprint,
        createdBy: actorId,
      },
      trx,
    );
    // A second copy of a receipt can pass for a second sale: who asked for one is on record.
    if (reprint) {
      await recordAudit(trx, ctx, {
        type: 'reprint',
        actorId,
        subject: { type: 'order', id: orderId },
        details: { orderNumber: number, printJobId: queued.id },
      });
    }
    return queued;
  });
  ctx.spooler.wake();
  return job;
}

/** POST /api/print-jobs/:id/retry: a failed job goes back to the queue and the worker wakes. */
export async function retryPrintJob(ctx: CoreContext, id: string): Promise<PrintJob> {
  const job = await requeueFailed(ctx, id);
  ctx.spooler.wake();
  return job;
}

/**
 * For the sale path, after its commit: queues the receipt and never throws — a receipt that
 * could not even be queued is logged and the sale's answer stands (the cashier can still press
 * "print receipt", POST /api/orders/:id/receipt). Returns the job, or null when queueing failed.
 */
export async function queueReceiptAfterSale(
  ctx: CoreContext,
  orderId: string,
  actorId: string | null,
): Promise<PrintJob | null> {
  // A till with no printer set up prints nothing by itself (no pile of failed jobs); the cashier
  // can still print on demand once one is configured.
  if (!ctx.spooler.hasPrinter) return null;
  try {
    return await enqueueReceipt(ctx, orderId, actorId);
  } catch (error) {
    ctx.log.error(
      `print queue: the receipt of order ${orderId} could not be queued: ${error instanceof Error ? error.message : String(error)}`,
    );
    return null;
  }
}
