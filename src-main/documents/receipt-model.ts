/**
 * The receipt layout model: one list of lines that the ESC/POS, PDF and on-screen renderers all
 * draw, so what the cashier sees is what prints. `buildReceipt` is pure: same order, settings and
 * options in, same lines out (the clock only enters through the order's own timestamps).
 */
import { lineTax } from '../../src-shared/money';
import { formatMoney } from './money';

/** An order line as the API's `Order.items` carries it, plus optional modifier names. */
export interface ReceiptOrderItem {
  name: string;
  unitPrice: number;
  quantity: number;
  taxRateBps: number;
  lineTotal: number;
  note: string | null;
  modifiers?: string[];
  /** Section 12: the line's whole discount (own + share of the order's); the tax base is lineTotal − discount. */
  discount?: number;
  /** The line's own discounts, printed under it. */
  discounts?: ReceiptDiscount[];
}

/** A discount as a receipt prints it ("Discount 10%"), amount in minor units (positive). */
export interface ReceiptDiscount {
  label: string;
  amount: number;
}

/** A payment as the API's `Payment` carries it (only what a receipt needs). */
export interface ReceiptPayment {
  method: 'cash' | 'card' | 'mobile';
  amount: number;
  tendered: number | null;
  change: number | null;
  /** Section 12: card and mobile tips, charged on top of `amount`. */
  tip?: number;
}

/** A snapshot of the API's `Order`; money fields are integer minor units. */
export interface ReceiptOrder {
  id: string;
  number: number;
  status: string;
  items: ReceiptOrderItem[];
  subtotal: number;
  /** Section 12: order discounts (spread over the lines), printed under the subtotal. */
  discounts?: ReceiptDiscount[];
  tax: number;
  total: number;
  paid: number;
  refunded: number;
  balance: number;
  /** ISO 8601 UTC. */
  createdAt: string;
}

/** The business settings a receipt shows. */
export interface StoreSettings {
  storeName: string;
  addressLines?: string[];
  /** ISO 4217 code, e.g. 'EUR'. */
  currency: string;
  /** BCP 47 tag for number formatting, e.g. 'fr-FR'. Default 'en-US'. */
  locale?: string;
  /** VAT/GST registration number, printed under the address when set. */
  taxNumber?: string;
  /** Lines above the order (a welcome, opening hours), when set. */
  header?: string;
  footer?: string;
  /** IANA zone the shop is in, e.g. 'Europe/Paris'. Default 'UTC'. */
  timeZone?: string;
}

export interface ReceiptInput {
  order: ReceiptOrder;
  payments: ReceiptPayment[];
  store: StoreSettings;
}

/** Characters per line of font A: 32 on 58 mm paper, 48 on 80 mm paper. */
export type ReceiptWidth = 32 | 48;
export type PaperWidthMm = 58 | 80;

export function widthCharsFor(paper: PaperWidthMm): ReceiptWidth {
  return paper === 58 ? 32 : 48;
}

export function paperWidthFor(widthChars: ReceiptWidth): PaperWidthMm {
  return widthChars === 32 ? 58 : 80;
}

export interface ReceiptOptions {
  widthChars: ReceiptWidth;
  /** A reprint carries a loud REPRINT banner so it can't pass for a second sale. */
  reprint?: boolean;
  /** When the reprint was made (ISO 8601 UTC), shown under the banner. */
  reprintedAt?: string;
  /** A banner above the order, e.g. 'TEST RECEIPT'. */
  title?: string;
}

export type Align = 'left' | 'center' | 'right';

export type ReceiptLine =
  | { kind: 'text'; text: string; align: Align; bold?: boolean; double?: boolean; indent?: number }
  | {
      kind: 'columns';
      left: string;
      right: string;
      bold?: boolean;
      indent?: number;
      /** Extra indent of the label's continuation lines when it wraps. */
      hang?: number;
    }
  | { kind: 'separator'; char: '-' | '=' }
  | { kind: 'blank' };

export interface ReceiptModel {
  widthChars: ReceiptWidth;
  lines: ReceiptLine[];
}

const METHOD_LABELS: Record<ReceiptPayment['method'], string> = {
  cash: 'Cash',
  card: 'Card',
  mobile: 'Mobile',
};

