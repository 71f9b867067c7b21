import type { hardwareOps } from '../../src-shared/contract/hardware';
import { RETRY_PRINT_JOBS, VIEW_PRINT_JOBS, requireAnyPermission } from '../core/printing/access';
import {
  hardwareStatus,
  printTestReceipt,
  testCashDrawer,
  testReceiptPdf,
} from '../spooler/diagnostics';
import { getJob, listJobs } from '../core/printing/jobs';
import { enqueueReceipt, retryPrintJob } from '../core/printing/receipts';
import type { Handlers } from './types';

export const hardwareHandlers = {
  diagnosticsReceipt: (call) => testReceiptPdf(call.app.core, call.app.hardware),
  diagnosticsCashDrawer: (call) => testCashDrawer(call.app.hardware),
  diagnosticsPrintTest: (call) =>
    printTestReceipt(
      call.app.core,
      call.app.hardware,
      requireAnyPermission(call.actor, ['diagnostics.run']),
    ),
  diagnosticsHardware: (call) => hardwareStatus(call.app.core, call.app.hardware),
  listPrintJobs: (call, input) => {
    requireAnyPermission(call.actor, VIEW_PRINT_JOBS);
    return listJobs(call.app.core, input);
  },
  getPrintJob: (call, input) => {
    requireAnyPermission(call.actor, VIEW_PRINT_JOBS);
    return getJob(call.app.core, input.id);
  },
  retryPrintJob: (call, input) => {
    requireAnyPermission(call.actor, RETRY_PRINT_JOBS);
    return retryPrintJob(call.app.core, input.id);
  },
  printOrderReceipt: (call, input) =>
    enqueueReceipt(call.app.core, input.id, requireAnyPermission(call.actor, ['orders.create'])),
} satisfies Pick<Handlers, keyof typeof hardwareOps>;
