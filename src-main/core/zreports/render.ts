/**
 * A Z report on paper: the receipt layout model (documents/z-report-model.ts) rendered to PDF, or
 * queued as a print job for the receipt printer — the same lines either way.
 */
import type { PrintJob } from '../../../src-shared/contract/hardware';
import { renderPdf } from '../../documents/pdf-renderer';
import { widthCharsFor } from '../../documents/receipt-model';
import { buildZReportModel } from '../../documents/z-report-model';
import type { CoreContext } from '../context';
import { insertJob } from '../printing/jobs';
import { receiptStore } from '../printing/store';
import { getZReport } from './store';

function widthChars(ctx: CoreContext) {
  return widthCharsFor(ctx.spooler.paperWidthMm);
}

export async function zReportPdf(ctx: CoreContext, number: number): Promise<Buffer> {
  const report = await getZReport(ctx, number);
  const model = buildZReportModel(report, receiptStore(ctx), widthChars(ctx));
  // Dated by the close, so the same report always renders to the same bytes.
  const pdf = await renderPdf(model, {
    creationDate: new Date(report.closedAt),
    title: `Z report ${report.number}`,
  });
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}

/**
 * Queues the report on the receipt printer. It travels as a `receipt`-kind job without an order
 * (print_jobs allows only receipt/test/kitchen, and it is a receipt-format payload); the worker
 * prints it like any receipt, and a failure stays visible and retryable at /api/print-jobs.
 */
export async function printZReport(
  ctx: CoreContext,
  number: number,
  actorId: string,
): Promise<PrintJob> {
  const report = await getZReport(ctx, number);
  const model = buildZReportModel(report, receiptStore(ctx), widthChars(ctx));
  const job = await insertJob(ctx, {
    kind: 'receipt',
    orderId: null,
    payload: { format: 'receipt', model },
    createdBy: actorId,
  });
  ctx.spooler.wake();
  return job;
}