/** "2026-11-25 11:15" in the shop's zone: locale-independent, so it reads the same everywhere. */
export function formatLocalTime(iso: string, timeZone = 'UTC'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a timestamp: ${iso}`);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

function percent(bps: number, locale = 'en-US'): string {
  // 800 → "8%", 550 → "5.5%" ("5,5 %" in fr-FR): basis points never need more than 2 decimals.
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 })
    .format(bps / 10000)
    .replace(/[\u00a0\u202f]/g, ' ');
}

/**
 * Tax rows per rate when the per-line rounding reproduces the order's tax exactly; one "Tax" row
 * otherwise (e.g. an order-level discount changed the base), so a receipt never shows rows that
 * don't add up to its total.
 */
function taxRows(order: ReceiptOrder, locale?: string): { label: string; amount: number }[] {
  const byRate = new Map<number, number>();
  for (const item of order.items) {
    if (item.taxRateBps <= 0) continue;
    byRate.set(
      item.taxRateBps,
      (byRate.get(item.taxRateBps) ?? 0) +
        lineTax(item.lineTotal - (item.discount ?? 0), item.taxRateBps),
    );
  }
  const sum = [...byRate.values()].reduce((a, b) => a + b, 0);
  if (byRate.size === 0 || sum !== order.tax) return [{ label: 'Tax', amount: order.tax }];
  return [...byRate.entries()]
    .sort(([a], [b]) => a - b)
    .map(([bps, amount]) => ({ label: `Tax ${percent(bps, locale)}`, amount }));
}

export function buildReceipt(input: ReceiptInput, options: ReceiptOptions): ReceiptModel {
  const { order, payments, store } = input;
  const money = (minor: number): string => formatMoney(minor, store.currency, store.locale);
  const lines: ReceiptLine[] = [];
  const rule = (char: '-' | '=' = '-'): void => void lines.push({ kind: 'separator', char });
  const row = (
    left: string,
    right: string,
    extra: { bold?: boolean; indent?: number; hang?: number } = {},
  ) => void lines.push({ kind: 'columns', left, right, ...extra });

  lines.push({ kind: 'text', text: store.storeName, align: 'center', bold: true, double: true });
  for (const address of store.addressLines ?? []) {
    lines.push({ kind: 'text', text: address, align: 'center' });
  }
  if (store.taxNumber) {
    lines.push({ kind: 'text', text: `Tax no. ${store.taxNumber}`, align: 'center' });
  }
  lines.push({ kind: 'blank' });
  if (store.header) {
    for (const text of store.header.split('\n')) {
      lines.push({ kind: 'text', text, align: 'center' });
    }
    lines.push({ kind: 'blank' });
  }

  if (options.title) {
    lines.push({ kind: 'text', text: options.title, align: 'center', bold: true, double: true });
  }
  if (options.reprint) {
    rule('=');
    lines.push({
      kind: 'text',
      text: '*** REPRINT ***',
      align: 'center',
      bold: true,
      double: true,
    });
    if (options.reprintedAt) {
      lines.push({
        kind: 'text',
        text: `Reprinted ${formatLocalTime(options.reprintedAt, store.timeZone)}`,
        align: 'center',
      });
    }
    rule('=');
  }
  if (order.status === 'cancelled' || order.status === 'refunded') {
    lines.push({ kind: 'text', text: order.status.toUpperCase(), align: 'center', bold: true });
  }

  row(`Order #${order.number}`, formatLocalTime(order.createdAt, store.timeZone), { bold: true });
  rule();

  for (const item of order.items) {
    const quantity = `${item.quantity} × `;
    row(quantity + item.name, money(item.lineTotal), { hang: [...quantity].length });
    if (item.quantity > 1) {
      lines.push({
        kind: 'text',
        text: `@ ${money(item.unitPrice)}`,
        align: 'left',
        indent: 4,
      });
    }
    for (const modifier of item.modifiers ?? []) {
      lines.push({ kind: 'text', text: `+ ${modifier}`, align: 'left', indent: 4 });
    }
    for (const d of item.discounts ?? []) row(d.label, money(-d.amount), { indent: 4 });
    if (item.note) {
      lines.push({ kind: 'text', text: `Note: ${item.note}`, align: 'left', indent: 4 });
    }
  }
  rule();

  row('Subtotal', money(order.subtotal));
  for (const d of order.discounts ?? []) row(d.label, money(-d.amount));
  for (const tax of taxRows(order, store.locale)) row(tax.label, money(tax.amount));
  row('TOTAL', money(order.total), { bold: true });

  if (payments.length > 0) {
    rule();
    for (const payment of payments) {
      row(METHOD_LABELS[payment.method] ?? payment.method, money(payment.amount));
      if (payment.tendered !== null && payment.tendered !== payment.amount) {
        row('Tendered', money(payment.tendered), { indent: 2 });
      }
      if (payment.change !== null && payment.change > 0) {
        row('Change', money(payment.change), { indent: 2, bold: true });
      }
      if (payment.tip !== undefined && payment.tip > 0) {
        row('Tip', money(payment.tip), { indent: 2 });
        row('Charged', money(payment.amount + payment.tip), { indent: 2 });
      }
    }
  }
  if (order.refunded > 0) row('Refunded', money(order.refunded));
  if (order.balance > 0) row('Balance due', money(order.balance), { bold: true });

  rule();
  // A short order reference lets staff find the order again for a reprint or a refund.
  lines.push({ kind: 'text', text: `Ref ${order.id.slice(0, 8)}`, align: 'center' });
  if (store.footer) {
    lines.push({ kind: 'blank' });
    for (const text of store.footer.split('\n')) {
      lines.push({ kind: 'text', text, align: 'center' });
    }
  }
  return { widthChars: options.widthChars, lines };
}
