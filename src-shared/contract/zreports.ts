/**
 * Section 12: "no sale" drawer opens and Z reports. A Z report is written by POST /api/cash/close
 * in the close's own transaction; these operations read, render and print it.
 */
import { z } from 'zod';
import { drawerId } from './cash';
import { limit, reasonText } from './common';
import { op } from './define';
import type { PrintJob } from './hardware';
import type { DrawerKick } from './payments';

/** A user as the report saw them at the close (a later rename does not rewrite history). */
export interface ZReportUser {
  id: string;
  username: string;
  displayName: string;
}

export interface ByMethod {
  cash: number;
  card: number;
  mobile: number;
  total: number;
}

export interface ZReportMovement {
  id: string;
  type: 'cash_in' | 'cash_out';
  amount: number;
  reason: string | null;
  createdAt: string;
  createdBy: ZReportUser;
}

export interface NoSale {
  id: string;
  sessionId: string;
  reason: string;
  createdAt: string;
  createdBy: string;
}

export interface ZReportNoSale {
  id: string;
  reason: string;
  createdAt: string;
  createdBy: ZReportUser;
}

/**
 * What each person did at this drawer. `varianceShare` splits the drawer's variance in
 * proportion to `cashHandled` (see docs/api.md): a shared drawer cannot tell who miscounted.
 */
export interface ZReportCashier {
  user: ZReportUser;
  cashSales: number;
  cashRefunds: number;
  /** cashSales − cashRefunds */
  netCash: number;
  cashIn: number;
  cashOut: number;
  cardSales: number;
  mobileSales: number;
  noSales: number;
  /** cashSales + cashRefunds + cashIn + cashOut: cash this person moved in or out. */
  cashHandled: number;
  varianceShare: number;
}

export interface ZReport {
  number: number;
  sessionId: string;
  drawerId: string;
  openedAt: string;
  openedBy: ZReportUser;
  closedAt: string;
  closedBy: ZReportUser;
  openingFloat: number;
  /** Captured payments: cash of this session; card and mobile taken while it was open. */
  sales: ByMethod & { count: number };
  /** Refunds: cash out of this drawer; card and mobile made while it was open. */
  refunds: ByMethod & { count: number };
  /** sales − refunds per method. */
  net: ByMethod;
  cashMovements: ZReportMovement[];
  cashIn: number;
  cashOut: number;
  noSales: { count: number; entries: ZReportNoSale[] };
  /**
   * Issue 15: what the drawer's open sensor saw while the session was open: how many times it
   * opened and the longest it stood open (seconds; one still open at the close counts up to the
   * close). Absent on reports closed before the sensor was read.
   */
  drawerSensor?: { opens: number; longestOpenSeconds: number | null };
  /** openingFloat + sales.cash − refunds.cash + cashIn − cashOut */
  expectedCash: number;
  countedCash: number;
  /** countedCash − expectedCash */
  variance: number;
  /** 'none': nobody handled cash; 'single': one person did; 'shared': split by cash handled. */
  varianceAttribution: 'none' | 'single' | 'shared';
  cashiers: ZReportCashier[];
  createdAt: string;
}

export interface ZReportHeader {
  number: number;
  sessionId: string;
  drawerId: string;
  openedAt: string;
  closedAt: string;
  expectedCash: number;
  countedCash: number;
  variance: number;
}

export const noSaleInput = z.strictObject({
  reason: reasonText('give a reason (1–200 characters)'),
  drawerId,
});

export const cashNoSale = op<typeof noSaleInput, { noSale: NoSale; drawer: DrawerKick }>({
  name: 'cashNoSale',
  method: 'POST',
  path: '/cash/no-sale',
  access: 'cash.manage',
  status: 201,
  idempotent: true,
  summary: 'Open the drawer without a sale (audited, counted on the session and its Z report)',
  input: noSaleInput,
});

export const listZReportsInput = z.strictObject({
  drawerId: drawerId.optional(),
  limit: limit.optional(),
  cursor: z.string().max(32).optional(),
});

export const listZReports = op<
  typeof listZReportsInput,
  { reports: ZReportHeader[]; nextCursor: string | null }
>({
  name: 'listZReports',
  method: 'GET',
  path: '/reports/z',
  access: 'reports.view',
  summary: 'Z reports, newest first',
  input: listZReportsInput,
});

/**
 * The path param is `zNumber`, not `number`: a field named `number` is refused everywhere as
 * possible card data (API §5), path params included. The URL is the same.
 */
export const zNumberInput = z.strictObject({
  zNumber: z.coerce
    .number()
    .int('a Z report number is a whole number')
    .min(1)
    .max(Number.MAX_SAFE_INTEGER),
});

export const getZReport = op<typeof zNumberInput, ZReport>({
  name: 'getZReport',
  method: 'GET',
  path: '/reports/z/:zNumber',
  access: 'reports.view',
  summary: 'One Z report as JSON (immutable)',
  input: zNumberInput,
});

export const getZReportPdf = op<typeof zNumberInput, Uint8Array>({
  name: 'getZReportPdf',
  method: 'GET',
  path: '/reports/z/:zNumber/pdf',
  access: 'reports.view',
  produces: 'application/pdf',
  summary: 'One Z report as a receipt-sized PDF',
  input: zNumberInput,
});

export const printZReport = op<typeof zNumberInput, PrintJob>({
  name: 'printZReport',
  method: 'POST',
  path: '/reports/z/:zNumber/print',
  access: 'reports.view',
  status: 201,
  idempotent: true,
  summary: 'Queue a Z report on the receipt printer',
  input: zNumberInput,
});

export const zReportOps = { cashNoSale, listZReports, getZReport, getZReportPdf, printZReport };
