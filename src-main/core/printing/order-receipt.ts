/**
 * An order's receipt, built once and drawn three ways: queued for the printer (receipts.ts), laid
 * out for the screen, and as a PDF. All three start from `orderReceiptModel`, so what the cashier
 * sees, downloads and hands over are the same lines.
 */
import { sql } from 'kysely';
import type { ReceiptPreview } from '../../../src-shared/contract/receipts';
import { renderPdf } from '../../documents/pdf-renderer';
import { layoutReceipt } from '../../documents/receipt-layout';
import {
  buildReceipt,
  widthCharsFor,
  type ReceiptModel,
  type ReceiptPayment,
} from '../../documents/receipt-model';
import type { CoreContext } from '../context';
import { receiptOrderOf } from '../discounts/receipt-order';
import { loadOrder } from '../orders/read';
import type { Db } from '../../db/schema';
import { hasReceipt } from './jobs';
import { receiptStore } from './store';

async function orderPayments(db: Db, orderId: string): Promise<ReceiptPayment[]> {
  return db
    .selectFrom('payments')
    .select(['method', 'amount', 'tendered', 'change', 'tip'])
    .where('orderId', '=', orderId)
    .orderBy('createdAt')
    .orderBy(sql`rowid`)
    .execute();
}

/** This terminal's paper decides the width; 80 mm when no printer is set up. */
export function receiptWidth(ctx: CoreContext) {
  return widthCharsFor(ctx.spooler.paperWidthMm);
}

export interface OrderReceiptOptions {
  /** Adds the REPRINT banner, dated `reprintedAt`. */
  reprintedAt?: string;
}

/** The layout model of an order's receipt (404 for an unknown order), read through `db`. */
export async function orderReceiptModel(
  ctx: CoreContext,
  db: Db,
  orderId: string,
  opts: OrderReceiptOptions = {},
): Promise<{ model: ReceiptModel; createdAt: string; number: number }> {
  const order = await loadOrder(db, orderId);
  const model = buildReceipt(
    {
      order: receiptOrderOf(order),
      payments: await orderPayments(db, orderId),
      store: receiptStore(ctx),
    },
    {
      widthChars: receiptWidth(ctx),
      ...(opts.reprintedAt ? { reprint: true, reprintedAt: opts.reprintedAt } : {}),
    },
  );
  return { model, createdAt: order.createdAt, number: order.number };
}

/**
 * GET /api/orders/:id/receipt: the receipt as the printer lays it out, line by line, for the
 * screen to draw as text (never as HTML, so an item name cannot inject markup).
 */
export async function orderReceiptPreview(
  ctx: CoreContext,
  orderId: string,
): Promise<ReceiptPreview> {
  return ctx.dbh.db.transaction().execute(async (trx) => {
    const { model, number } = await orderReceiptModel(ctx, trx, orderId);
    return {
      orderId,
      number,
      widthChars: model.widthChars,
      lines: layoutReceipt(model),
      printed: await hasReceipt(trx, orderId),
    };
  });
}

/** GET /api/orders/:id/receipt.pdf: the same receipt as a receipt-sized PDF. */
export async function orderReceiptPdf(ctx: CoreContext, orderId: string): Promise<Buffer> {
  const { model, createdAt, number } = await ctx.dbh.db
    .transaction()
    .execute((trx) => orderReceiptModel(ctx, trx, orderId));
  // Dated by the order, so the same receipt renders to the same bytes.
  const pdf = await renderPdf(model, {
    creationDate: new Date(createdAt),
    title: `Receipt ${number}`,
  });
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}
