/**
 * An order's receipt for the screen and as a PDF (issue 10). Printing it is `printOrderReceipt`
 * (hardware.ts); all three come from the same receipt layout model.
 */
import { z } from 'zod';
import { op } from './define';

/** One line as the printer lays it out: padded for alignment, in a fixed-width font. */
export interface ReceiptPreviewLine {
  text: string;
  bold: boolean;
  /** Double width and height: the line holds half as many characters. */
  double: boolean;
}

export interface ReceiptPreview {
  orderId: string;
  number: number;
  /** Characters per line: 48 on 80 mm paper, 32 on 58 mm (this terminal's printer). */
  widthChars: 32 | 48;
  lines: ReceiptPreviewLine[];
  /** A receipt was already printed or queued: printing again makes a REPRINT. */
  printed: boolean;
}

const idInput = z.strictObject({ id: z.string().min(1).max(64) });

export const getOrderReceipt = op<typeof idInput, ReceiptPreview>({
  name: 'getOrderReceipt',
  method: 'GET',
  path: '/orders/:id/receipt',
  access: 'orders.view',
  summary: 'The receipt of an order as the printer lays it out, line by line (for the screen)',
  input: idInput,
});

export const getOrderReceiptPdf = op<typeof idInput, Uint8Array>({
  name: 'getOrderReceiptPdf',
  method: 'GET',
  path: '/orders/:id/receipt.pdf',
  access: 'orders.view',
  produces: 'application/pdf',
  summary: 'The receipt of an order as a receipt-sized PDF',
  input: idInput,
});

export const receiptOps = { getOrderReceipt, getOrderReceiptPdf };
