/** Tables of migration 0009: "no sale" drawer opens and the immutable Z reports. */

export interface CashNoSalesTable {
  id: string;
  sessionId: string;
  reason: string;
  createdAt: string;
  createdBy: string;
}

export interface ZReportsTable {
  number: number;
  sessionId: string;
  drawerId: string;
  createdAt: string;
  /** The report as JSON, frozen at the close. */
  report: string;
}

export interface ZReportTables {
  cashNoSales: CashNoSalesTable;
  zReports: ZReportsTable;
}
