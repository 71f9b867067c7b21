/**
 * A Z report as a receipt layout model: the same model the ESC/POS and PDF renderers draw for
 * receipts, so the PDF (GET /api/reports/z/:number/pdf) and the paper from the receipt printer
 * (POST /api/reports/z/:number/print) show the same lines. Pure: same report in, same lines out.
 */
import type { ZReport, ZReportUser } from '../../src-shared/contract/zreports';
import { formatMoney } from './money';
import {
  formatLocalTime,
  type ReceiptLine,
  type ReceiptModel,
  type ReceiptWidth,
  type StoreSettings,
} from './receipt-model';

function name(u: ZReportUser): string {
  return u.displayName || u.username;
}

export function buildZReportModel(
  report: ZReport,
  store: StoreSettings,
  widthChars: ReceiptWidth,
): ReceiptModel {
  const money = (minor: number): string => formatMoney(minor, store.currency, store.locale);
  const time = (iso: string): string => formatLocalTime(iso, store.timeZone);
  const lines: ReceiptLine[] = [];
  const rule = (char: '-' | '=' = '-'): void => void lines.push({ kind: 'separator', char });
  const row = (left: string, right: string, extra: { bold?: boolean; indent?: number } = {}) =>
    void lines.push({ kind: 'columns', left, right, ...extra });
  const heading = (text: string): void =>
    void lines.push({ kind: 'text', text, align: 'left', bold: true });
  const note = (text: string, indent = 4): void =>
    void lines.push({ kind: 'text', text, align: 'left', indent });

  lines.push({ kind: 'text', text: store.storeName, align: 'center', bold: true, double: true });
  for (const address of store.addressLines ?? []) {
    lines.push({ kind: 'text', text: address, align: 'center' });
  }
  lines.push({ kind: 'blank' });
  lines.push({
    kind: 'text',
    text: `Z REPORT #${report.number}`,
    align: 'center',
    bold: true,
    double: true,
  });
  lines.push({ kind: 'text', text: `Drawer ${report.drawerId}`, align: 'center' });
  rule('=');
  row('Opened', time(report.openedAt));
  row('by', name(report.openedBy), { indent: 2 });
  row('Closed', time(report.closedAt));
  row('by', name(report.closedBy), { indent: 2 });
  rule();

  const methods = (title: string, t: ZReport['sales']): void => {
    heading(`${title} (${t.count})`);
    row('Cash', money(t.cash), { indent: 2 });
    row('Card', money(t.card), { indent: 2 });
    row('Mobile', money(t.mobile), { indent: 2 });
    row('Total', money(t.total), { indent: 2, bold: true });
  };
  methods('SALES', report.sales);
  methods('REFUNDS', report.refunds);
  heading('NET');
  row('Cash', money(report.net.cash), { indent: 2 });
  row('Card', money(report.net.card), { indent: 2 });
  row('Mobile', money(report.net.mobile), { indent: 2 });
  row('Total', money(report.net.total), { indent: 2, bold: true });
  rule();

  heading('CASH DRAWER');
  row('Opening float', money(report.openingFloat), { indent: 2 });
  row('+ Cash sales', money(report.sales.cash), { indent: 2 });
  row('- Cash refunds', money(report.refunds.cash), { indent: 2 });
  row('+ Cash in', money(report.cashIn), { indent: 2 });
  row('- Cash out', money(report.cashOut), { indent: 2 });
  row('Expected', money(report.expectedCash), { indent: 2, bold: true });
  row('Counted', money(report.countedCash), { indent: 2, bold: true });
  row('VARIANCE', money(report.variance), { bold: true });
  rule();

  if (report.cashMovements.length > 0) {
    heading('CASH MOVEMENTS');
    for (const m of report.cashMovements) {
      const sign = m.type === 'cash_in' ? 'In ' : 'Out';
      row(`${sign} ${time(m.createdAt)} ${name(m.createdBy)}`, money(m.amount), { indent: 2 });
      if (m.reason) note(m.reason);
    }
    rule();
  }

  heading(`NO SALE (${report.noSales.count})`);
  for (const n of report.noSales.entries) {
    row(time(n.createdAt), name(n.createdBy), { indent: 2 });
    note(n.reason);
  }
  rule();

  // The sensor's count, where the drawer has one the printer reads.
  if (report.drawerSensor && report.drawerSensor.opens > 0) {
    const longest = report.drawerSensor.longestOpenSeconds ?? 0;
    row('Drawer opened', `${report.drawerSensor.opens}x`);
    row('Longest open', `${Math.floor(longest / 60)}:${String(longest % 60).padStart(2, '0')}`, {
      indent: 2,
    });
    rule();
  }

  heading('BY CASHIER');
  for (const c of report.cashiers) {
    row(name(c.user), money(c.netCash), { indent: 2, bold: true });
    row('Cash sales', money(c.cashSales), { indent: 4 });
    row('Cash refunds', money(c.cashRefunds), { indent: 4 });
    if (c.cashIn || c.cashOut) {
      row('Cash in / out', `${money(c.cashIn)} / ${money(c.cashOut)}`, { indent: 4 });
    }
    row('Card / mobile', `${money(c.cardSales)} / ${money(c.mobileSales)}`, { indent: 4 });
    if (c.noSales) row('No sale', String(c.noSales), { indent: 4 });
    row('Variance share', money(c.varianceShare), { indent: 4 });
  }
  if (report.varianceAttribution === 'shared') {
    note('Shared drawer: variance split by cash handled', 0);
  } else if (report.varianceAttribution === 'none' && report.variance !== 0) {
    note('No cash handled: variance not attributed', 0);
  }
  rule('=');
  lines.push({ kind: 'text', text: `Session ${report.sessionId.slice(0, 8)}`, align: 'center' });
  return { widthChars, lines };
}
