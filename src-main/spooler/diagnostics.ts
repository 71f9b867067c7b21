/**
 * The hardware diagnostics of API §10: a PDF test receipt, a drawer kick and a printed test
 * receipt, each saying plainly what is wrong when something is.
 */
import type {
  DrawerTestResult,
  HardwareStatus,
  PrintTestResult,
} from '../../src-shared/contract/hardware';
import { errorMessage, hardwareError } from '../hardware/hardware-error';
import { renderPdf } from '../documents/pdf-renderer';
import { widthCharsFor } from '../documents/receipt-model';
import { buildTestReceipt } from '../documents/test-receipt';
import type { CoreContext } from '../core/context';
import { countJobs, finishJob, insertJob } from '../core/printing/jobs';
import type { HardwareServices } from './services';
import { receiptStore } from '../core/printing/store';

/** print-test must answer within 10 s (API §10); keep a margin for the HTTP round trip. */
export const PRINT_TEST_BUDGET_MS = 9_000;

/** The sample receipt with this shop's settings, exactly as the printer would lay it out. */
export async function testReceiptPdf(ctx: CoreContext, hw: HardwareServices): Promise<Buffer> {
  const now = ctx.clock();
  const model = buildTestReceipt(receiptStore(ctx), widthCharsFor(hw.printQueue.paperWidthMm), now);
  const pdf = await renderPdf(model, { creationDate: now, title: 'Test receipt' });
  // A Buffer view over the same memory: sent as-is, byte for byte.
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}

export async function testCashDrawer(hw: HardwareServices): Promise<DrawerTestResult> {
  const problem = hw.setup.drawerStatus.problem;
  if (problem) {
    throw hardwareError(
      `POS_DRAWER is malformed, so the drawer is simulated until it is fixed: ${problem}`,
      { setting: 'POS_DRAWER', value: hw.setup.drawerStatus.value },
    );
  }
  const result = await hw.drawer.kick();
  if (!result.kicked) {
    throw hardwareError(`cash drawer did not open: ${result.error ?? 'unknown fault'}`, {
      driver: result.driver,
      bytes: result.bytes,
    });
  }
  return { ok: true, driver: result.driver, bytes: result.bytes };
}

/**
 * Prints the test receipt now, ahead of the queue (it waits only for a job already on the
 * printer), and records it as a `test` job so it shows in the print-job list like any other.
 */
export async function printTestReceipt(
  ctx: CoreContext,
  hw: HardwareServices,
  actorId: string,
): Promise<PrintTestResult> {
  const started = Date.now();
  const deadline = started + PRINT_TEST_BUDGET_MS;
  const queue = hw.printQueue;
  const problem = hw.setup.printerStatus.problem;
  if (problem) {
    throw hardwareError(
      `POS_PRINTER is malformed, so printing is off until it is fixed: ${problem}`,
      {
        setting: 'POS_PRINTER',
        value: hw.setup.printerStatus.value,
      },
    );
  }
  if (queue.printer.kind === 'none') {
    throw hardwareError('no printer configured (POS_PRINTER=none)', { printer: 'none' });
  }
  const model = buildTestReceipt(receiptStore(ctx), widthCharsFor(queue.paperWidthMm), ctx.clock());
  const payload = { format: 'receipt' as const, model };
  const job = await insertJob(ctx, {
    kind: 'test',
    payload,
    createdBy: actorId,
    status: 'printing',
    printer: queue.printerName,
  });
  try {
    const result = await queue.withPrinter(
      () =>
        queue.sendChecked(payload, Math.min(queue.timeoutMs, Math.max(1, deadline - Date.now()))),
      deadline - 1_000,
    );
    await finishJob(ctx, job.id, { ok: true });
    return { ok: true, printer: result.printer, bytes: result.bytes };
  } catch (error) {
    await finishJob(ctx, job.id, { ok: false, error: errorMessage(error) });
    throw error;
  }
}

export async function hardwareStatus(
  ctx: CoreContext,
  hw: HardwareServices,
): Promise<HardwareStatus> {
  const { printerStatus, drawerStatus } = hw.setup;
  const reading = await hw.printQueue.freshStatus();
  const status = reading?.status ?? null;
  return {
    ok: printerStatus.problem === null && drawerStatus.problem === null,
    printer: {
      ...printerStatus,
      status: status && {
        online: status.online,
        coverOpen: status.coverOpen,
        paperEnd: status.paperEnd,
        paperNearEnd: status.paperNearEnd,
        error: status.error,
      },
      statusReadAt: reading?.at ?? null,
    },
    drawer: { ...drawerStatus, driver: hw.drawer.driver, open: hw.printQueue.drawerOpen() },
    printJobs: await countJobs(ctx),
  };
}
