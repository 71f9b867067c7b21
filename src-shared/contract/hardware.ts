/**
 * Diagnostics of this terminal's hardware (API §10) and the durable print jobs (API §12).
 */
import { z } from 'zod';
import { limit } from './common';
import { op } from './define';
import type { PrinterStatusView } from '../printer-status';

export type DrawerDriver = 'serial' | 'printer' | 'simulated';

export interface DrawerTestResult {
  ok: true;
  driver: DrawerDriver;
  /** Hex of what was (or, simulated, would have been) sent, e.g. "1b700019fa". */
  bytes: string;
}

export interface PrintTestResult {
  ok: true;
  /** Where it went, e.g. "tcp://192.168.1.50:9100". */
  printer: string;
  /** How many bytes the printer took. */
  bytes: number;
}

/** A hardware setting as this terminal understood it at start-up. */
export interface HardwareSettingStatus {
  /** The raw value (env over stored settings), or null when unset. */
  value: string | null;
  /** What is in use: the canonical form, or "none" after a malformed value. */
  effective: string;
  /** Why the value was refused (the till then runs with `none`); null when it is fine. */
  problem: string | null;
}

export interface PrintQueueCounts {
  queued: number;
  printing: number;
  failed: number;
}

export interface HardwareStatus {
  ok: boolean;
  printer: HardwareSettingStatus & {
    /** The printer's real-time status (DLE EOT); null when unknown (no answer, or no printer). */
    status: PrinterStatusView | null;
    /** When the status was last asked for (ISO); null when it never was. */
    statusReadAt: string | null;
  };
  drawer: HardwareSettingStatus & {
    driver: DrawerDriver;
    /** By the drawer's open sensor (read through the printer); null when unknown. */
    open: boolean | null;
  };
  printJobs: PrintQueueCounts;
}

export const PRINT_JOB_KINDS = ['receipt', 'test', 'kitchen'] as const;
export const PRINT_JOB_STATUSES = ['queued', 'printing', 'done', 'failed'] as const;
export type PrintJobKind = (typeof PRINT_JOB_KINDS)[number];
export type PrintJobStatus = (typeof PRINT_JOB_STATUSES)[number];

export interface PrintJob {
  id: string;
  kind: PrintJobKind;
  orderId: string | null;
  status: PrintJobStatus;
  attempts: number;
  lastError: string | null;
  /** What was wrong but did not stop the job, e.g. "paper near end"; null when nothing. */
  warning: string | null;
  reprint: boolean;
  printer: string | null;
  /** A kitchen ticket's station (it prints on that station's printer); null: this terminal's. */
  stationId: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  printedAt: string | null;
}

const empty = z.object({});
const id = z.string().min(1).max(64);

export const diagnosticsReceipt = op<typeof empty, Uint8Array>({
  name: 'diagnosticsReceipt',
  method: 'GET',
  path: '/diagnostics/receipt',
  access: 'diagnostics.run',
  produces: 'application/pdf',
  summary: 'A test receipt as PDF, with the real layout and the business settings',
  input: empty,
});

export const diagnosticsCashDrawer = op<typeof empty, DrawerTestResult>({
  name: 'diagnosticsCashDrawer',
  method: 'POST',
  path: '/diagnostics/cash-drawer',
  access: 'diagnostics.run',
  summary: 'Kick the cash drawer (503 hardware_unavailable on a fault)',
  input: empty,
});

export const diagnosticsPrintTest = op<typeof empty, PrintTestResult>({
  name: 'diagnosticsPrintTest',
  method: 'POST',
  path: '/diagnostics/print-test',
  access: 'diagnostics.run',
  summary: 'Print the test receipt now (503 hardware_unavailable within 10 s on a fault)',
  input: empty,
});

export const diagnosticsHardware = op<typeof empty, HardwareStatus>({
  name: 'diagnosticsHardware',
  method: 'GET',
  path: '/diagnostics/hardware',
  access: 'diagnostics.run',
  summary: 'Printer and drawer settings as understood, setting problems, print queue counts',
  input: empty,
});

export const listPrintJobsInput = z.strictObject({
  status: z.enum(PRINT_JOB_STATUSES).optional(),
  orderId: id.optional(),
  limit: limit.optional(),
  cursor: z.string().min(1).max(200).optional(),
});

/** Access: `orders.view` or `diagnostics.run` (checked by the use case; see docs/api.md). */
export const listPrintJobs = op<
  typeof listPrintJobsInput,
  { jobs: PrintJob[]; nextCursor: string | null }
>({
  name: 'listPrintJobs',
  method: 'GET',
  path: '/print-jobs',
  access: 'signed_in',
  summary: 'Print jobs, newest first (orders.view or diagnostics.run)',
  input: listPrintJobsInput,
});

const idInput = z.strictObject({ id });

export const getPrintJob = op<typeof idInput, PrintJob>({
  name: 'getPrintJob',
  method: 'GET',
  path: '/print-jobs/:id',
  access: 'signed_in',
  summary: 'One print job (orders.view or diagnostics.run)',
  input: idInput,
});

export const retryPrintJob = op<typeof idInput, PrintJob>({
  name: 'retryPrintJob',
  method: 'POST',
  path: '/print-jobs/:id/retry',
  access: 'signed_in',
  summary: 'Queue a failed job again (orders.create or diagnostics.run)',
  input: idInput,
});

export const printOrderReceipt = op<typeof idInput, PrintJob>({
  name: 'printOrderReceipt',
  method: 'POST',
  path: '/orders/:id/receipt',
  access: 'orders.create',
  status: 201,
  idempotent: true,
  summary: 'Print the receipt of an order, or reprint it (marked REPRINT)',
  input: idInput,
});

export const hardwareOps = {
  diagnosticsReceipt,
  diagnosticsCashDrawer,
  diagnosticsPrintTest,
  diagnosticsHardware,
  listPrintJobs,
  getPrintJob,
  retryPrintJob,
  printOrderReceipt,
};
